package dev.fulcrum.console;

import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What the order list does besides listing: bulk actions on the selected orders (hold, release, cancel; at most
 * {@link #BULK_CAP} per submit, each order on its own so one refusal does not stop the others) and the user's saved
 * filters.
 */
@Controller
class OrderListActions {

    /** The most orders one bulk submit acts on; the page says so and refuses more. */
    static final int BULK_CAP = 100;

    static final List<String> BULK_ACTIONS = List.of("hold", "release", "cancel");

    private final OrderActions actions;
    private final OrderManagement orders;
    private final SavedFilters savedFilters;

    OrderListActions(OrderActions actions, OrderManagement orders, SavedFilters savedFilters) {
        this.actions = actions;
        this.orders = orders;
        this.savedFilters = savedFilters;
    }

    /** One order's outcome of a bulk action. */
    record BulkOutcome(
            String orderId,
            String externalId,
            boolean done,
            @Nullable String reason) {}

    /** What a bulk submit did; {@code selected} is how many distinct orders were ticked. */
    record BulkResult(
            String action,
            List<BulkOutcome> outcomes,
            @Nullable String problem,
            int selected) {

        public long doneCount() {
            return outcomes.stream().filter(BulkOutcome::done).count();
        }

        public long refusedCount() {
            return outcomes.size() - doneCount();
        }
    }

    @PostMapping("/orders/bulk")
    String bulk(
            @RequestParam(defaultValue = "") String action,
            @RequestParam(name = "orderId", required = false) @Nullable List<String> orderIds,
            @RequestParam(defaultValue = "manual") String type,
            @RequestParam(defaultValue = "") String reason,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        ConsoleRoles.requireMayAct();
        Set<String> chosen = orderIds == null ? Set.of() : new LinkedHashSet<>(orderIds);
        BulkResult result;
        if (!BULK_ACTIONS.contains(action)) {
            result = new BulkResult(action, List.of(), "bulk.problem.action", chosen.size());
        } else if (chosen.isEmpty()) {
            result = new BulkResult(action, List.of(), "bulk.problem.none", chosen.size());
        } else if (chosen.size() > BULK_CAP) {
            result = new BulkResult(action, List.of(), "bulk.problem.cap", chosen.size());
        } else if (action.equals("hold") && reason.isBlank()) {
            result = new BulkResult(action, List.of(), "bulk.problem.reason", chosen.size());
        } else {
            List<BulkOutcome> outcomes = new ArrayList<>();
            for (String id : chosen) {
                outcomes.add(apply(action, id, type, reason.strip()));
            }
            result = new BulkResult(action, outcomes, null, chosen.size());
        }
        model.addAttribute("bulk", result);
        model.addAttribute("bulkCap", BULK_CAP);
        if ("true".equals(htmx)) {
            // The list shows the orders' new state at once, without waiting for the live stream.
            response.setHeader("HX-Trigger", "fulcrum-orders-changed");
            return "console/orders :: bulkResult";
        }
        redirect.addFlashAttribute("bulk", result);
        return "redirect:/orders";
    }

    private BulkOutcome apply(String action, String id, String type, String reason) {
        Optional<OrderId> orderId = OrderId.parse(id);
        Optional<Order> order = orderId.flatMap(orders::find);
        if (orderId.isEmpty() || order.isEmpty()) {
            return new BulkOutcome(id, id, false, "order " + id + " does not exist");
        }
        String externalId = order.get().externalId();
        try {
            switch (action) {
                case "hold" -> actions.hold(orderId.get(), type, reason);
                case "release" -> actions.release(orderId.get(), type.isBlank() ? null : type);
                case "cancel" -> actions.cancel(orderId.get(), Set.of(), reason.isEmpty() ? null : reason);
                default -> throw new IllegalArgumentException(action);
            }
            return new BulkOutcome(id, externalId, true, null);
        } catch (ApiProblem refused) {
            return new BulkOutcome(id, externalId, false, refused.getMessage());
        }
    }

    @PostMapping("/orders/filters")
    String saveFilter(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String query) {
        String kept = query.startsWith("?") ? query.substring(1) : query;
        // The query is the list's own encoded query string; anything else is not a filter the list made.
        if (!kept.matches("[A-Za-z0-9%&=._~+-]*")) {
            throw ApiProblem.invalid("query", "is not a filter of the order list");
        }
        savedFilters.save(name, kept);
        return "redirect:/orders" + (kept.isEmpty() ? "" : "?" + kept);
    }

    @PostMapping("/orders/filters/{id}/delete")
    String deleteFilter(@PathVariable String id) {
        try {
            savedFilters.delete(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("saved filter " + id + " does not exist");
        }
        return "redirect:/orders";
    }
}

package dev.fulcrum.console;

import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.order.Address;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.sourcing.SourcingDecision;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The actions of the order page: pay, hold, release, cancel, ship, deliver, change the shipping address, source again.
 * Each is a form that htmx posts; the answer is the order's content as it is now, with a message saying what
 * happened or why it was refused (swapped in place). Without JavaScript the same forms answer with the whole page.
 * Refusals keep their status for a plain request; an htmx request gets 200 so that the message is swapped in.
 */
@Controller
class OrderActionPages {

    private final OrderActions actions;
    private final OrderManagement orders;
    private final PublicEventLog events;

    OrderActionPages(OrderActions actions, OrderManagement orders, PublicEventLog events) {
        this.actions = actions;
        this.orders = orders;
        this.events = events;
    }

    @PostMapping("/orders/{id}/pay")
    String pay(
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = orderId(id);
        return act(orderId, htmx, model, response, () -> {
            actions.pay(orderId);
            return ActionOutcome.done("outcome.paid");
        });
    }

    @PostMapping("/orders/{id}/hold")
    String hold(
            @PathVariable String id,
            @RequestParam(defaultValue = "manual") String type,
            @RequestParam(defaultValue = "") String reason,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = orderId(id);
        return act(orderId, htmx, model, response, () -> {
            if (reason.isBlank()) {
                throw ApiProblem.invalid("reason", "is required: say why the order waits");
            }
            actions.hold(orderId, type, reason.strip());
            return ActionOutcome.done("outcome.held");
        });
    }

    @PostMapping("/orders/{id}/release")
    String release(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String type,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = orderId(id);
        return act(orderId, htmx, model, response, () -> {
            actions.release(orderId, type == null || type.isBlank() ? null : type);
            return ActionOutcome.done("outcome.released");
        });
    }

    @PostMapping("/orders/{id}/cancel")
    String cancel(
            @PathVariable String id,
            @RequestParam(name = "line", required = false) @Nullable List<Integer> lines,
            @RequestParam(defaultValue = "") String reason,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = orderId(id);
        return act(orderId, htmx, model, response, () -> {
            Set<Integer> chosen = lines == null ? Set.of() : new LinkedHashSet<>(lines);
            actions.cancel(orderId, chosen, reason.isBlank() ? null : reason.strip());
            return ActionOutcome.done("outcome.cancelled");
        });
    }

    /** Quantities come as {@code ship.<lineNo>}; at least one must be above zero (nothing given would ship all). */
    @PostMapping("/orders/{id}/ship")
    String ship(
            @PathVariable String id,
            @RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = orderId(id);
        return act(orderId, htmx, model, response, () -> {
            List<LineQuantity> quantities = quantities(form, "ship");
            actions.ship(
                    orderId,
                    quantities,
                    blankToNull(form.getFirst("carrier")),
                    blankToNull(form.getFirst("trackingNumber")));
            return ActionOutcome.done("outcome.shipped", units(quantities));
        });
    }

    @PostMapping("/orders/{id}/deliver")
    String deliver(
            @PathVariable String id,
            @RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = orderId(id);
        return act(orderId, htmx, model, response, () -> {
            List<LineQuantity> quantities = quantities(form, "deliver");
            actions.deliver(orderId, quantities);
            return ActionOutcome.done("outcome.delivered", units(quantities));
        });
    }

    @PostMapping("/orders/{id}/address")
    String amendAddress(
            @PathVariable String id,
            @RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = orderId(id);
        return act(orderId, htmx, model, response, () -> {
            List<FieldProblem> problems = new ArrayList<>();
            String name = required(form, "name", problems);
            String line1 = required(form, "line1", problems);
            String city = required(form, "city", problems);
            String country = required(form, "country", problems);
            if (!country.isEmpty() && !country.matches("[A-Z]{2}")) {
                problems.add(
                        new FieldProblem("country", "must be an ISO 3166 code of two capital letters, such as CN"));
            }
            if (!problems.isEmpty()) {
                throw ApiProblem.invalid(problems);
            }
            Order order = actions.get(orderId);
            if (order.totalQuantity(q -> q.allocated()) > 0) {
                throw ApiProblem.conflict(
                        "address-after-allocation",
                        "units of this order are allocated already: the address can be changed before allocation only");
            }
            Address before = order.shippingAddress();
            actions.amendShippingAddress(
                    orderId,
                    new Address(
                            name,
                            blankToNull(form.getFirst("phone")),
                            line1,
                            blankToNull(form.getFirst("line2")),
                            city,
                            blankToNull(form.getFirst("region")),
                            blankToNull(form.getFirst("postalCode")),
                            country,
                            sameCity(before, city, country) ? before.latitude() : null,
                            sameCity(before, city, country) ? before.longitude() : null));
            return ActionOutcome.done("outcome.addressChanged");
        });
    }

    @PostMapping("/orders/{id}/resource")
    String resource(
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = orderId(id);
        return act(orderId, htmx, model, response, () -> {
            Optional<SourcingDecision> decision = actions.resource(orderId);
            return decision.map(d -> ActionOutcome.done("outcome.resourced", d.status()))
                    .orElseGet(() -> ActionOutcome.done("outcome.nothingToSource"));
        });
    }

    private String act(
            OrderId orderId,
            @Nullable String htmx,
            Model model,
            HttpServletResponse response,
            Supplier<ActionOutcome> action) {
        ConsoleRoles.requireMayAct();
        ActionOutcome outcome;
        try {
            outcome = action.get();
        } catch (ApiProblem problem) {
            if (problem.status() == 404 && orders.find(orderId).isEmpty()) {
                throw problem;
            }
            outcome = ActionOutcome.refused(problem);
            if (!"true".equals(htmx)) {
                response.setStatus(problem.status());
            }
        }
        model.addAttribute("outcome", outcome);
        model.addAttribute("liveAfter", events.head().toString());
        Order order = orders.get(orderId);
        model.addAttribute("order", order);
        model.addAttribute("timeline", orders.timeline(orderId));
        model.addAttribute("can", ActionHints.of(order, true));
        model.addAttribute("holdTypes", OrderPages.holdTypes());
        return "true".equals(htmx) ? "console/order-acted :: acted" : "console/order";
    }

    private static List<LineQuantity> quantities(MultiValueMap<String, String> form, String prefix) {
        List<LineQuantity> quantities = new ArrayList<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (Map.Entry<String, List<String>> field : form.entrySet()) {
            if (!field.getKey().startsWith(prefix + ".")) {
                continue;
            }
            String value = field.getValue().isEmpty()
                    ? ""
                    : field.getValue().getFirst().strip();
            if (value.isEmpty()) {
                continue;
            }
            try {
                int lineNo = Integer.parseInt(field.getKey().substring(prefix.length() + 1));
                int quantity = Integer.parseInt(value);
                if (quantity < 0) {
                    problems.add(new FieldProblem(field.getKey(), "must not be negative"));
                } else if (quantity > 0) {
                    quantities.add(new LineQuantity(lineNo, null, quantity));
                }
            } catch (NumberFormatException notANumber) {
                problems.add(new FieldProblem(field.getKey(), "must be a whole number"));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        if (quantities.isEmpty()) {
            throw ApiProblem.invalid("lines", "enter a quantity above 0 for at least one line");
        }
        return quantities;
    }

    private static int units(List<LineQuantity> quantities) {
        return quantities.stream().mapToInt(LineQuantity::quantity).sum();
    }

    private static String required(MultiValueMap<String, String> form, String field, List<FieldProblem> problems) {
        @Nullable String value = blankToNull(form.getFirst(field));
        if (value == null) {
            problems.add(new FieldProblem(field, "is required"));
            return "";
        }
        return value;
    }

    /** Coordinates stay only while the city does; a new city is placed by sourcing's own estimate. */
    private static boolean sameCity(Address before, String city, String country) {
        return before.city().equals(city) && before.country().equals(country);
    }

    static OrderId orderId(String id) {
        return OrderId.parse(id).orElseThrow(() -> ApiProblem.notFound("order " + id + " does not exist"));
    }

    static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

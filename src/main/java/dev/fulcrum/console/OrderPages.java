package dev.fulcrum.console;

import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.order.Hold;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderPage;
import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

/** The order list with its filters, and the page of one order. */
@Controller
class OrderPages {

    static final int PAGE_SIZE = 50;
    static final List<String> KNOWN_CHANNELS = List.of("web", "shopify", "tmall", "amazon", "store");

    private final OrderManagement orders;
    private final ConsoleFormat format;
    private final PublicEventLog events;
    private final SavedFilters savedFilters;

    OrderPages(OrderManagement orders, ConsoleFormat format, PublicEventLog events, SavedFilters savedFilters) {
        this.savedFilters = savedFilters;
        this.orders = orders;
        this.format = format;
        this.events = events;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/orders";
    }

    /**
     * The whole page, or only the list when htmx asks for it (the filter form and the "next" link swap the list in
     * place); a history restore gets the whole page again.
     */
    @GetMapping("/orders")
    String list(
            @ModelAttribute("filter") OrderFilter filter,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) @Nullable String historyRestore,
            Model model,
            HttpServletResponse response) {
        // Read before the list: the live stream resumes here, so a change committed while the page renders still
        // arrives.
        model.addAttribute("liveAfter", events.head().toString());
        OrderPage page = orders.list(filter.toQuery(format.zone(), PAGE_SIZE));
        model.addAttribute("page", page);
        model.addAttribute("nextUri", page.next() == null ? null : filter.uri(page.next()));
        model.addAttribute("firstUri", filter.uri(null));
        model.addAttribute("statuses", OrderStatus.values());
        model.addAttribute("channels", KNOWN_CHANNELS);
        model.addAttribute("canAct", ConsoleRoles.mayAct());
        model.addAttribute("holdTypes", holdTypes());
        model.addAttribute("bulkCap", OrderListActions.BULK_CAP);
        model.addAttribute("filterQuery", filter.query());
        model.addAttribute("savedFilters", savedFilters.mine());
        response.setHeader("Vary", "HX-Request");
        boolean fragment = "true".equals(htmx) && !"true".equals(historyRestore);
        return fragment ? "console/orders :: list" : "console/orders";
    }

    /** The whole page, or only its content when htmx asks (the live update refreshes it in place). */
    @GetMapping("/orders/{id}")
    String order(
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) @Nullable String historyRestore,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = OrderId.parse(id).orElseThrow(() -> ApiProblem.notFound("order " + id + " does not exist"));
        model.addAttribute("liveAfter", events.head().toString());
        Order order = orders.get(orderId);
        model.addAttribute("order", order);
        model.addAttribute("timeline", orders.timeline(orderId));
        model.addAttribute("can", ActionHints.of(order, ConsoleRoles.mayAct()));
        model.addAttribute("holdTypes", holdTypes());
        response.setHeader("Vary", "HX-Request");
        boolean fragment = "true".equals(htmx) && !"true".equals(historyRestore);
        return fragment ? "console/order :: content" : "console/order";
    }

    /** The hold types a person may choose, manual first (the usual one). */
    static List<String> holdTypes() {
        List<String> types = new java.util.ArrayList<>(new java.util.TreeSet<>(Hold.TYPES));
        types.remove("manual");
        types.addFirst("manual");
        return types;
    }
}

package dev.fulcrum.console;

import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.order.OrderSummary;
import dev.fulcrum.returns.ReceivedLine;
import dev.fulcrum.returns.Return;
import dev.fulcrum.returns.ReturnCounts;
import dev.fulcrum.returns.ReturnQuery;
import dev.fulcrum.returns.ReturnStatus;
import dev.fulcrum.returns.Returns;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The returns queue with its filters and counts, the page of one return, and the returns card of the order page
 * (loaded with htmx, with the "start a return" form). Reads only; the actions are {@link ReturnActionPages}.
 */
@Controller
class ReturnPages {

    static final int PAGE_SIZE = 50;

    private final Returns returns;
    private final ReturnCounts counts;
    private final OrderManagement orders;
    private final ConsoleFormat format;
    private final ReturnFormat returnFormat;

    ReturnPages(
            Returns returns,
            ReturnCounts counts,
            OrderManagement orders,
            ConsoleFormat format,
            ReturnFormat returnFormat) {
        this.returns = returns;
        this.counts = counts;
        this.orders = orders;
        this.format = format;
        this.returnFormat = returnFormat;
    }

    @ModelAttribute("rf")
    ReturnFormat returnFormat() {
        return returnFormat;
    }

    /** The whole queue, or only the list when htmx asks for it (the filter form and the pager swap it in place). */
    @GetMapping("/returns")
    String queue(
            @ModelAttribute("filter") ReturnFilter filter,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) @Nullable String historyRestore,
            Model model,
            HttpServletResponse response) {
        Optional<OrderId> order = orderOf(filter.orderText());
        ReturnQuery.Page page = filter.orderText() != null && order.isEmpty()
                ? new ReturnQuery.Page(List.of(), null)
                : returns.list(filter.toQuery(order.orElse(null), format.zone(), PAGE_SIZE));
        model.addAttribute("page", page);
        model.addAttribute("externalIds", externalIds(page.items()));
        model.addAttribute("nextUri", page.next() == null ? null : filter.uri(page.next()));
        model.addAttribute("firstUri", filter.uri(null));
        model.addAttribute("statuses", ReturnStatus.values());
        model.addAttribute("statusCounts", statusCounts());
        Map<String, Integer> reasonCounts = counts.byReason();
        model.addAttribute("reasonCounts", reasonCounts);
        LinkedHashSet<String> reasons =
                new LinkedHashSet<>(returns.policy().policy().reasons());
        reasons.addAll(reasonCounts.keySet());
        model.addAttribute("reasons", List.copyOf(reasons));
        model.addAttribute("canAct", ConsoleRoles.mayAct());
        response.setHeader("Vary", "HX-Request");
        boolean fragment = "true".equals(htmx) && !"true".equals(historyRestore);
        return fragment ? "console/returns :: list" : "console/returns";
    }

    /** The whole page of a return, or only its content when htmx asks. */
    @GetMapping("/returns/{id}")
    String returnPage(
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            @RequestHeader(name = "HX-History-Restore-Request", required = false) @Nullable String historyRestore,
            Model model,
            HttpServletResponse response) {
        describe(returns.get(returnId(id)), ConsoleRoles.mayAct(), model);
        response.setHeader("Vary", "HX-Request");
        boolean fragment = "true".equals(htmx) && !"true".equals(historyRestore);
        return fragment ? "console/return :: content" : "console/return";
    }

    /** The returns card of the order page: its returns with links, and the form to start one. */
    @GetMapping("/orders/{id}/returns")
    String ofOrder(
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        describeOrder(OrderActionPages.orderId(id), model);
        boolean fragment = "true".equals(htmx);
        model.addAttribute("standalone", !fragment);
        response.setHeader("Vary", "HX-Request");
        return fragment ? "console/order-returns :: returns" : "console/order-returns";
    }

    /** What the return page shows: the return, its order, and the actions its status allows. */
    void describe(Return returned, boolean mayAct, Model model) {
        model.addAttribute("returned", returned);
        model.addAttribute("order", orders.find(returned.orderId()).orElse(null));
        model.addAttribute("can", ReturnHints.of(returned, mayAct));
        model.addAttribute("conditions", ReceivedLine.CONDITIONS);
    }

    /** What the returns card of the order page shows. */
    void describeOrder(OrderId orderId, Model model) {
        Order order = orders.get(orderId);
        model.addAttribute("order", order);
        model.addAttribute("returns", returns.forOrder(orderId));
        boolean returnable =
                order.lines().stream().anyMatch(line -> line.quantities().returnable() > 0);
        model.addAttribute("canStart", returnable && ConsoleRoles.mayAct());
        model.addAttribute("returnable", returnable);
        model.addAttribute("reasons", returns.policy().policy().reasons());
        model.addAttribute("resolutions", Return.RESOLUTIONS);
        model.addAttribute("methods", Return.METHODS);
    }

    /** Every status with its count, zero included, in the order of the statuses. */
    private List<Map.Entry<ReturnStatus, Integer>> statusCounts() {
        Map<String, Integer> byStatus = returns.countsByStatus();
        List<Map.Entry<ReturnStatus, Integer>> entries = new ArrayList<>();
        for (ReturnStatus status : ReturnStatus.values()) {
            entries.add(Map.entry(status, byStatus.getOrDefault(status.wireName(), 0)));
        }
        return entries;
    }

    /** The external ids of the orders of these returns, for a person to recognise them. */
    private Map<String, String> externalIds(List<Return> items) {
        List<OrderId> ids = items.stream().map(Return::orderId).distinct().toList();
        Map<String, String> externalIds = new HashMap<>();
        if (!ids.isEmpty()) {
            orders.findAll(ids).forEach(order -> externalIds.put(order.id().toString(), order.externalId()));
        }
        return externalIds;
    }

    /** The order the filter names: by its id, or by its external id when exactly one order has it. */
    private Optional<OrderId> orderOf(@Nullable String text) {
        if (text == null) {
            return Optional.empty();
        }
        Optional<OrderId> byId = OrderId.parse(text);
        if (byId.isPresent()) {
            return byId;
        }
        List<OrderId> matching =
                orders.list(new OrderQuery(null, null, null, null, null, null, text, null, 20)).items().stream()
                        .filter(candidate -> candidate.externalId().equals(text))
                        .map(OrderSummary::id)
                        .toList();
        return matching.size() == 1 ? Optional.of(matching.getFirst()) : Optional.empty();
    }

    static UUID returnId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("return " + id + " does not exist");
        }
    }
}

package dev.fulcrum.console;

import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.order.OrderSummary;
import dev.fulcrum.risk.RelatedOrder;
import dev.fulcrum.risk.Risk;
import dev.fulcrum.risk.RiskReview;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Risk in the console: the order page's risk card (score, decision, explanation), the review queue sorted by SLA, and
 * a case page with the explanation, the customer's history, the related orders (same device, IP, address) and the
 * approve and reject buttons.
 */
@Controller
class RiskPages {

    static final int QUEUE_SIZE = 200;

    private final Risk risk;
    private final OrderManagement orders;

    RiskPages(Risk risk, OrderManagement orders) {
        this.risk = risk;
        this.orders = orders;
    }

    /** The risk card of the order page, or the same on its own page. */
    @GetMapping("/orders/{id}/risk")
    String ofOrder(
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = OrderActionPages.orderId(id);
        model.addAttribute("order", orders.get(orderId));
        model.addAttribute("assessment", risk.assessment(orderId).orElse(null));
        model.addAttribute("review", risk.reviewOf(orderId).orElse(null));
        boolean fragment = "true".equals(htmx);
        model.addAttribute("standalone", !fragment);
        response.setHeader("Vary", "HX-Request");
        return fragment ? "console/order-risk :: risk" : "console/order-risk";
    }

    /** The review queue: open cases, soonest due first (escalated ones are past due, so they come first). */
    @GetMapping("/risk/reviews")
    String queue(@RequestParam(required = false) @Nullable String status, Model model) {
        String shown =
                status == null || !List.of("open", "approved", "rejected").contains(status) ? "open" : status;
        List<RiskReview> cases = risk.reviews(shown, QUEUE_SIZE);
        model.addAttribute("cases", cases);
        model.addAttribute("status", shown);
        model.addAttribute(
                "externalIds",
                externalIds(cases.stream().map(RiskReview::orderId).toList()));
        return "console/risk-reviews";
    }

    /** A case: the order, its explanation, the customer's history, related orders, and the decision buttons. */
    @GetMapping("/risk/reviews/{id}")
    String casePage(@PathVariable String id, @RequestParam(required = false) @Nullable String done, Model model) {
        RiskReview review = risk.review(reviewId(id));
        Order order = orders.get(review.orderId());
        model.addAttribute("review", review);
        model.addAttribute("order", order);
        model.addAttribute("assessment", risk.assessment(review.orderId()).orElse(null));
        List<RelatedOrder> related = risk.related(review.orderId(), 10);
        model.addAttribute("related", related);
        model.addAttribute(
                "externalIds",
                externalIds(related.stream().map(RelatedOrder::orderId).toList()));
        String customer = order.customer().id();
        List<OrderSummary> history = customer == null
                ? List.of()
                : orders.list(new OrderQuery(null, null, customer, null, null, null, null, null, 20)).items().stream()
                        .filter(other -> !other.id().equals(order.id()))
                        .toList();
        model.addAttribute("history", history);
        model.addAttribute("canAct", ConsoleRoles.mayAct() && review.status().equals("open"));
        model.addAttribute("done", done);
        return "console/risk-review";
    }

    @PostMapping("/risk/reviews/{id}/approve")
    String approve(@PathVariable String id, @RequestParam(required = false) @Nullable String reason) {
        ConsoleRoles.requireMayAct();
        UUID reviewId = reviewId(id);
        risk.approve(reviewId, blankToNull(reason));
        return "redirect:/risk/reviews/" + reviewId + "?done=approved";
    }

    @PostMapping("/risk/reviews/{id}/reject")
    String reject(@PathVariable String id, @RequestParam(required = false) @Nullable String reason) {
        ConsoleRoles.requireMayAct();
        UUID reviewId = reviewId(id);
        risk.reject(reviewId, blankToNull(reason));
        return "redirect:/risk/reviews/" + reviewId + "?done=rejected";
    }

    private Map<String, String> externalIds(List<OrderId> ids) {
        Map<String, String> externalIds = new HashMap<>();
        List<OrderId> distinct = ids.stream().distinct().toList();
        if (!distinct.isEmpty()) {
            orders.findAll(distinct).forEach(order -> externalIds.put(order.id().toString(), order.externalId()));
        }
        return externalIds;
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static UUID reviewId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("review " + id + " does not exist");
        }
    }
}

package dev.fulcrum.console;

import dev.fulcrum.approvals.Approval;
import dev.fulcrum.approvals.Approvals;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
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
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Approvals in the console: the inbox (open approvals, oldest first, optionally of one role, with the order's total
 * and who asked) and an approval page with its chain, its decisions and the approve and reject buttons for whoever
 * may decide the current step.
 */
@Controller
class ApprovalPages {

    static final int INBOX_SIZE = 200;

    private final Approvals approvals;
    private final OrderManagement orders;

    ApprovalPages(Approvals approvals, OrderManagement orders) {
        this.approvals = approvals;
        this.orders = orders;
    }

    @GetMapping("/approvals")
    String inbox(@RequestParam(required = false) @Nullable String role, Model model) {
        String shown =
                role == null || role.isBlank() || !Approvals.ROLE.matcher(role).matches() ? null : role;
        List<Approval> open = approvals.list("open", shown, null, null, INBOX_SIZE);
        model.addAttribute("approvals", open);
        model.addAttribute("role", shown);
        model.addAttribute("roles", approvals.roles().keySet());
        model.addAttribute(
                "externalIds", externalIds(open.stream().map(Approval::orderId).toList()));
        return "console/approvals";
    }

    @GetMapping("/approvals/{id}")
    String approval(@PathVariable String id, @RequestParam(required = false) @Nullable String done, Model model) {
        Approval approval = approvals.get(approvalId(id));
        Order order = orders.get(approval.orderId());
        model.addAttribute("approval", approval);
        model.addAttribute("order", order);
        model.addAttribute("canDecide", approvals.mayDecide(approval));
        model.addAttribute(
                "done", done == null || !List.of("approved", "rejected").contains(done) ? null : done);
        return "console/approval";
    }

    @PostMapping("/approvals/{id}/approve")
    String approve(@PathVariable String id, @RequestParam(required = false) @Nullable String comment) {
        UUID approvalId = approvalId(id);
        approvals.approve(approvalId, blankToNull(comment));
        return "redirect:/approvals/" + approvalId + "?done=approved";
    }

    @PostMapping("/approvals/{id}/reject")
    String reject(@PathVariable String id, @RequestParam(required = false) @Nullable String comment) {
        UUID approvalId = approvalId(id);
        approvals.reject(approvalId, blankToNull(comment));
        return "redirect:/approvals/" + approvalId + "?done=rejected";
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
        if (text == null || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        return stripped.length() > Approvals.MAX_COMMENT ? stripped.substring(0, Approvals.MAX_COMMENT) : stripped;
    }

    private static UUID approvalId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("approval " + id + " does not exist");
        }
    }
}

package dev.fulcrum.console;

import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.returns.NewReturn;
import dev.fulcrum.returns.ReceivedLine;
import dev.fulcrum.returns.Return;
import dev.fulcrum.returns.Returns;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.OrderId;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The actions on returns: start a return from the order page, and approve, reject, receive, refund, close and the
 * retention offer (offer, accept, decline) from the return page (approve also from a row of the queue). Each is a form that htmx posts and that is answered in place
 * with what it changed as it is now and a message saying what happened or why it was refused, as the order page's
 * actions are (ADR 0094, 0106). Without JavaScript the same forms answer with the whole page.
 */
@Controller
class ReturnActionPages {

    private final ReturnActions actions;
    private final ReturnPages pages;
    private final Returns returns;
    private final OrderManagement orders;
    private final ReturnFormat returnFormat;

    ReturnActionPages(
            ReturnActions actions,
            ReturnPages pages,
            Returns returns,
            OrderManagement orders,
            ReturnFormat returnFormat) {
        this.actions = actions;
        this.pages = pages;
        this.returns = returns;
        this.orders = orders;
        this.returnFormat = returnFormat;
    }

    @ModelAttribute("rf")
    ReturnFormat returnFormat() {
        return returnFormat;
    }

    /**
     * Starts a return of the order: quantities come as {@code qty.<lineNo>} with the line's reason as
     * {@code reason.<lineNo>}; lines left at zero are not returned.
     */
    @PostMapping("/orders/{id}/returns")
    String start(
            @PathVariable String id,
            @RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = OrderActionPages.orderId(id);
        ConsoleRoles.requireMayAct();
        ActionOutcome outcome = attempt(htmx, response, () -> {
            Return started = actions.request(orderId, newReturn(form));
            model.addAttribute("started", started);
            return ActionOutcome.done("outcome.returnRequested", returnFormat.status(started.status()));
        });
        model.addAttribute("outcome", outcome);
        pages.describeOrder(orderId, model);
        model.addAttribute("standalone", !"true".equals(htmx));
        return "true".equals(htmx) ? "console/order-returns :: acted" : "console/order-returns";
    }

    @PostMapping("/returns/{id}/approve")
    String approve(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String note,
            @RequestParam(defaultValue = "") String view,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        UUID returnId = ReturnPages.returnId(id);
        return act(returnId, view, htmx, model, response, () -> {
            actions.approve(returnId, OrderActionPages.blankToNull(note));
            return ActionOutcome.done("outcome.returnApproved");
        });
    }

    @PostMapping("/returns/{id}/reject")
    String reject(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String reason,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        UUID returnId = ReturnPages.returnId(id);
        return act(returnId, "", htmx, model, response, () -> {
            if (reason.isBlank()) {
                throw ApiProblem.invalid("reason", "is required: say why the return is rejected");
            }
            actions.reject(returnId, reason.strip());
            return ActionOutcome.done("outcome.returnRejected");
        });
    }

    /** Quantities come as {@code receive.<lineNo>} with the condition as {@code condition.<lineNo>}. */
    @PostMapping("/returns/{id}/receive")
    String receive(
            @PathVariable String id,
            @RequestParam MultiValueMap<String, String> form,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        UUID returnId = ReturnPages.returnId(id);
        return act(returnId, "", htmx, model, response, () -> {
            List<FieldProblem> problems = new ArrayList<>();
            String location = OrderActionPages.blankToNull(form.getFirst("locationId"));
            if (location == null) {
                problems.add(new FieldProblem("locationId", "is required: where did the units arrive"));
            }
            List<ReceivedLine> lines = new ArrayList<>();
            quantities(form, "receive", problems).forEach((lineNo, quantity) -> {
                String condition = OrderActionPages.blankToNull(form.getFirst("condition." + lineNo));
                lines.add(new ReceivedLine(lineNo, null, quantity, condition == null ? "sellable" : condition));
            });
            if (problems.isEmpty() && lines.isEmpty()) {
                problems.add(new FieldProblem("lines", "enter a quantity above 0 for at least one line"));
            }
            if (!problems.isEmpty() || location == null) {
                throw ApiProblem.invalid(problems);
            }
            actions.receive(returnId, new LocationId(location), lines);
            return ActionOutcome.done(
                    "outcome.returnReceived",
                    lines.stream().mapToInt(ReceivedLine::quantity).sum());
        });
    }

    @PostMapping("/returns/{id}/refund")
    String refund(
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        UUID returnId = ReturnPages.returnId(id);
        return act(returnId, "", htmx, model, response, () -> {
            actions.refund(returnId);
            return ActionOutcome.done("outcome.returnRefunded");
        });
    }

    @PostMapping("/returns/{id}/close")
    String close(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String note,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        UUID returnId = ReturnPages.returnId(id);
        return act(returnId, "", htmx, model, response, () -> {
            actions.close(returnId, OrderActionPages.blankToNull(note));
            return ActionOutcome.done("outcome.returnClosed");
        });
    }

    @PostMapping("/returns/{id}/offer-retention")
    String offerRetention(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String amount,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        UUID returnId = ReturnPages.returnId(id);
        return act(returnId, "", htmx, model, response, () -> {
            java.math.BigDecimal offered;
            try {
                offered = new java.math.BigDecimal(amount.strip());
            } catch (NumberFormatException notAnAmount) {
                throw ApiProblem.invalid("amount", "must be a decimal amount such as 5.00");
            }
            actions.offerRetention(returnId, offered);
            return ActionOutcome.done("outcome.retentionOffered");
        });
    }

    @PostMapping("/returns/{id}/accept-retention")
    String acceptRetention(
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        UUID returnId = ReturnPages.returnId(id);
        return act(returnId, "", htmx, model, response, () -> {
            actions.acceptRetention(returnId);
            return ActionOutcome.done("outcome.retentionAccepted");
        });
    }

    @PostMapping("/returns/{id}/decline-retention")
    String declineRetention(
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        UUID returnId = ReturnPages.returnId(id);
        return act(returnId, "", htmx, model, response, () -> {
            actions.declineRetention(returnId);
            return ActionOutcome.done("outcome.retentionDeclined");
        });
    }

    /**
     * Runs an action on a return and answers with the return as it is now: its page content, or its row of the queue
     * when the queue asked ({@code view=row}).
     */
    private String act(
            UUID returnId,
            String view,
            @Nullable String htmx,
            Model model,
            HttpServletResponse response,
            Supplier<ActionOutcome> action) {
        ConsoleRoles.requireMayAct();
        ActionOutcome outcome = attempt(htmx, response, action);
        Return current = returns.get(returnId);
        model.addAttribute("outcome", outcome);
        if ("row".equals(view) && "true".equals(htmx)) {
            model.addAttribute("r", current);
            model.addAttribute("canAct", true);
            model.addAttribute(
                    "externalIds",
                    orders.find(current.orderId())
                            .map(order -> Map.of(order.id().toString(), order.externalId()))
                            .orElse(Map.of()));
            return "console/returns :: acted-row";
        }
        pages.describe(current, true, model);
        return "true".equals(htmx) ? "console/return-acted :: acted" : "console/return";
    }

    /**
     * The outcome of an action: done, or refused with the module's reason. Refusals keep their status for a plain
     * request; an htmx request gets 200 so that the message is swapped in.
     */
    private static ActionOutcome attempt(
            @Nullable String htmx, HttpServletResponse response, Supplier<ActionOutcome> action) {
        try {
            return action.get();
        } catch (ApiProblem problem) {
            if (!"true".equals(htmx)) {
                response.setStatus(problem.status());
            }
            return ActionOutcome.refused(problem);
        }
    }

    private static NewReturn newReturn(MultiValueMap<String, String> form) {
        List<FieldProblem> problems = new ArrayList<>();
        List<NewReturn.RequestedLine> lines = new ArrayList<>();
        quantities(form, "qty", problems).forEach((lineNo, quantity) -> {
            String reason = OrderActionPages.blankToNull(form.getFirst("reason." + lineNo));
            lines.add(new NewReturn.RequestedLine(lineNo, null, quantity, reason == null ? "" : reason));
        });
        if (problems.isEmpty() && lines.isEmpty()) {
            problems.add(new FieldProblem("lines", "enter a quantity above 0 for at least one line"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        String resolution = OrderActionPages.blankToNull(form.getFirst("resolution"));
        String method = OrderActionPages.blankToNull(form.getFirst("method"));
        return new NewReturn(
                lines,
                resolution == null ? "refund" : resolution,
                method == null ? ("keep_it".equals(resolution) ? "none" : "drop_off") : method,
                OrderActionPages.blankToNull(form.getFirst("note")));
    }

    /** Line number to quantity from the fields {@code <prefix>.<lineNo>}; blanks and zeros are left out. */
    private static Map<Integer, Integer> quantities(
            MultiValueMap<String, String> form, String prefix, List<FieldProblem> problems) {
        Map<Integer, Integer> quantities = new java.util.TreeMap<>();
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
                    quantities.put(lineNo, quantity);
                }
            } catch (NumberFormatException notANumber) {
                problems.add(new FieldProblem(field.getKey(), "must be a whole number"));
            }
        }
        return quantities;
    }
}

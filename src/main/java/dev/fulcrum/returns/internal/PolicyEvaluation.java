package dev.fulcrum.returns.internal;

import dev.fulcrum.returns.Return;
import dev.fulcrum.returns.ReturnPolicy;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Expressions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Decides a return request under a policy. Every rule is a CEL condition over {@code order}, {@code request},
 * {@code customer} and {@code policy}: the built-in ones ({@code window}, {@code not_returnable}, {@code keep_it}) are
 * written in CEL like the tenant's own, so that every decision is explained the same way: which rule, what it read.
 * ({@code return} is a reserved word in CEL, hence {@code request}.)
 */
public final class PolicyEvaluation {

    public static final List<String> VARIABLES = List.of("order", "request", "customer", "policy");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private PolicyEvaluation() {}

    /**
     * What the policy decided: the decision with every rule, why it waits for review or was rejected (null when
     * approved), and when its refund is due.
     */
    public record Outcome(
            Return.Decision decision, @Nullable String reason, String refundTiming) {}

    /** The built-in rules as CEL, with what a match does and the reason given. */
    private record Builtin(String name, String when, String effect, String reason, List<String> reads) {}

    public static Outcome decide(ReturnPolicy policy, Map<String, Object> variables) {
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) java.util.Objects.requireNonNull(variables.get("request"));
        List<Builtin> builtins = List.of(
                new Builtin(
                        "window",
                        "request.daysSinceDelivery > policy.windowDays",
                        policy.outsideWindow(),
                        "outside the return window: delivered " + request.get("daysSinceDelivery")
                                + " days ago, the window is " + policy.windowDays() + " days",
                        List.of("request.daysSinceDelivery", "policy.windowDays")),
                new Builtin(
                        "not_returnable",
                        "size(request.nonReturnableSkus) > 0",
                        policy.nonReturnable(),
                        "not returnable: " + request.get("nonReturnableSkus"),
                        List.of("request.nonReturnableSkus")),
                new Builtin(
                        "keep_it",
                        "request.resolution == 'keep_it' && !(request.value < policy.keepItBelow)",
                        "review",
                        "keep it worth " + request.get("valueText") + " is not below the threshold "
                                + (policy.keepItBelow() == null
                                        ? "(none set)"
                                        : policy.keepItBelow().toPlainString()),
                        List.of("request.resolution", "request.value", "policy.keepItBelow")));
        List<Return.RuleOutcome> rules = new ArrayList<>();
        List<String> review = new ArrayList<>();
        String rejected = null;
        for (Builtin rule : builtins) {
            boolean matched = test(rule.when(), variables);
            rules.add(new Return.RuleOutcome(
                    rule.name(),
                    rule.when(),
                    matched,
                    rule.effect(),
                    matched ? rule.reason() : null,
                    values(rule.reads(), variables)));
            if (matched) {
                if (rule.effect().equals("reject")) {
                    rejected = rejected == null ? rule.reason() : rejected;
                } else {
                    review.add(rule.reason());
                }
            }
        }
        for (ReturnPolicy.Rule rule : policy.rules()) {
            boolean matched = test(rule.when(), variables);
            rules.add(new Return.RuleOutcome(
                    rule.name(),
                    rule.when(),
                    matched,
                    rule.decision(),
                    matched ? rule.reason() : null,
                    values(
                            List.of(
                                    "request.daysSinceDelivery",
                                    "request.value",
                                    "request.reasons",
                                    "customer.returns",
                                    "customer.rejected"),
                            variables)));
            if (matched) {
                if (rule.decision().equals("reject")) {
                    rejected = rejected == null ? rule.reason() : rejected;
                } else {
                    review.add(rule.reason());
                }
            }
        }
        String timing = refundTiming(policy, request, variables, rules);
        if (rejected != null) {
            return new Outcome(new Return.Decision("rejected", true, rules), rejected, "none");
        }
        if (!review.isEmpty()) {
            return new Outcome(new Return.Decision("review", true, rules), String.join("; ", review), timing);
        }
        return new Outcome(new Return.Decision("approved", true, rules), null, timing);
    }

    /**
     * When the refund is due: none for an exchange (unless it refunds a price difference, then as a refund) or store
     * credit; at once for keep it; after the inspection when a
     * reason needs one; at the carrier's pickup (or drop-off) scan for the customers {@code instantRefundWhen} trusts;
     * otherwise after the inspection.
     */
    private static String refundTiming(
            ReturnPolicy policy,
            Map<String, Object> request,
            Map<String, Object> variables,
            List<Return.RuleOutcome> rules) {
        String resolution = String.valueOf(request.get("resolution"));
        if (!resolution.equals("refund") && !Boolean.TRUE.equals(request.get("refundsDifference"))) {
            return resolution.equals("keep_it") ? "immediately" : "none";
        }
        @SuppressWarnings("unchecked")
        List<String> reasons = (List<String>) request.getOrDefault("reasons", List.of());
        List<String> inspected =
                reasons.stream().filter(policy.inspectionReasons()::contains).toList();
        String inspection = "request.reasons.exists(r, r in policy.inspectionReasons)";
        boolean inspect = test(inspection, variables);
        rules.add(new Return.RuleOutcome(
                "inspection",
                inspection,
                inspect,
                "refund after inspection",
                !inspect ? null : "the reasons " + inspected + " need an inspection before the refund",
                values(List.of("request.reasons", "policy.inspectionReasons"), variables)));
        if (inspect) {
            return "after_inspection";
        }
        String trusted = policy.instantRefundWhen();
        if (trusted != null && !"none".equals(request.get("method"))) {
            boolean matched = test(trusted, variables);
            rules.add(new Return.RuleOutcome(
                    "instant_refund",
                    trusted,
                    matched,
                    "refund at pickup scan",
                    matched ? "a trusted customer is refunded when the carrier scans the parcel" : null,
                    values(List.of("customer.id", "customer.returns", "customer.rejected", "order.tags"), variables)));
            if (matched) {
                return "at_pickup_scan";
            }
        }
        return "after_inspection";
    }

    /** A condition that cannot be evaluated on this request (a missing attribute) does not hold. */
    private static boolean test(String expression, Map<String, Object> variables) {
        try {
            return Expressions.condition(expression, VARIABLES).test(variables);
        } catch (Expressions.InvalidExpression failed) {
            return false;
        }
    }

    private static Map<String, Object> values(List<String> paths, Map<String, Object> variables) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String path : paths) {
            Object current = variables;
            for (String part : path.split("\\.", -1)) {
                current = current instanceof Map<?, ?> map ? map.get(part) : null;
            }
            values.put(path, current == null ? "" : current);
        }
        return values;
    }

    /**
     * Checks a policy before it is stored, so that no request meets a policy it cannot be decided by.
     *
     * @throws ApiProblem 400 naming the field and the reason
     */
    public static void validate(ReturnPolicy policy) {
        List<dev.fulcrum.shared.FieldProblem> problems = new ArrayList<>();
        if (policy.windowDays() < 0 || policy.windowDays() > 3650) {
            problems.add(new dev.fulcrum.shared.FieldProblem("windowDays", "must be between 0 and 3650"));
        }
        if (!ReturnPolicy.DECISIONS.contains(policy.outsideWindow())) {
            problems.add(
                    new dev.fulcrum.shared.FieldProblem("outsideWindow", "must be one of " + ReturnPolicy.DECISIONS));
        }
        if (!ReturnPolicy.DECISIONS.contains(policy.nonReturnable())) {
            problems.add(
                    new dev.fulcrum.shared.FieldProblem("nonReturnable", "must be one of " + ReturnPolicy.DECISIONS));
        }
        if (policy.reasons().isEmpty()) {
            problems.add(new dev.fulcrum.shared.FieldProblem("reasons", "must name at least one reason"));
        }
        for (int i = 0; i < policy.reasons().size(); i++) {
            if (!NAME.matcher(policy.reasons().get(i)).matches()) {
                problems.add(new dev.fulcrum.shared.FieldProblem(
                        "reasons[" + i + "]", "must be 1 to 64 of a-z, 0-9 and _, starting with a letter"));
            }
        }
        for (int i = 0; i < policy.customerPaysReturnShipping().size(); i++) {
            if (!policy.reasons().contains(policy.customerPaysReturnShipping().get(i))) {
                problems.add(new dev.fulcrum.shared.FieldProblem(
                        "customerPaysReturnShipping[" + i + "]", "must be one of the reasons " + policy.reasons()));
            }
        }
        for (int i = 0; i < policy.inspectionReasons().size(); i++) {
            if (!policy.reasons().contains(policy.inspectionReasons().get(i))) {
                problems.add(new dev.fulcrum.shared.FieldProblem(
                        "inspectionReasons[" + i + "]", "must be one of the reasons " + policy.reasons()));
            }
        }
        policy.restockingFeePercent().forEach((reason, percent) -> {
            if (!policy.reasons().contains(reason)) {
                problems.add(new dev.fulcrum.shared.FieldProblem(
                        "restockingFeePercent." + reason, "must be one of the reasons " + policy.reasons()));
            } else if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                problems.add(new dev.fulcrum.shared.FieldProblem("restockingFeePercent." + reason, "must be 0 to 100"));
            }
        });
        if (policy.keepItBelow() != null && policy.keepItBelow().signum() < 0) {
            problems.add(new dev.fulcrum.shared.FieldProblem("keepItBelow", "must not be negative"));
        }
        compiles(policy.instantRefundWhen(), "instantRefundWhen", problems);
        for (int i = 0; i < policy.rules().size(); i++) {
            ReturnPolicy.Rule rule = policy.rules().get(i);
            String field = "rules[" + i + "]";
            if (rule.name() == null || !NAME.matcher(rule.name()).matches()) {
                problems.add(new dev.fulcrum.shared.FieldProblem(
                        field + ".name", "must be 1 to 64 of a-z, 0-9 and _, starting with a letter"));
            }
            if (!ReturnPolicy.DECISIONS.contains(rule.decision())) {
                problems.add(new dev.fulcrum.shared.FieldProblem(
                        field + ".decision", "must be one of " + ReturnPolicy.DECISIONS));
            }
            if (rule.reason() == null || rule.reason().isBlank()) {
                problems.add(new dev.fulcrum.shared.FieldProblem(field + ".reason", "is required"));
            }
            if (rule.when() == null) {
                problems.add(new dev.fulcrum.shared.FieldProblem(field + ".when", "is required"));
            } else {
                compiles(rule.when(), field + ".when", problems);
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
    }

    private static void compiles(
            @Nullable String expression, String field, List<dev.fulcrum.shared.FieldProblem> problems) {
        if (expression == null) {
            return;
        }
        try {
            Expressions.condition(expression, VARIABLES);
        } catch (Expressions.InvalidExpression invalid) {
            problems.add(new dev.fulcrum.shared.FieldProblem(field, String.valueOf(invalid.getMessage())));
        }
    }
}

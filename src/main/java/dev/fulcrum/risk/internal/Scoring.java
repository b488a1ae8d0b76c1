package dev.fulcrum.risk.internal;

import dev.fulcrum.risk.RiskAssessment;
import dev.fulcrum.risk.RiskPolicy;
import dev.fulcrum.risk.model.LearnedScores;
import dev.fulcrum.shared.Expressions;
import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Scores one order under a policy, in memory: deny lists first (reject), then allow lists (scoring skipped), then the
 * policy's base plus the points of every CEL rule that matches (or a learned model's contributions when one is active,
 * plus the rules). The explanation's base plus its contributions is the score exactly: when the sum leaves 0 to 100, a
 * {@code clamp} factor brings it back and says by how much.
 */
public final class Scoring {

    /** The variables rules see: the order's facts and its features. */
    public static final List<String> VARIABLES = List.of("order", "features");

    private static final Pattern FEATURE = Pattern.compile("features\\.([A-Za-z][A-Za-z0-9]*)");
    private static final Map<String, List<String>> READS = new ConcurrentHashMap<>();

    private Scoring() {}

    public static RiskAssessment assess(
            @Nullable OrderId orderId,
            Instant now,
            RiskPolicy policy,
            int policyVersion,
            Map<String, Object> order,
            Map<String, Double> features,
            List<RiskAssessment.ListMatch> lists,
            LearnedScores.@Nullable Scored learned) {
        List<RiskAssessment.ListMatch> denied =
                lists.stream().filter(match -> match.list().equals("deny")).toList();
        String modelVersion = learned != null ? learned.modelVersion() : policy.modelVersion();
        if (!denied.isEmpty()) {
            RiskAssessment.ListMatch first = denied.getFirst();
            int base = Math.min(policy.base(), 100);
            RiskAssessment.Factor factor = new RiskAssessment.Factor(
                    "deny_list",
                    "list",
                    Map.of(),
                    100 - base,
                    first.kind() + " " + first.value() + " is on the deny list: " + first.reason());
            return new RiskAssessment(
                    orderId,
                    now,
                    100,
                    "reject",
                    modelVersion,
                    policyVersion,
                    features,
                    new RiskAssessment.Explanation(
                            base,
                            List.of(factor),
                            List.of(),
                            lists,
                            "rejected: " + first.kind() + " " + first.value() + " is on the deny list ("
                                    + first.reason() + ")"));
        }
        if (!lists.isEmpty()) {
            RiskAssessment.ListMatch first = lists.getFirst();
            return new RiskAssessment(
                    orderId,
                    now,
                    0,
                    "accept",
                    modelVersion,
                    policyVersion,
                    features,
                    new RiskAssessment.Explanation(
                            0,
                            List.of(),
                            List.of(),
                            lists,
                            "accepted without scoring: " + first.kind() + " " + first.value()
                                    + " is on the allow list (" + first.reason() + ")"));
        }
        Map<String, Object> variables = Map.of("order", order, "features", features);
        List<RiskAssessment.Factor> factors = new ArrayList<>();
        List<String> fired = new ArrayList<>();
        int base = policy.base();
        if (learned != null) {
            base = 0;
            int modelPoints = (int) Math.round(Math.max(0, Math.min(1, learned.probability())) * 100);
            int shares = 0;
            for (Map.Entry<String, Double> share : learned.contributions().entrySet()) {
                int points = (int) Math.round(share.getValue());
                if (points != 0) {
                    Double value = features.get(share.getKey());
                    factors.add(new RiskAssessment.Factor(
                            share.getKey(),
                            "model",
                            value == null ? Map.of() : Map.of(share.getKey(), value),
                            points,
                            null));
                    shares += points;
                }
            }
            if (shares != modelPoints) {
                factors.add(new RiskAssessment.Factor(
                        "model_remainder",
                        "model",
                        Map.of(),
                        modelPoints - shares,
                        "what the rounded shares leave of the model's " + modelPoints + " points"));
            }
        }
        for (RiskPolicy.Rule rule : policy.rules()) {
            boolean matched;
            try {
                matched = Expressions.condition(rule.when(), VARIABLES).test(variables);
            } catch (Expressions.InvalidExpression broken) {
                // A rule that cannot be evaluated must never fail the order it is scoring: it does not match.
                matched = false;
            }
            if (matched) {
                fired.add(rule.name());
            }
        }
        RiskAssessment.Explanation explanation = explain(policy, base, factors, features, fired);
        int score = explanation.total();
        return new RiskAssessment(
                orderId, now, score, decision(policy, score), modelVersion, policyVersion, features, explanation);
    }

    /**
     * The explanation of a score the policy's rules alone made, from what is stored of it: the features and the names
     * of the rules that fired. Intake stores no more than that for an accepted order without a list match or a model
     * (ADR 0150); this rebuilds the same explanation it would have stored, since a policy version that decided orders
     * never changes.
     */
    public static RiskAssessment.Explanation explainRules(
            RiskPolicy policy, Map<String, Double> features, List<String> fired) {
        return explain(policy, policy.base(), new ArrayList<>(), features, fired);
    }

    /**
     * Whether the policy's rules alone made this explanation (no list entry, no learned model): then {@link
     * #explainRules} rebuilds it exactly, since both build it the same way from the policy's base and the rules that
     * fired. Answered from its shape, without building it again on the intake path.
     */
    public static boolean byRulesAlone(RiskAssessment.Explanation explanation, RiskPolicy policy) {
        return explanation.lists().isEmpty()
                && explanation.base() == policy.base()
                && explanation.factors().stream()
                        .allMatch(factor ->
                                factor.kind().equals("rule") || factor.kind().equals("clamp"));
    }

    public static String decision(RiskPolicy policy, int score) {
        return score >= policy.rejectAt() ? "reject" : score >= policy.reviewAt() ? "review" : "accept";
    }

    private static RiskAssessment.Explanation explain(
            RiskPolicy policy,
            int base,
            List<RiskAssessment.Factor> factors,
            Map<String, Double> features,
            List<String> fired) {
        for (RiskPolicy.Rule rule : policy.rules()) {
            if (fired.contains(rule.name())) {
                factors.add(new RiskAssessment.Factor(
                        rule.name(), "rule", valuesRead(rule.when(), features), rule.points(), rule.description()));
            }
        }
        int raw = base
                + factors.stream().mapToInt(RiskAssessment.Factor::contribution).sum();
        int score = Math.max(0, Math.min(100, raw));
        if (score != raw) {
            factors.add(new RiskAssessment.Factor(
                    "clamp", "clamp", Map.of(), score - raw, "the sum " + raw + " is kept within 0 to 100"));
        }
        return new RiskAssessment.Explanation(
                base, factors, fired, List.of(), summary(decision(policy, score), score, policy, fired));
    }

    private static String summary(String decision, int score, RiskPolicy policy, List<String> fired) {
        String rules = fired.isEmpty() ? "no rule matched" : "rules " + String.join(", ", fired);
        return switch (decision) {
            case "reject" -> "rejected: score " + score + " is at or above " + policy.rejectAt() + " (" + rules + ")";
            case "review" ->
                "sent to review: score " + score + " is at or above " + policy.reviewAt() + " (" + rules + ")";
            default -> "accepted: score " + score + " is below " + policy.reviewAt() + " (" + rules + ")";
        };
    }

    /** The features a rule reads, with their values: what the explanation shows beside its contribution. */
    static Map<String, Double> valuesRead(String expression, Map<String, Double> features) {
        List<String> names = READS.computeIfAbsent(expression, text -> {
            List<String> found = new ArrayList<>();
            Matcher matcher = FEATURE.matcher(text);
            while (matcher.find()) {
                if (!found.contains(matcher.group(1))) {
                    found.add(matcher.group(1));
                }
            }
            return List.copyOf(found);
        });
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : names) {
            Double value = features.get(name);
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }
}

package dev.fulcrum.risk;

import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The risk assessment of an order: a score of 0 to 100, the decision it led to, the model and policy versions, the
 * features it was computed from (name to number) and its explanation. {@code orderId} is null for an order scored
 * without being placed ({@code POST /api/v1/risk/score}).
 */
public record RiskAssessment(
        @Nullable OrderId orderId,
        Instant assessedAt,
        int score,
        String decision,
        String modelVersion,
        int policyVersion,
        Map<String, Double> features,
        Explanation explanation) {

    public static final List<String> DECISIONS = List.of("accept", "review", "reject");

    public RiskAssessment {
        features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
    }

    /**
     * Why the score is what it is: {@code base} plus every factor's {@code contribution} equals the score exactly.
     * {@code rulesFired} names the policy rules that matched; {@code lists} the allow or deny entries that matched;
     * {@code summary} says in one sentence what decided.
     */
    public record Explanation(
            int base, List<Factor> factors, List<String> rulesFired, List<ListMatch> lists, String summary) {

        public Explanation {
            factors = List.copyOf(factors);
            rulesFired = List.copyOf(rulesFired);
            lists = List.copyOf(lists);
        }

        /** Base plus the contributions: the score this explanation accounts for. */
        public int total() {
            return base + factors.stream().mapToInt(Factor::contribution).sum();
        }
    }

    /**
     * One factor of a score: a rule that matched ({@code kind} rule), a list entry ({@code list}), a learned model's
     * share ({@code model}), or the clamp that keeps the score within 0 to 100 ({@code clamp}). {@code values} are the
     * feature values it read.
     */
    public record Factor(
            String name,
            String kind,
            Map<String, Double> values,
            int contribution,
            @Nullable String detail) {

        public Factor {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** An allow or deny list entry that matched the order. */
    public record ListMatch(String kind, String value, String list, String reason) {}
}

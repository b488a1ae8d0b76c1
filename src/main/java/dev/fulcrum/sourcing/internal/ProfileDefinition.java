package dev.fulcrum.sourcing.internal;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Expressions;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.sourcing.engine.Weights;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A sourcing profile: an ordered list of strategies, the first whose CEL condition ({@code when}, over {@code order})
 * holds decides; a strategy without a condition always applies. {@code fallback} says what happens when no plan
 * covers every line: {@code backorder} (allocate what can be, backorder the rest) or {@code hold} (allocate nothing,
 * hold the order as {@code unsourceable}). {@code requireRateCard} (default false): a location with no rate-card lane
 * to the destination is ineligible instead of priced by the distance estimate. {@code batchServes} ({@code orders},
 * the default, or {@code units}): what a batch maximises first, before it minimises cost.
 */
public record ProfileDefinition(
        @Nullable String description,
        List<StrategyDefinition> strategies,
        String fallback,
        @Nullable Boolean requireRateCard,
        @Nullable String batchServes) {

    public static final List<String> FALLBACKS = List.of("backorder", "hold");
    public static final List<String> BATCH_SERVES = List.of("orders", "units");

    public ProfileDefinition(@Nullable String description, List<StrategyDefinition> strategies, String fallback) {
        this(description, strategies, fallback, null, null);
    }

    public boolean requiresRateCard() {
        return Boolean.TRUE.equals(requireRateCard);
    }

    /** Whether a batch counts served units (true) or served orders (false) first. */
    public boolean batchServesUnits() {
        return "units".equals(batchServes);
    }

    /**
     * One strategy: a condition, hard constraints (location types, maximum shipments, daily capacity, the customer's
     * preferred carrier, a CEL filter over {@code location} and {@code order}) and an objective: a preset name or
     * {@code custom} with {@code weights}.
     */
    public record StrategyDefinition(
            String name,
            @Nullable String when,
            @Nullable List<String> locationTypes,
            @Nullable Integer maxShipments,
            @Nullable Boolean respectCapacity,
            @Nullable Boolean usePreferredCarrier,
            @Nullable String locationFilter,
            @Nullable String objective,
            @Nullable Weights weights) {

        public int maxShipmentsOrDefault() {
            return maxShipments == null ? 2 : maxShipments;
        }

        public String objectiveOrDefault() {
            return objective == null ? "balanced" : objective;
        }

        public Weights weightsOrPreset() {
            return "custom".equals(objectiveOrDefault()) && weights != null
                    ? weights
                    : Weights.preset(objectiveOrDefault());
        }
    }

    /** The profile every tenant starts with: urgent orders go speed-first, every other order balanced. */
    public static ProfileDefinition standard() {
        return new ProfileDefinition(
                "Out of the box: speed first for urgent orders, balanced for the rest.",
                List.of(
                        new StrategyDefinition(
                                "urgent", "'urgent' in order.tags", null, 2, true, true, null, "speed-first", null),
                        new StrategyDefinition("default", null, null, 2, true, true, null, "balanced", null)),
                "backorder");
    }

    /** Every problem with the definition, by field; empty when it is valid. */
    public List<FieldProblem> problems() {
        List<FieldProblem> problems = new ArrayList<>();
        if (strategies == null || strategies.isEmpty()) {
            problems.add(new FieldProblem("strategies", "must list at least one strategy"));
            return problems;
        }
        if (!FALLBACKS.contains(fallback)) {
            problems.add(new FieldProblem("fallback", "must be one of " + FALLBACKS));
        }
        if (batchServes != null && !BATCH_SERVES.contains(batchServes)) {
            problems.add(new FieldProblem("batchServes", "must be one of " + BATCH_SERVES));
        }
        for (int i = 0; i < strategies.size(); i++) {
            StrategyDefinition strategy = strategies.get(i);
            String at = "strategies[" + i + "].";
            if (strategy.name() == null || strategy.name().isBlank()) {
                problems.add(new FieldProblem(at + "name", "is required"));
            }
            compile(problems, at + "when", strategy.when(), List.of("order"));
            compile(problems, at + "locationFilter", strategy.locationFilter(), List.of("location", "order"));
            if (strategy.maxShipments() != null && (strategy.maxShipments() < 1 || strategy.maxShipments() > 10)) {
                problems.add(new FieldProblem(at + "maxShipments", "must be between 1 and 10"));
            }
            if (strategy.locationTypes() != null
                    && !List.of("warehouse", "store", "supplier").containsAll(strategy.locationTypes())) {
                problems.add(new FieldProblem(at + "locationTypes", "must be among [warehouse, store, supplier]"));
            }
            String objective = strategy.objectiveOrDefault();
            if (!"custom".equals(objective) && !Weights.PRESETS.containsKey(objective)) {
                problems.add(
                        new FieldProblem(at + "objective", "must be custom or one of " + Weights.PRESETS.keySet()));
            }
            if ("custom".equals(objective)) {
                Weights weights = strategy.weights();
                if (weights == null) {
                    problems.add(new FieldProblem(at + "weights", "are required for a custom objective"));
                } else if (weights.cost() < 0
                        || weights.time() < 0
                        || weights.carbon() < 0
                        || weights.shipments() < 0
                        || weights.load() < 0
                        || weights.cost() + weights.time() + weights.carbon() == 0) {
                    problems.add(
                            new FieldProblem(at + "weights", "must be non-negative and weigh cost, time or carbon"));
                }
            }
        }
        return problems;
    }

    public void requireValid() {
        List<FieldProblem> problems = problems();
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
    }

    private static void compile(
            List<FieldProblem> problems, String field, @Nullable String expression, List<String> variables) {
        if (expression == null) {
            return;
        }
        try {
            Expressions.condition(expression, variables);
        } catch (Expressions.InvalidExpression invalid) {
            problems.add(new FieldProblem(field, invalid.getMessage()));
        }
    }
}

package dev.fulcrum.sourcing.internal;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.sourcing.engine.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Why sourcing decided what it did, step by step, in the shape {@code GET /api/v1/orders/{id}/sourcing} shows: the
 * intent read from the order, each strategy tried, the search, every reservation attempt, each candidate location with
 * its verdict and what the other objective presets would have chosen. Each step is a map with a {@code step} name and
 * only the keys that have a value. Not thread-safe: one trace belongs to one decision.
 */
public final class DecisionTrace {

    private final List<Map<String, Object>> steps;

    public DecisionTrace() {
        this.steps = new ArrayList<>();
    }

    private DecisionTrace(List<Map<String, Object>> steps) {
        this.steps = new ArrayList<>(steps);
    }

    /** A trace that starts with the steps of this one and grows on its own. */
    public DecisionTrace copy() {
        return new DecisionTrace(steps);
    }

    /** The tags (with those a note implied), the customer's preferred carrier and whether to avoid weekends. */
    void intent(List<String> tags, List<String> fromNote, @Nullable String preferredCarrier, boolean avoidWeekend) {
        add(step(
                "intent",
                "tags",
                tags,
                "fromNote",
                fromNote,
                "preferredCarrier",
                preferredCarrier,
                "avoidWeekend",
                avoidWeekend));
    }

    /** A strategy of the profile tried in order: its condition, whether it matched, why it failed to evaluate. */
    void strategy(String name, String when, boolean matched, @Nullable String error) {
        add(step("strategy", "name", name, "when", when, "matched", matched, "error", error));
    }

    /** How the engine searched and what the chosen plan scored. */
    void search(Plan plan, int maxShipments) {
        add(step(
                "search",
                "mode",
                plan.search(),
                "strategy",
                plan.strategy(),
                "objective",
                plan.objective(),
                "score",
                plan.score(),
                "maxShipments",
                maxShipments));
    }

    /** One attempt to reserve the plan's stock: {@code reserved}, or why it was decided again. */
    void reservation(int attempt, String outcome, @Nullable Instant expiresAt) {
        add(step("reservation", "attempt", attempt, "outcome", outcome, "expiresAt", expiresAt));
    }

    /** Every candidate location of the plan, then what each other objective preset would have chosen. */
    void candidatesAndAlternatives(Plan plan) {
        plan.candidates().forEach(candidate -> add(candidate(candidate)));
        plan.alternatives()
                .forEach(alternative -> add(step(
                        "alternative",
                        "objective",
                        alternative.objective(),
                        "locations",
                        alternative.locations().stream().map(LocationId::value).toList(),
                        "cost",
                        alternative.cost().toPlainString(),
                        "promisedDays",
                        alternative.promisedDays(),
                        "carbonGrams",
                        Math.round(alternative.carbonGrams()),
                        "unallocatedLines",
                        alternative.unallocatedLines())));
    }

    /** Appends the steps of another trace (reservation attempts recorded apart). */
    void addAll(DecisionTrace other) {
        steps.addAll(other.steps);
    }

    /** Appends a step built with {@link #step}. */
    void add(Map<String, Object> step) {
        steps.add(step);
    }

    /** The steps so far, as the decision stores and shows them. */
    public List<Map<String, Object>> steps() {
        return List.copyOf(steps);
    }

    /** A step named {@code name} with the given keys and values; keys whose value is null are left out. */
    static Map<String, Object> step(String name, @Nullable Object... keyValues) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step", name);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                step.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return step;
    }

    /** One candidate location: its verdict, the lines it covers, why not the others, and shipping alone from it. */
    static Map<String, Object> candidate(Plan.Candidate candidate) {
        return step(
                "candidate",
                "locationId",
                candidate.locationId().value(),
                "verdict",
                candidate.verdict(),
                "coversLines",
                candidate.coversLines(),
                "reasons",
                candidate.reasons().isEmpty() ? null : candidate.reasons(),
                "score",
                candidate.score(),
                "cost",
                candidate.cost() == null ? null : candidate.cost().toPlainString(),
                "promisedDays",
                candidate.days(),
                "carbonGrams",
                candidate.carbonGrams() == null ? null : Math.round(candidate.carbonGrams()),
                "carrierService",
                candidate.serviceCode(),
                "estimate",
                candidate.serviceCode() == null ? null : candidate.estimate());
    }
}

package dev.fulcrum.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A decision's trace grouped for reading: the intent, each strategy's condition and whether it matched, the search,
 * the reservation attempts, every candidate location with its verdict, and what each other preset would have chosen.
 * Only regroups the steps sourcing recorded; it decides nothing.
 */
record SourcingTrace(
        @Nullable Map<String, Object> intent,
        List<Map<String, Object>> strategies,
        @Nullable Map<String, Object> search,
        List<Map<String, Object>> reservations,
        List<Map<String, Object>> candidates,
        List<Map<String, Object>> alternatives,
        @Nullable Map<String, Object> batch,
        List<Map<String, Object>> other) {

    static SourcingTrace of(List<Map<String, Object>> steps) {
        Map<String, Object> intent = null;
        Map<String, Object> search = null;
        Map<String, Object> batch = null;
        List<Map<String, Object>> strategies = new ArrayList<>();
        List<Map<String, Object>> reservations = new ArrayList<>();
        List<Map<String, Object>> candidates = new ArrayList<>();
        List<Map<String, Object>> alternatives = new ArrayList<>();
        List<Map<String, Object>> other = new ArrayList<>();
        for (Map<String, Object> step : steps) {
            switch (String.valueOf(step.get("step"))) {
                case "intent" -> intent = step;
                case "search" -> search = step;
                case "batch" -> batch = step;
                case "strategy" -> strategies.add(step);
                case "reservation" -> reservations.add(step);
                case "candidate" -> candidates.add(step);
                case "alternative" -> alternatives.add(step);
                default -> other.add(step);
            }
        }
        return new SourcingTrace(intent, strategies, search, reservations, candidates, alternatives, batch, other);
    }

    /** The strategy that decided: the last one recorded as matched. */
    public @Nullable Map<String, Object> matchedStrategy() {
        return strategies.stream()
                .filter(s -> Boolean.TRUE.equals(s.get("matched")))
                .reduce((a, b) -> b)
                .orElse(null);
    }

    /** Whether any candidate, shipment or alternative was priced by the distance-based estimate. */
    public boolean usesEstimate() {
        return candidates.stream().anyMatch(c -> Boolean.TRUE.equals(c.get("estimate")));
    }

    public long count(String verdict) {
        return candidates.stream().filter(c -> verdict.equals(c.get("verdict"))).count();
    }
}

package dev.fulcrum.twin;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A what-if scenario: its disruptions, how many Monte Carlo runs with which seed (the same seed and data give the same
 * answer), and the probability of missing the promise from which an order counts as at risk.
 */
public record ScenarioRequest(
        @Nullable String name, List<Disruption> disruptions, int runs, long seed, double riskThreshold) {

    public ScenarioRequest {
        disruptions = List.copyOf(disruptions);
    }
}

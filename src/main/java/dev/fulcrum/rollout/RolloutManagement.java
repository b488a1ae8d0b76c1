package dev.fulcrum.rollout;

import dev.fulcrum.shared.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Starting canaries, rolling back and reading rollouts with their guard series, for the current tenant (from the
 * request context): what the HTTP API and the console's rule page do with rollouts. Each change runs in a transaction
 * of the tenant; a roll-back publishes {@link RolledBack} in it.
 */
public interface RolloutManagement {

    /** The shortest and the longest window a guard may watch. */
    Duration MIN_WINDOW = Duration.ofMinutes(1);

    Duration MAX_WINDOW = Duration.ofDays(7);

    /**
     * A guard: a metric of the canary share must not exceed the rest's by more than {@code max}, over the orders placed
     * in the last {@code window}, once the canary has at least {@code minOrders} of them.
     */
    record Guard(String metric, double max, Duration window, int minOrders) {}

    /** One guard evaluation: the metric over the canary share and over the rest (null: no orders). */
    record Point(
            Instant at, @Nullable Double canary, @Nullable Double rest, long canaryOrders, long restOrders) {}

    /**
     * A rollout as stored, with its guard series ({@code series.points}, oldest first).
     *
     * @param status {@code running} or {@code ended}
     * @param outcome {@code completed}, {@code rolled-back} (a guard breach), {@code rolled-back-by-hand} or
     *     {@code superseded}; null while running
     * @param breach the guard, the metric over the canary and the rest, and the canary's orders; null unless a guard
     *     rolled it back
     */
    record Rollout(
            UUID id,
            String kind,
            String name,
            int version,
            int previousVersion,
            int percent,
            @Nullable Guard guard,
            String status,
            Instant startedAt,
            String startedBy,
            @Nullable Instant endedAt,
            @Nullable String endedBy,
            @Nullable String outcome,
            @Nullable Map<String, Object> breach,
            Map<String, List<Point>> series) {}

    /** The names of the metrics a guard may watch on this instance, sorted. */
    List<String> metricNames();

    /** The default of a guard's {@code minOrders}. */
    int defaultMinOrders();

    /**
     * Starts a canary of the version: {@code percent} (1 to 99) of new orders, by bucket, see it, the rest the active
     * version. A canary of the subject already running is ended as {@code superseded}.
     *
     * @param guard null for a canary no guard watches
     * @throws ApiProblem 400 naming the field for a percent or guard out of range, 404 for an unknown kind or version,
     *     409 when the version is the active one
     */
    Rollout start(String kind, String name, int version, int percent, @Nullable Guard guard);

    /**
     * Rolls the subject back at once: a running canary ends (its orders see the active version again); with none
     * running, the previous version is re-activated. Publishes {@link RolledBack}.
     *
     * @param reason null or blank for "rolled back by hand"
     * @throws ApiProblem 404 for an unknown kind, 409 when there is nothing to roll back to
     */
    Rollout rollback(String kind, String name, @Nullable String reason);

    /** The rollouts of the current tenant, newest first (at most 100): of a kind and name when given. */
    List<Rollout> list(@Nullable String kind, @Nullable String name);
}

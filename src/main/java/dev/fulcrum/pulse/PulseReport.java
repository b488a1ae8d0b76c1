package dev.fulcrum.pulse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The order pulse over a window, the wire shape of {@code GET /api/v1/pulse}: each figure's meaning and formula is in
 * docs/guide/pulse.md. Shares are between 0 and 1, null when there is nothing to divide by. {@code channel} is null
 * for the whole tenant; strategy coverage, backorders, dead webhooks and acknowledgements are always whole-tenant.
 */
public record PulseReport(
        String window,
        Instant from,
        Instant to,
        @Nullable String channel,
        long orders,
        Freshness freshness,
        Consistency consistency,
        Interception interception,
        StrategyCoverage strategyCoverage,
        CustomerIntervention customerIntervention,
        Exceptions exceptions,
        PromiseKept promiseKept) {

    /** Percentiles of a latency in seconds; null when nothing was measured. */
    public record Latency(
            long count,
            @Nullable Double p50Seconds,
            @Nullable Double p95Seconds,
            @Nullable Double p99Seconds,
            @Nullable Double meanSeconds) {}

    /** {@code intake}: channel {@code placedAt} to commit; {@code downstream}: commit to a subscriber's 2xx. */
    public record Freshness(Latency intake, Latency downstream) {}

    /** Orders acknowledged by a downstream system in the window and how many of them agree with Fulcrum now. */
    public record Consistency(
            long acknowledged, long agreeing, @Nullable Double share, List<Disagreement> disagreeing) {}

    /** An order some system sees differently from Fulcrum. */
    public record Disagreement(UUID orderId, String status, String system, String reported, Instant reportedAt) {}

    /** Holds placed and payloads rejected (quarantined) in the window, against the orders committed. */
    public record Interception(
            long orders,
            long held,
            long rejected,
            @Nullable Double share,
            @Nullable Double heldShare,
            Map<String, HoldFigure> byType) {}

    public record HoldFigure(long orders, @Nullable Double share) {}

    /** Sourcing decisions by a named strategy against those that fell back, and those left to a person. */
    public record StrategyCoverage(
            long decided,
            long byStrategy,
            long fallback,
            @Nullable Double share,
            long needsPerson,
            @Nullable Double needsPersonShare) {}

    public record CustomerIntervention(
            long orders,
            long changes,
            long cancellations,
            @Nullable Double per100Orders) {}

    /**
     * Things that went wrong in the window. {@code failedRuleActions} counts the rules module's failed actions once
     * that module exists; it is 0 until then.
     */
    public record Exceptions(
            long quarantined,
            long backorders,
            long deadWebhooks,
            long deadStatusReports,
            long failedRuleActions,
            long total) {}

    /** Deliveries in the window against their promised date, and the open orders already past it now. */
    public record PromiseKept(
            long delivered, long onTime, @Nullable Double share, long openLate) {}

    /** The figure an alert rule watches, by its name in {@link PulseMetric}; null when it has no value. */
    public @Nullable Double value(PulseMetric metric) {
        return metric.of(this);
    }
}

package dev.fulcrum.pulse;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An alert rule on a pulse figure: raised when {@code metric} over the last {@code window} is {@code above} (or
 * {@code below}) {@code threshold}, cleared when it no longer is or has no value. {@code channel} narrows it to one
 * channel; null watches the whole tenant.
 *
 * @param id a short name, unique among the tenant's rules ({@code [a-z0-9-]}, 1-64)
 * @param metric a {@link PulseMetric#key()}, for example {@code freshness.intake.p95Seconds}
 * @param comparison {@code above} or {@code below}
 * @param window an ISO-8601 duration from PT1M to P1D
 */
public record AlertRule(
        String id,
        String metric,
        String comparison,
        double threshold,
        String window,
        @Nullable String channel,
        boolean enabled) {

    /** Whether {@code value} breaks the rule; no value never does. */
    public boolean breachedBy(@Nullable Double value) {
        if (value == null) {
            return false;
        }
        return comparison.equals("below") ? value < threshold : value > threshold;
    }

    public Duration windowDuration() {
        return Duration.parse(window);
    }

    public PulseMetric pulseMetric() {
        return PulseMetric.byKey(metric).orElseThrow();
    }
}

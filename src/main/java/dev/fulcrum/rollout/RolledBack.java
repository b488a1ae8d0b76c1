package dev.fulcrum.rollout;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A rule, flow or sourcing profile was rolled back: a running canary ended (its orders see {@code toVersion} again) or
 * the previous version was re-activated. The events module publishes it as {@code <kind>.rolled-back}.
 *
 * @param fromVersion the version rolled back: the canary's, or the one that was active
 * @param toVersion the version orders see now
 * @param automatic whether a guard breach rolled it back, not a person
 * @param breach the guard, the metric over the canary and the rest, and the canary's orders; null when by hand
 */
public record RolledBack(
        UUID rolloutId,
        String kind,
        String name,
        int fromVersion,
        int toVersion,
        boolean automatic,
        String actor,
        String reason,
        @Nullable Map<String, Object> breach,
        Instant rolledBackAt) {

    /** The public event type: {@code rule.rolled-back}, {@code flow.rolled-back}, {@code sourcing-profile.rolled-back}. */
    public String publicType() {
        return kind + ".rolled-back";
    }
}

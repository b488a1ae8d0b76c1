package dev.fulcrum.rules;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One run of a rule version for one triggering event: {@code pending} (waiting for its first or next attempt),
 * {@code succeeded} or {@code failed} (every attempt failed; {@code lastError} says why and nothing of it was
 * applied).
 */
public record RuleRun(
        UUID id,
        String rule,
        int version,
        UUID eventId,
        String eventType,
        @Nullable UUID orderId,
        String status,
        int attempts,
        @Nullable String lastError,
        List<PlannedAction> actions,
        Instant createdAt,
        @Nullable Instant finishedAt) {

    public RuleRun {
        actions = List.copyOf(actions);
    }
}

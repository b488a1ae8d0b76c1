package dev.fulcrum.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One event for one subscription, with every attempt made to deliver it. */
public record WebhookDelivery(
        UUID id,
        UUID eventId,
        String eventType,
        String status,
        int attempts,
        @Nullable Instant nextAttemptAt,
        Instant createdAt,
        @Nullable Instant deliveredAt,
        @Nullable Instant deadAt,
        @Nullable Integer lastStatus,
        @Nullable String lastError,
        List<Attempt> attemptLog) {

    /** One HTTP attempt: when, the response status (none when the call failed), latency and a response excerpt. */
    public record Attempt(
            int attempt,
            Instant at,
            boolean succeeded,
            @Nullable Integer statusCode,
            int latencyMs,
            @Nullable String responseExcerpt,
            @Nullable String error) {}
}

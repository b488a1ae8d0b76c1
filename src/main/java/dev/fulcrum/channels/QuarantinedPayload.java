package dev.fulcrum.channels;

import dev.fulcrum.shared.FieldProblem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An authentic payload that could not become an order, stored raw with every reason. {@code topic} says how to read
 * {@code body} again (a webhook topic, import.csv, …); {@code status} is open, reprocessed or discarded.
 */
public record QuarantinedPayload(
        UUID id,
        UUID connectionId,
        String source,
        String topic,
        @Nullable String externalId,
        @Nullable String contentType,
        String body,
        List<FieldProblem> reasons,
        String status,
        Instant receivedAt,
        @Nullable Instant resolvedAt,
        @Nullable String resolvedBy,
        @Nullable String resolutionReason,
        @Nullable UUID orderId) {}

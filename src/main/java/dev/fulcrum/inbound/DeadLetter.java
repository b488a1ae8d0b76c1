package dev.fulcrum.inbound;

import dev.fulcrum.shared.FieldProblem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An inbound document that could not be applied, kept with the reason until it is retried (applied after a fix) or
 * discarded. {@code source}, {@code eventId}, {@code type} and {@code subject} are null when the document was too
 * malformed to say; {@code topic}, {@code partition}, {@code offset} and {@code key} only for documents from Kafka.
 *
 * @param status open, retried (applied by a retry) or discarded
 * @param attempts how many times it was tried: the first delivery and every failed retry
 */
public record DeadLetter(
        UUID id,
        @Nullable String source,
        @Nullable String eventId,
        @Nullable String type,
        @Nullable String subject,
        String transport,
        @Nullable String topic,
        @Nullable Integer partition,
        @Nullable Long offset,
        @Nullable String key,
        String document,
        String reason,
        List<FieldProblem> problems,
        String status,
        int attempts,
        Instant receivedAt,
        Instant lastAttemptAt,
        @Nullable Instant resolvedAt,
        @Nullable String resolvedBy,
        @Nullable String resolutionReason) {

    public static final String OPEN = "open";
    public static final String RETRIED = "retried";
    public static final String DISCARDED = "discarded";

    public DeadLetter {
        problems = List.copyOf(problems);
    }

    public boolean open() {
        return OPEN.equals(status);
    }
}

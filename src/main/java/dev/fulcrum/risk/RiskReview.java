package dev.fulcrum.risk;

import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A review case: an order the policy sent to review, on a {@code risk} hold until a person (or, past {@code dueAt},
 * the policy) approves or rejects it. {@code status} is {@code open}, {@code approved} or {@code rejected};
 * {@code escalatedAt} is set when it passed its SLA under a policy that escalates.
 */
public record RiskReview(
        UUID id,
        OrderId orderId,
        String status,
        int score,
        Instant openedAt,
        Instant dueAt,
        @Nullable Instant escalatedAt,
        @Nullable Instant decidedAt,
        @Nullable String decidedBy,
        @Nullable String reason) {}

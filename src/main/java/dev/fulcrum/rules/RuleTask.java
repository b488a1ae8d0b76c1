package dev.fulcrum.rules;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A task a rule created for a team, about an order. */
public record RuleTask(
        UUID id,
        String team,
        String title,
        @Nullable UUID orderId,
        String rule,
        int version,
        String status,
        @Nullable Instant dueAt,
        Instant createdAt) {}

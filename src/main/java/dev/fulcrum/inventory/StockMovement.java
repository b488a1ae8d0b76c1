package dev.fulcrum.inventory;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One append-only ledger entry: how on hand and reserved of a position moved, why, and for which order. */
public record StockMovement(
        UUID id,
        String locationId,
        String sku,
        String kind,
        int onHandDelta,
        int reservedDelta,
        @Nullable String reason,
        @Nullable UUID orderId,
        Instant at,
        String actor) {}

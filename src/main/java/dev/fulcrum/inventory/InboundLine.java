package dev.fulcrum.inventory;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Stock on its way to a location: one purchase-order line expected on a date. {@code status} is {@code open} (counts
 * towards availability from {@code expectedOn}), "received" (its units went on hand through a "receive"
 * movement) or {@code cancelled}; {@code reference} is what ordered it (a replenishment proposal's id), null when
 * entered by hand.
 */
public record InboundLine(
        UUID id,
        LocationId locationId,
        Sku sku,
        int quantity,
        LocalDate expectedOn,
        String status,
        String purchaseOrder,
        @Nullable String reference,
        Instant createdAt,
        String createdBy,
        @Nullable Instant receivedAt) {}

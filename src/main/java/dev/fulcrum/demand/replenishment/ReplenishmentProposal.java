package dev.fulcrum.demand.replenishment;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What to order of one SKU for one location, and why. {@code status} is "open" (due now: recomputed at every
 * listing, keeping its id), "approved" (its units are expected as inbound stock, {@code inboundId}) or
 * {@code none} (listed with {@code all=true}: the position needs nothing, no id). {@code explanation} holds every figure
 * of the calculation: forecast, error, service level and z, lead time and review period, safety stock, reorder point,
 * order-up-to, on hand, reserved, inbound, inventory position and the formula.
 */
public record ReplenishmentProposal(
        @Nullable UUID id,
        String locationId,
        String sku,
        String status,
        int quantity,
        LocalDate expectedOn,
        Instant computedAt,
        @Nullable Instant approvedAt,
        @Nullable String approvedBy,
        @Nullable UUID inboundId,
        JsonNode explanation) {}

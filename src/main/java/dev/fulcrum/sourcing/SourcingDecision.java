package dev.fulcrum.sourcing;

import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What sourcing decided for an order, and why: the wire shape of {@code GET /api/v1/orders/{id}/sourcing}.
 * {@code status} is {@code allocated}, {@code reserved} (held for an order waiting for payment until
 * {@code reservationExpiresAt}), {@code backordered}, {@code unsourceable}, {@code released}, {@code expired} or
 * {@code cancelled}. {@code profile} and {@code profileVersion} name the profile version that decided.
 */
@SuppressWarnings("InvalidParam") // {@code allocated} names a status, not the component unallocated
public record SourcingDecision(
        UUID id,
        OrderId orderId,
        String status,
        String profile,
        int profileVersion,
        String strategy,
        String objective,
        String search,
        Instant decidedAt,
        List<Shipment> shipments,
        List<Unallocated> unallocated,
        @Nullable Promise promise,
        String cost,
        long carbonGrams,
        @Nullable Instant reservationExpiresAt,
        List<Map<String, Object>> trace) {

    /** One parcel: the location, the carrier service, the lines, the promise, cost and emissions. */
    public record Shipment(
            String locationId,
            String carrierService,
            String carrier,
            String mode,
            boolean estimate,
            List<Line> lines,
            Instant shipBy,
            LocalDate deliverBy,
            String cost,
            String handlingCost,
            long carbonGrams) {}

    public record Line(int lineNo, String sku, int quantity) {}

    public record Unallocated(int lineNo, String sku, int quantity, String reason) {}

    /** The order's promise: the latest ship-by and deliver-by of its shipments. */
    public record Promise(Instant shipBy, LocalDate deliverBy, int promisedDays) {}

    public SourcingDecision withStatus(String newStatus) {
        return new SourcingDecision(
                id,
                orderId,
                newStatus,
                profile,
                profileVersion,
                strategy,
                objective,
                search,
                decidedAt,
                shipments,
                unallocated,
                promise,
                cost,
                carbonGrams,
                reservationExpiresAt,
                trace);
    }

    /** The decision without its trace, as public events carry it. */
    public SourcingDecision withoutTrace() {
        return new SourcingDecision(
                id,
                orderId,
                status,
                profile,
                profileVersion,
                strategy,
                objective,
                search,
                decidedAt,
                shipments,
                unallocated,
                promise,
                cost,
                carbonGrams,
                reservationExpiresAt,
                List.of());
    }
}

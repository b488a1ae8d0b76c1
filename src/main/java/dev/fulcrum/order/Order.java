package dev.fulcrum.order;

import dev.fulcrum.shared.OrderId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An order as Fulcrum holds it: the canonical order, its lines with their ledgers, derived status, holds, flow and
 * totals. This is also the wire shape of {@code GET /api/v1/orders/{id}} and of the {@code order} in public events.
 */
public record Order(
        OrderId id,
        String channel,
        String externalId,
        String currency,
        Customer customer,
        Address shippingAddress,
        @Nullable Address billingAddress,
        List<OrderLine> lines,
        @Nullable Payment payment,
        @Nullable String notes,
        List<String> tags,
        Map<String, Object> attributes,
        Instant placedAt,
        OrderStatus status,
        List<Hold> holds,
        FlowRef flow,
        BigDecimal total,
        Instant createdAt,
        Instant updatedAt) {

    /** The canonical status code of the data contract (0 pending payment … 4 cancelled). */
    @com.fasterxml.jackson.annotation.JsonProperty("statusCode")
    public int statusCode() {
        return status.code();
    }

    /** Sums one stage of the line ledger over all lines. */
    public int totalQuantity(java.util.function.ToIntFunction<LineQuantities> stage) {
        return lines.stream()
                .mapToInt(line -> stage.applyAsInt(line.quantities()))
                .sum();
    }
}

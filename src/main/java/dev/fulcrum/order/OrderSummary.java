package dev.fulcrum.order;

import dev.fulcrum.shared.OrderId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One row of the order list: enough to recognise an order and see where it stands. */
public record OrderSummary(
        OrderId id,
        String channel,
        String externalId,
        String currency,
        String customerName,
        OrderStatus status,
        BigDecimal total,
        Instant placedAt,
        List<String> tags,
        List<String> holds) {

    @com.fasterxml.jackson.annotation.JsonProperty("statusCode")
    public int statusCode() {
        return status.code();
    }
}

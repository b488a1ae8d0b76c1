package dev.fulcrum.order;

import dev.fulcrum.shared.AmountsIn;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.util.List;

/** One row of the order list: enough to recognise an order and see where it stands. */
@AmountsIn("currency")
public record OrderSummary(
        OrderId id,
        String channel,
        String externalId,
        String customerName,
        OrderStatus status,
        Money total,
        Instant placedAt,
        List<String> tags,
        List<String> holds) {

    /** The ISO 4217 code of the order's currency. */
    @com.fasterxml.jackson.annotation.JsonProperty("currency")
    public String currency() {
        return total.currency().getCurrencyCode();
    }

    @com.fasterxml.jackson.annotation.JsonProperty("statusCode")
    public int statusCode() {
        return status.code();
    }
}

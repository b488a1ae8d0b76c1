package dev.fulcrum.order;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An order that passed the data contract (see {@link OrderContract}) and is ready to be placed. A {@code null}
 * payment means the order waits for payment. Every amount of its lines and payment is in {@code currency} (an ISO 4217
 * code).
 */
public record NewOrder(
        String channel,
        String externalId,
        String currency,
        @Nullable Instant placedAt,
        Customer customer,
        Address shippingAddress,
        @Nullable Address billingAddress,
        List<NewOrderLine> lines,
        @Nullable Payment payment,
        @Nullable String notes,
        List<String> tags,
        Map<String, Object> attributes) {

    public NewOrder {
        lines = List.copyOf(lines);
        tags = List.copyOf(tags);
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        for (NewOrderLine line : lines) {
            if (!line.unitPrice().currency().getCurrencyCode().equals(currency)) {
                throw new IllegalArgumentException("line " + line.sku() + " is priced in "
                        + line.unitPrice().currency() + ", not " + currency);
            }
        }
    }
}

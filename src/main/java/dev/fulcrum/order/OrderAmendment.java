package dev.fulcrum.order;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Details of an order a channel may change after placing it, while nothing has shipped: each {@code null} field stays
 * as it is. Lines, amounts and the flow are not amendable here; they change through their own actions.
 */
public record OrderAmendment(
        @Nullable Customer customer,
        @Nullable Address shippingAddress,
        @Nullable Address billingAddress,
        @Nullable String notes,
        @Nullable List<String> tags,
        @Nullable Map<String, Object> attributes) {}

package dev.fulcrum.order;

import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.util.List;

/**
 * The returns of an order, listed on the order resource. The order module declares it and the returns module
 * implements it, so that the order depends on nothing downstream; without an implementation an order lists none.
 */
public interface ReturnsOfOrder {

    /** The order's returns, oldest first; empty when it has none. */
    List<ReturnReference> returnsOf(OrderId id);

    /** A return as the order lists it; {@code GET /api/v1/returns/{id}} has the whole return. */
    record ReturnReference(String id, String status, String resolution, int units, Instant requestedAt) {}
}

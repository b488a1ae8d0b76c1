package dev.fulcrum.returns.internal;

import dev.fulcrum.order.ReturnsOfOrder;
import dev.fulcrum.shared.OrderId;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Lists an order's returns on the order resource (the order module declares what it needs, this module answers). */
@Component
class OrderReturnsListing implements ReturnsOfOrder {

    private final ReturnStore store;

    OrderReturnsListing(ReturnStore store) {
        this.store = store;
    }

    @Override
    @Transactional(readOnly = true)
    public List<ReturnReference> returnsOf(OrderId id) {
        return store.forOrder(id).stream()
                .map(returned -> new ReturnReference(
                        returned.id().toString(),
                        returned.status().wireName(),
                        returned.resolution(),
                        returned.units(),
                        returned.requestedAt()))
                .toList();
    }
}

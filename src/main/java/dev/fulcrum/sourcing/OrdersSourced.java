package dev.fulcrum.sourcing;

import java.util.List;

/**
 * The orders of a batch placed together (bulk import, group commit) that sourcing allocated or backordered, published
 * once for the batch instead of one {@link OrderAllocated} or {@link OrderBackordered} each. Listeners treat it exactly
 * as those events in this order, and can write set-based.
 */
public record OrdersSourced(List<OrderSourced> sourced) {

    public OrdersSourced {
        sourced = List.copyOf(sourced);
    }
}

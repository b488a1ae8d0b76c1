package dev.fulcrum.order;

import java.util.List;

/**
 * Orders placed together in one transaction (group commit of the order API, bulk imports), published once for the
 * whole batch instead of one {@link OrderEvent.OrderPlaced} each. Listeners treat it exactly as that many
 * {@code OrderPlaced} events, but can do their work set-based: one statement per batch instead of one per order.
 */
public record OrdersPlaced(List<OrderEvent.OrderPlaced> placed) {

    public OrdersPlaced {
        placed = List.copyOf(placed);
    }

    public List<Order> orders() {
        return placed.stream().map(OrderEvent.OrderPlaced::order).toList();
    }
}

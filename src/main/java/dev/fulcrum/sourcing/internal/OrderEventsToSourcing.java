package dev.fulcrum.sourcing.internal;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderEvent;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrdersPlaced;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.Sku;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Reacts to order events just before the order's transaction commits: after every synchronous listener (the public
 * event log, risk checks that may hold the order) has run, and still inside the transaction, so that the order change,
 * its allocation, the reservations and the public events commit or roll back together. See ADR 0020.
 */
@Component
class OrderEventsToSourcing {

    private final OrderSourcing sourcing;
    private final InventoryLedger ledger;
    private final OrderManagement orders;

    OrderEventsToSourcing(OrderSourcing sourcing, InventoryLedger ledger, OrderManagement orders) {
        this.sourcing = sourcing;
        this.ledger = ledger;
        this.orders = orders;
    }

    /**
     * Orders placed together are sourced together (set-based reads and writes), before their transaction commits. An
     * order a listener changed since it was placed (held by the risk or compliance checks) is no longer the order
     * the batch carries: it is reconciled on its own, from the order as stored, and a held one is left alone.
     */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(OrdersPlaced batch) {
        List<Order> placed = batch.orders();
        Set<OrderId> changed =
                orders.changedSincePlaced(placed.stream().map(Order::id).toList());
        if (changed.isEmpty()) {
            sourcing.reconcilePlaced(placed);
            return;
        }
        sourcing.reconcilePlaced(
                placed.stream().filter(order -> !changed.contains(order.id())).toList());
        placed.stream().map(Order::id).filter(changed::contains).forEach(sourcing::reconcile);
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(OrderEvent event) {
        switch (event) {
            case OrderEvent.OrderPlaced placed ->
                sourcing.reconcile(placed.order().id());
            case OrderEvent.OrderPaid paid -> sourcing.reconcile(paid.order().id());
            case OrderEvent.OrderReleased released ->
                sourcing.reconcile(released.order().id());
            case OrderEvent.OrderHeld held -> {
                if (sourcing.releasesStock(held.hold().type())) {
                    sourcing.release(
                            held.order().id(),
                            "released",
                            "order held: " + held.hold().type());
                }
            }
            case OrderEvent.OrderCancelled cancelled ->
                sourcing.release(cancelled.order().id(), "cancelled", "order cancelled");
            case OrderEvent.OrderShipped shipped ->
                shipped.lines()
                        .forEach(line -> ledger.ship(shipped.order().id(), new Sku(line.sku()), line.quantity()));
            default -> {
                // delivered, and event types added later: nothing to do for stock
            }
        }
    }
}

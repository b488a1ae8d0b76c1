package dev.fulcrum.events;

import dev.fulcrum.order.OrderEvent;
import dev.fulcrum.order.OrdersPlaced;
import dev.fulcrum.shared.Ids;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Maps each internal order event to its public event, synchronously and inside the transaction that changed the
 * order, so that the change and its public event commit or roll back together.
 */
@Component
class OrderEventsToPublicLog {

    private final PublicEventLog log;

    OrderEventsToPublicLog(PublicEventLog log) {
        this.log = log;
    }

    @EventListener
    void on(OrderEvent event) {
        log.appendAll(List.of(toPublic(event)));
    }

    /** A batch of placed orders becomes its order.placed events, appended with one statement. */
    @EventListener
    void on(OrdersPlaced batch) {
        log.appendAll(
                batch.placed().stream().map(OrderEventsToPublicLog::toPublic).toList());
    }

    private static PublicEventLog.NewEvent toPublic(OrderEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order", event.order());
        switch (event) {
            case OrderEvent.OrderHeld held -> data.put("hold", held.hold());
            case OrderEvent.OrderReleased released -> data.put("released", released.holdType());
            case OrderEvent.OrderCancelled cancelled -> data.put("reason", cancelled.reason());
            case OrderEvent.OrderShipped shipped -> {
                data.put("lines", shipped.lines());
                data.put("carrier", shipped.carrier());
                data.put("trackingNumber", shipped.trackingNumber());
            }
            case OrderEvent.OrderDelivered delivered -> data.put("lines", delivered.lines());
            case OrderEvent.OrderUpdated updated -> data.put("changed", updated.changed());
            case OrderEvent.OrderRefunded refunded -> {
                data.put("returnId", refunded.returnId());
                data.put("amount", refunded.amount().toPlainString());
                data.put("currency", refunded.amount().currency().getCurrencyCode());
                data.put("lines", refunded.lines());
            }
            case OrderEvent.OrderPlaced placed -> {}
            case OrderEvent.OrderPaid paid -> {}
        }
        return new PublicEventLog.NewEvent(
                Ids.timeOrdered(),
                event.publicType(),
                event.order().id().value(),
                event.sequence(),
                event.occurredAt(),
                data);
    }
}

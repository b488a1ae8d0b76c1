package dev.fulcrum.events;

import dev.fulcrum.shared.Ids;
import dev.fulcrum.sourcing.OrderAllocated;
import dev.fulcrum.sourcing.OrderBackordered;
import dev.fulcrum.sourcing.OrderSourced;
import dev.fulcrum.sourcing.OrdersSourced;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns sourcing's decisions into the public events {@code order.allocated} (with the promise) and
 * {@code order.backordered}, inside the transaction that reserved the stock.
 */
@Component
class SourcingEventsToPublicLog {

    private final PublicEventLog log;

    SourcingEventsToPublicLog(PublicEventLog log) {
        this.log = log;
    }

    @EventListener
    void on(OrderAllocated allocated) {
        log.appendAll(List.of(toPublic(allocated)));
    }

    @EventListener
    void on(OrderBackordered backordered) {
        log.appendAll(List.of(toPublic(backordered)));
    }

    /** The orders of a batch sourced together become their events, appended with one statement. */
    @EventListener
    void on(OrdersSourced batch) {
        log.appendAll(batch.sourced().stream()
                .map(SourcingEventsToPublicLog::toPublic)
                .toList());
    }

    private static PublicEventLog.NewEvent toPublic(OrderSourced sourced) {
        String type = switch (sourced) {
            case OrderAllocated allocated -> "order.allocated";
            case OrderBackordered backordered -> "order.backordered";
        };
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", sourced.decision().orderId().toString());
        data.put("promise", sourced.decision().promise());
        data.put("sourcing", sourced.decision().withoutTrace());
        return new PublicEventLog.NewEvent(
                Ids.timeOrdered(),
                type,
                sourced.decision().orderId().value(),
                sourced.sequence(),
                sourced.occurredAt(),
                data);
    }
}

package dev.fulcrum.events;

import dev.fulcrum.shared.Ids;
import dev.fulcrum.sourcing.OrderAllocated;
import dev.fulcrum.sourcing.OrderBackordered;
import dev.fulcrum.sourcing.SourcingDecision;
import java.time.Instant;
import java.util.LinkedHashMap;
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
        append("order.allocated", allocated.decision(), allocated.sequence(), allocated.occurredAt());
    }

    @EventListener
    void on(OrderBackordered backordered) {
        append("order.backordered", backordered.decision(), backordered.sequence(), backordered.occurredAt());
    }

    private void append(String type, SourcingDecision decision, long sequence, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", decision.orderId().toString());
        data.put("promise", decision.promise());
        data.put("sourcing", decision.withoutTrace());
        log.append(Ids.timeOrdered(), type, decision.orderId().value(), sequence, at, data);
    }
}

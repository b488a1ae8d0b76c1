package dev.fulcrum.events;

import dev.fulcrum.returns.ReturnEvent;
import dev.fulcrum.shared.Ids;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the returns module's events into the public events {@code return.requested}, {@code return.approved},
 * {@code return.rejected}, {@code return.received} and {@code return.closed}, inside the transaction that changed the
 * return, keyed by the return's order and numbered in its sequence. ({@code return.refunded} is the order's own
 * refund event, mapped with the other order events.)
 */
@Component
class ReturnEventsToPublicLog {

    private final PublicEventLog log;

    ReturnEventsToPublicLog(PublicEventLog log) {
        this.log = log;
    }

    @EventListener
    void on(ReturnEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("return", event.returned());
        if (event instanceof ReturnEvent.ReturnRejected rejected) {
            data.put("reason", rejected.reason());
        }
        log.appendAll(List.of(new PublicEventLog.NewEvent(
                Ids.timeOrdered(),
                event.publicType(),
                event.returned().orderId().value(),
                event.sequence(),
                event.occurredAt(),
                data)));
    }
}

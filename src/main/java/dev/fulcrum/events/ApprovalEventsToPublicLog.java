package dev.fulcrum.events;

import dev.fulcrum.approvals.ApprovalEvent;
import dev.fulcrum.shared.Ids;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the approvals module's events into the public events {@code approval.requested}, {@code approval.decided} and
 * {@code approval.escalated}, inside the transaction that made them, keyed by the order. Like the risk events they
 * take no number in the order's sequence: the {@code order.held}, {@code order.released} or {@code order.cancelled}
 * an approval causes is the change of the order.
 */
@Component
class ApprovalEventsToPublicLog {

    private final PublicEventLog log;

    ApprovalEventsToPublicLog(PublicEventLog log) {
        this.log = log;
    }

    @EventListener
    void on(ApprovalEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("approval", event.approval());
        if (event instanceof ApprovalEvent.Decided decided) {
            data.put("decision", decided.decision());
        }
        log.appendAll(java.util.List.of(new PublicEventLog.NewEvent(
                Ids.timeOrdered(),
                event.publicType(),
                event.approval().orderId().value(),
                null,
                event.occurredAt(),
                data)));
    }
}

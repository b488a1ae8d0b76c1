package dev.fulcrum.events;

import dev.fulcrum.returns.ClaimCreated;
import dev.fulcrum.returns.ReturnEvent;
import dev.fulcrum.shared.Ids;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the returns module's events into the public events {@code return.requested}, {@code return.approved},
 * {@code return.rejected}, {@code return.received}, {@code return.closed}, {@code return.retention-accepted},
 * {@code exchange.created} and {@code claim.created}, inside the transaction that changed the
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
        if (event instanceof ReturnEvent.RetentionAccepted retention) {
            data.put("amount", retention.amount().toPlainString());
            data.put("currency", retention.returned().currency());
        }
        if (event instanceof ReturnEvent.ExchangeCreated exchange) {
            data.put("replacementOrderId", exchange.replacementOrderId().toString());
        }
        log.appendAll(List.of(new PublicEventLog.NewEvent(
                Ids.timeOrdered(),
                event.publicType(),
                event.returned().orderId().value(),
                event.sequence(),
                event.occurredAt(),
                data)));
    }

    /** A claim, keyed by the order it is about, numbered in that order's sequence. */
    @EventListener
    void on(ClaimCreated claim) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", claim.claimId().toString());
        data.put("orderId", claim.orderId().toString());
        data.put("type", claim.type());
        data.put("resolution", claim.resolution());
        data.put("lines", claim.lines());
        data.put("note", claim.note());
        data.put(
                "replacementOrderId",
                claim.replacementOrderId() == null
                        ? null
                        : claim.replacementOrderId().toString());
        data.put(
                "refundAmount",
                claim.refundAmount() == null ? null : claim.refundAmount().toPlainString());
        log.appendAll(List.of(new PublicEventLog.NewEvent(
                Ids.timeOrdered(),
                "claim.created",
                claim.orderId().value(),
                claim.sequence(),
                claim.occurredAt(),
                data)));
    }
}

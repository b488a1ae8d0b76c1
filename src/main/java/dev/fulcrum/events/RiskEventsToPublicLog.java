package dev.fulcrum.events;

import dev.fulcrum.risk.RiskAssessment;
import dev.fulcrum.risk.RiskEvent;
import dev.fulcrum.risk.RiskReview;
import dev.fulcrum.shared.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the risk module's events into the public events {@code order.risk-assessed} (one per order of an assessed
 * batch, appended with one statement), {@code risk.review-opened} and {@code risk.review-decided}, inside the
 * transaction that made them, keyed by the order. They take no number in the order's sequence: they are not changes
 * of the order (the {@code order.held} or {@code order.cancelled} a decision causes is).
 */
@Component
class RiskEventsToPublicLog {

    private final PublicEventLog log;

    RiskEventsToPublicLog(PublicEventLog log) {
        this.log = log;
    }

    @EventListener
    void on(RiskEvent event) {
        List<PublicEventLog.NewEvent> events = new ArrayList<>();
        switch (event) {
            case RiskEvent.OrdersRiskAssessed assessed -> {
                for (RiskAssessment assessment : assessed.assessments()) {
                    var orderId = java.util.Objects.requireNonNull(assessment.orderId());
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("orderId", orderId.toString());
                    data.put("score", assessment.score());
                    data.put("decision", assessment.decision());
                    data.put("modelVersion", assessment.modelVersion());
                    data.put("policyVersion", assessment.policyVersion());
                    data.put("explanation", assessment.explanation());
                    events.add(new PublicEventLog.NewEvent(
                            Ids.timeOrdered(), event.publicType(), orderId.value(), null, event.occurredAt(), data));
                }
            }
            case RiskEvent.ReviewOpened opened -> events.add(review(event, opened.review()));
            case RiskEvent.ReviewDecided decided -> events.add(review(event, decided.review()));
        }
        if (!events.isEmpty()) {
            log.appendAll(events);
        }
    }

    private static PublicEventLog.NewEvent review(RiskEvent event, RiskReview review) {
        return new PublicEventLog.NewEvent(
                Ids.timeOrdered(),
                event.publicType(),
                review.orderId().value(),
                null,
                event.occurredAt(),
                Map.of("review", review));
    }
}

package dev.fulcrum.risk;

import java.time.Instant;
import java.util.List;

/**
 * Something the risk module did, published inside the transaction that did it; the {@code events} module maps each to
 * the public event {@link #publicType()}.
 */
public sealed interface RiskEvent {

    Instant occurredAt();

    String publicType();

    /**
     * Orders placed together were assessed at intake and sent to review or rejected (accepted ones are not published):
     * one public event per order, appended in one statement.
     */
    record OrdersRiskAssessed(List<RiskAssessment> assessments, Instant occurredAt) implements RiskEvent {
        public OrdersRiskAssessed {
            assessments = List.copyOf(assessments);
        }

        @Override
        public String publicType() {
            return "order.risk-assessed";
        }
    }

    /** A review case was opened for an order the policy sent to review. */
    record ReviewOpened(RiskReview review, Instant occurredAt) implements RiskEvent {
        @Override
        public String publicType() {
            return "risk.review-opened";
        }
    }

    /** A review case was approved or rejected, by a person or by the policy past its SLA. */
    record ReviewDecided(RiskReview review, Instant occurredAt) implements RiskEvent {
        @Override
        public String publicType() {
            return "risk.review-decided";
        }
    }
}

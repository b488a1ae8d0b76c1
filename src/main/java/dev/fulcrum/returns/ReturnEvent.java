package dev.fulcrum.returns;

import dev.fulcrum.shared.OrderId;
import java.time.Instant;

/**
 * Something that happened to a return, published inside the transaction that changed it, with the order event
 * sequence number the step took on its order. The {@code events} module maps each to the public event of
 * {@link #publicType()}; the refund is the order's own event ({@code return.refunded}).
 */
public sealed interface ReturnEvent {

    Return returned();

    long sequence();

    Instant occurredAt();

    String publicType();

    record ReturnRequested(Return returned, long sequence, Instant occurredAt) implements ReturnEvent {
        @Override
        public String publicType() {
            return "return.requested";
        }
    }

    record ReturnApproved(Return returned, long sequence, Instant occurredAt) implements ReturnEvent {
        @Override
        public String publicType() {
            return "return.approved";
        }
    }

    record ReturnRejected(Return returned, String reason, long sequence, Instant occurredAt) implements ReturnEvent {
        @Override
        public String publicType() {
            return "return.rejected";
        }
    }

    record ReturnReceived(Return returned, long sequence, Instant occurredAt) implements ReturnEvent {
        @Override
        public String publicType() {
            return "return.received";
        }
    }

    record ReturnClosed(Return returned, long sequence, Instant occurredAt) implements ReturnEvent {
        @Override
        public String publicType() {
            return "return.closed";
        }
    }

    /**
     * The customer accepted a retention offer: the offered {@code amount} was refunded (published as
     * {@code return.refunded}) and the return closed with the units kept.
     */
    record RetentionAccepted(Return returned, java.math.BigDecimal amount, long sequence, Instant occurredAt)
            implements ReturnEvent {
        @Override
        public String publicType() {
            return "return.retention-accepted";
        }
    }

    /** An exchange's replacement order was placed at approval (its stock reserved by sourcing as for any order). */
    record ExchangeCreated(Return returned, OrderId replacementOrderId, long sequence, Instant occurredAt)
            implements ReturnEvent {
        @Override
        public String publicType() {
            return "exchange.created";
        }
    }
}

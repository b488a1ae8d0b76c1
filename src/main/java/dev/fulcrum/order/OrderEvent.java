package dev.fulcrum.order;

import dev.fulcrum.shared.Money;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to an order, published inside the transaction that changed it. Internal to Fulcrum and
 * free to change; the {@code events} module maps each to a versioned public event of {@link #publicType()}.
 * {@code sequence} numbers an order's events 1, 2, 3, … in the order they happened.
 */
public sealed interface OrderEvent {

    Order order();

    long sequence();

    Instant occurredAt();

    /** The public event type this maps to, for example {@code order.placed}. */
    String publicType();

    record OrderPlaced(Order order, long sequence, Instant occurredAt) implements OrderEvent {
        @Override
        public String publicType() {
            return "order.placed";
        }
    }

    record OrderPaid(Order order, long sequence, Instant occurredAt) implements OrderEvent {
        @Override
        public String publicType() {
            return "order.paid";
        }
    }

    record OrderHeld(Order order, Hold hold, long sequence, Instant occurredAt) implements OrderEvent {
        @Override
        public String publicType() {
            return "order.held";
        }
    }

    record OrderReleased(Order order, String holdType, long sequence, Instant occurredAt) implements OrderEvent {
        @Override
        public String publicType() {
            return "order.released";
        }
    }

    record OrderCancelled(Order order, @Nullable String reason, long sequence, Instant occurredAt)
            implements OrderEvent {
        @Override
        public String publicType() {
            return "order.cancelled";
        }
    }

    record OrderShipped(
            Order order,
            List<LineMovement> lines,
            @Nullable String carrier,
            @Nullable String trackingNumber,
            long sequence,
            Instant occurredAt)
            implements OrderEvent {
        @Override
        public String publicType() {
            return "order.shipped";
        }
    }

    record OrderDelivered(Order order, List<LineMovement> lines, long sequence, Instant occurredAt)
            implements OrderEvent {
        @Override
        public String publicType() {
            return "order.delivered";
        }
    }

    /**
     * The channel changed details of the order that do not move it through its flow (customer, addresses, notes, tags,
     * attributes); {@code changed} names the fields that changed.
     */
    record OrderUpdated(Order order, List<String> changed, long sequence, Instant occurredAt) implements OrderEvent {
        @Override
        public String publicType() {
            return "order.updated";
        }
    }

    /**
     * Money was paid back for a return: {@code amount} in the order's currency for the {@code lines} returned. Public
     * as {@code return.refunded}: the order's refund and the return's are one fact, published once.
     */
    record OrderRefunded(
            Order order, String returnId, Money amount, List<LineMovement> lines, long sequence, Instant occurredAt)
            implements OrderEvent {
        @Override
        public String publicType() {
            return "return.refunded";
        }
    }

    /** Units of one line moving to the next stage (shipped, delivered). */
    record LineMovement(int lineNo, String sku, int quantity) {}
}

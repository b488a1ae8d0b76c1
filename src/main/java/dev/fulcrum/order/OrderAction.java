package dev.fulcrum.order;

import dev.fulcrum.shared.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Something done to an order, as a typed value. {@link Order#apply} checks it against the order's flow and line ledger
 * and answers with the order after it or a refusal naming the reason; {@link OrderManagement#apply} loads, applies,
 * saves and publishes. {@link #name()} is the action's name in flows ({@code pay}, {@code ship}, or a custom action's
 * own name).
 */
public sealed interface OrderAction {

    /** The action's name as flows and the audit log know it. */
    String name();

    /**
     * Marks the payment captured and releases the payment hold; null method and amount keep or default them. The
     * amount is in the order's currency: one with more decimals than its minor unit is refused, never rounded.
     */
    record Pay(@Nullable String method, @Nullable BigDecimal amount) implements OrderAction {
        @Override
        public String name() {
            return "pay";
        }
    }

    /** Puts a hold of one of {@link dev.fulcrum.order.Hold#TYPES} on the order. */
    record Hold(String type, String reason) implements OrderAction {
        @Override
        public String name() {
            return "hold";
        }
    }

    /** Releases the hold of the given type, or every hold when {@code type} is null. */
    record Release(@Nullable String type) implements OrderAction {
        @Override
        public String name() {
            return "release";
        }
    }

    /**
     * Records how many units of each named line sourcing has allocated (absolute figures; lines not named keep theirs)
     * and the promise dates of the allocation (null: no promise, for example when the allocation is released). Not a
     * flow transition: the status does not change and no order event is published (sourcing publishes its own).
     */
    record Allocate(
            List<LineQuantity> lines,
            @Nullable Instant shipBy,
            @Nullable LocalDate deliverBy) implements OrderAction {
        public Allocate {
            lines = List.copyOf(lines);
        }

        @Override
        public String name() {
            return "allocate";
        }
    }

    /** Ships the given quantities, or everything still open when {@code lines} is empty. */
    record Ship(
            List<LineQuantity> lines,
            @Nullable String carrier,
            @Nullable String trackingNumber) implements OrderAction {
        public Ship {
            lines = List.copyOf(lines);
        }

        @Override
        public String name() {
            return "ship";
        }
    }

    /** Records delivery of the given quantities, or of everything in transit when {@code lines} is empty. */
    record Deliver(List<LineQuantity> lines) implements OrderAction {
        public Deliver {
            lines = List.copyOf(lines);
        }

        @Override
        public String name() {
            return "deliver";
        }
    }

    /** Cancels every unit that has not shipped and clears the holds. */
    record Cancel(@Nullable String reason) implements OrderAction {
        @Override
        public String name() {
            return "cancel";
        }
    }

    /**
     * Changes the details a channel may still change (customer, addresses, notes, tags, attributes) while nothing has
     * shipped and the order is not cancelled. Not a flow transition: the status stays.
     */
    record Amend(OrderAmendment amendment) implements OrderAction {
        @Override
        public String name() {
            return "amend";
        }
    }

    /**
     * Asks delivered units back for return {@code returnId}: each line's return-requested quantity grows, refused when
     * a line has fewer units delivered and not yet returned or asked back. Not a flow transition: the status stays
     * (a return has its own statuses) and no order event is published (the returns module publishes its own).
     */
    record RequestReturn(String returnId, List<LineQuantity> lines) implements OrderAction {
        public RequestReturn {
            lines = List.copyOf(lines);
        }

        @Override
        public String name() {
            return "request_return";
        }
    }

    /**
     * A step of return {@code returnId} that moves no units (approved, a pickup scanned): recorded on the order's
     * timeline with its {@code details}. Not a flow transition; no order event.
     */
    record RecordReturnStep(String returnId, String step, Map<String, Object> details) implements OrderAction {
        public RecordReturnStep {
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }

        @Override
        public String name() {
            return "return_" + step;
        }
    }

    /**
     * Units asked back by return {@code returnId} that will not come back (rejected, or closed without them): the
     * return-requested quantity shrinks. Not a flow transition; no order event.
     */
    record WithdrawReturn(
            String returnId,
            List<LineQuantity> lines,
            @Nullable String reason) implements OrderAction {
        public WithdrawReturn {
            lines = List.copyOf(lines);
        }

        @Override
        public String name() {
            return "withdraw_return";
        }
    }

    /**
     * Units of return {@code returnId} received back: they move from return requested to returned. Not a flow
     * transition; no order event.
     */
    record ReceiveReturn(String returnId, List<LineQuantity> lines) implements OrderAction {
        public ReceiveReturn {
            lines = List.copyOf(lines);
        }

        @Override
        public String name() {
            return "receive_return";
        }
    }

    /**
     * Money paid back to the customer for return {@code returnId}, in the order's currency, split over the lines
     * returned. Recorded on the order's timeline and published as {@link OrderEvent.OrderRefunded}, which the channel
     * the order came from is told about. Refused for an order without a captured payment or in another currency.
     * {@code kept}: the customer keeps the units (a keep-it refund), so they leave return requested for returned in the
     * same step: refunded, never to be asked back again.
     */
    record Refund(String returnId, Money amount, List<LineQuantity> lines, boolean kept) implements OrderAction {
        public Refund {
            lines = List.copyOf(lines);
        }

        @Override
        public String name() {
            return "refund";
        }
    }

    /**
     * An action a flow defines for itself (for example {@code pay_deposit}), with its parameters. The standard aggregate
     * only checks that the flow allows it and lets the flow's effects change the order.
     */
    record Custom(String name, Map<String, Object> parameters) implements OrderAction {
        public Custom {
            parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /**
     * An action a flow defines for itself that performs a built-in change under its own name (for example
     * {@code pay_balance} performing {@link Pay}): the flow is asked about {@code name}, the change and its event are
     * those of {@code performs}.
     */
    record Named(String name, OrderAction performs) implements OrderAction {
        public Named {
            if (performs instanceof Named || performs instanceof Custom) {
                throw new IllegalArgumentException("a named action performs a built-in one, not " + performs.name());
            }
        }
    }

    /**
     * Who acts and when, and the sequence number the order's next event takes (the one after its last).
     *
     * @param actor the user, API key or system component acting
     */
    record Context(String actor, Instant at, long sequence) {}
}

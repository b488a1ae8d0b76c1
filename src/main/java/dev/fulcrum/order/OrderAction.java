package dev.fulcrum.order;

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

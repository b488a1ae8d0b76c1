package dev.fulcrum.sourcing;

import dev.fulcrum.shared.Money;
import java.time.Instant;

/** Sourcing's outcome for a paid order: allocated or backordered; {@code sequence} is the order's event number. */
public sealed interface OrderSourced permits OrderAllocated, OrderBackordered {

    SourcingDecision decision();

    /** What the allocated shipments cost, in the order's currency to its minor unit (zero when none is allocated). */
    Money cost();

    long sequence();

    Instant occurredAt();
}

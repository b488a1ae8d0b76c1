package dev.fulcrum.sourcing;

import java.time.Instant;

/** Sourcing's outcome for a paid order: allocated or backordered; {@code sequence} is the order's event number. */
public sealed interface OrderSourced permits OrderAllocated, OrderBackordered {

    SourcingDecision decision();

    long sequence();

    Instant occurredAt();
}

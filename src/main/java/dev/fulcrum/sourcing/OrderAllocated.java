package dev.fulcrum.sourcing;

import java.time.Instant;

/** Sourcing allocated every line of a paid order and reserved its stock; {@code sequence} is the order's event number. */
public record OrderAllocated(SourcingDecision decision, long sequence, Instant occurredAt) implements OrderSourced {}

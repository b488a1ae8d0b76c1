package dev.fulcrum.sourcing;

import java.time.Instant;

/** Sourcing could not allocate some lines of a paid order; what it could allocate is reserved. */
public record OrderBackordered(SourcingDecision decision, long sequence, Instant occurredAt) implements OrderSourced {}

package dev.fulcrum.sourcing;

import dev.fulcrum.shared.Money;
import java.time.Instant;

/** Sourcing could not allocate some lines of a paid order; what it could allocate is reserved. */
public record OrderBackordered(SourcingDecision decision, Money cost, long sequence, Instant occurredAt)
        implements OrderSourced {}

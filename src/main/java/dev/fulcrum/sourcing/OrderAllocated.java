package dev.fulcrum.sourcing;

import dev.fulcrum.shared.Money;
import java.time.Instant;

/** Sourcing allocated every line of a paid order and reserved its stock; {@code sequence} is the order's event number. */
public record OrderAllocated(SourcingDecision decision, Money cost, long sequence, Instant occurredAt)
        implements OrderSourced {}

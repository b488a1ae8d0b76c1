package dev.fulcrum.contracts;

import java.time.Instant;

/** A soft rule a subject (an order) failed at intake, as recorded: under which contract version and when. */
public record ContractFlag(
        String contract, int version, String rule, String field, String message, Instant flaggedAt) {}

package dev.fulcrum.order;

import java.time.Instant;
import java.util.Set;

/**
 * A reason an order must not move on, kept alongside its status: who placed it, when and why. An order holds at most
 * one hold of each type.
 */
public record Hold(String type, String reason, String by, Instant at) {

    /** The hold types Fulcrum knows; other modules add holds of these types only. */
    public static final Set<String> TYPES = Set.of(
            "payment", "risk", "manual", "address", "inventory", "unsourceable", "compliance", "delivery", "approval");
}

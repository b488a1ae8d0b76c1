package dev.fulcrum.rollout;

import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Canary rollouts of versioned rules, flows and sourcing profiles: which version an order sees. A rollout applies the
 * candidate version to the orders whose {@link #bucket bucket} is below its percent, so one order always sees one
 * version.
 */
public interface Rollouts {

    /** A running canary: the candidate version and the share of orders it governs. */
    record Canary(int version, int percent, Instant startedAt) {}

    /**
     * The share bucket of an order, 0 to 99: the low 32 bits of its id modulo 100. The same in SQL:
     * {@code ('x' || right(replace(id::text, '-', ''), 8))::bit(32)::bigint % 100}.
     */
    static int bucket(OrderId order) {
        return (int) ((order.value().getLeastSignificantBits() & 0xffffffffL) % 100);
    }

    /**
     * The version of the named subject an order sees: the canary version while a rollout runs and the order's bucket
     * is below its percent, else {@code activeVersion} (0 when none is active). Answered from memory.
     *
     * @param kind {@code rule}, {@code flow} or {@code sourcing-profile}
     */
    int versionFor(TenantId tenant, String kind, String name, OrderId order, int activeVersion);

    /** The running canary of the named subject, if any. */
    Optional<Canary> canary(TenantId tenant, String kind, String name);

    /** Ends a running rollout of the subject because its version was activated in full; nothing when none runs. */
    void finish(TenantId tenant, String kind, String name);
}

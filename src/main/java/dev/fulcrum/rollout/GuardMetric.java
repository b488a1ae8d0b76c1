package dev.fulcrum.rollout;

import dev.fulcrum.shared.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * A metric a rollout's guard watches, computed separately for the canary share (the orders whose
 * {@link Rollouts#bucket bucket} is below the rollout's percent) and for the rest of the orders placed since an
 * instant. The modules that own the data provide the beans (the order module {@code hold-rate} and
 * {@code cancellation-rate}, sourcing {@code cost-per-order}), so the rollout module reads no other module's tables.
 * Called inside a transaction of the tenant.
 */
public interface GuardMetric {

    /** The name a guard names it by, e.g. {@code hold-rate}. */
    String name();

    /**
     * The metric over the orders placed since {@code since} in the canary share ({@code canary}) or the rest; empty
     * when there are no such orders.
     */
    Optional<Sample> sample(TenantId tenant, Instant since, int percent, boolean canary);

    /** A metric's value and the number of orders it is computed over. */
    record Sample(double value, long orders) {}

    /**
     * The SQL condition that an order id column is in the canary share ({@code canary}) or the rest, with the bucket
     * expression of {@link Rollouts#bucket}; {@code percent} is an int, so the text is safe to embed.
     */
    static String shareCondition(String idColumn, int percent, boolean canary) {
        return "(('x' || right(replace(" + idColumn + "::text, '-', ''), 8))::bit(32)::bigint % 100) "
                + (canary ? "< " : ">= ") + percent;
    }
}

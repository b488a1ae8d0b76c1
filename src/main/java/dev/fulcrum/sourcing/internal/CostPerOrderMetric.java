package dev.fulcrum.sourcing.internal;

import dev.fulcrum.rollout.GuardMetric;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The guard metric {@code cost-per-order}: the mean shipping cost of the current sourcing decisions of the orders
 * decided since an instant, in the canary share or the rest (amounts in their own currencies, added as numbers: a
 * guard compares like with like when a tenant sells in one currency).
 */
@Component
class CostPerOrderMetric implements GuardMetric {

    private final JdbcClient jdbc;

    CostPerOrderMetric(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "cost-per-order";
    }

    @Override
    public Optional<Sample> sample(TenantId tenant, Instant since, int percent, boolean canary) {
        return jdbc.sql("select count(*) as orders, avg((d.decision->>'cost')::numeric) as cost"
                        + " from sourcing_decisions d where d.tenant_id = ? and not d.superseded and d.created_at >= ?"
                        + " and d.decision->>'cost' ~ '^-?[0-9]+(\\.[0-9]+)?$' and "
                        + GuardMetric.shareCondition("d.order_id", percent, canary))
                .params(tenant.value(), Timestamp.from(since))
                .query((rs, row) -> {
                    long orders = rs.getLong("orders");
                    return orders == 0
                            ? Optional.<Sample>empty()
                            : Optional.of(new Sample(rs.getBigDecimal("cost").doubleValue(), orders));
                })
                .single();
    }
}

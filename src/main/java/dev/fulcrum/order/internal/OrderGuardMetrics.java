package dev.fulcrum.order.internal;

import dev.fulcrum.rollout.GuardMetric;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The guard metrics of orders: {@code hold-rate} (the share of the orders placed since an instant that are on hold
 * now) and {@code cancellation-rate} (the share of them that are cancelled), over the canary share or the rest.
 */
@Configuration(proxyBeanMethods = false)
class OrderGuardMetrics {

    @Bean
    GuardMetric holdRate(JdbcClient jdbc) {
        return new Rate(
                jdbc,
                "hold-rate",
                "exists (select 1 from order_holds h where h.tenant_id = o.tenant_id and h.order_id = o.id)");
    }

    @Bean
    GuardMetric cancellationRate(JdbcClient jdbc) {
        return new Rate(jdbc, "cancellation-rate", "o.status = 'cancelled'");
    }

    /** The share of orders placed since an instant that meet a condition. */
    private record Rate(JdbcClient jdbc, String name, String condition) implements GuardMetric {

        @Override
        public Optional<Sample> sample(TenantId tenant, Instant since, int percent, boolean canary) {
            return jdbc.sql("select count(*) as orders, count(*) filter (where " + condition + ") as meeting"
                            + " from orders o where o.tenant_id = ? and o.created_at >= ? and "
                            + GuardMetric.shareCondition("o.id", percent, canary))
                    .params(tenant.value(), Timestamp.from(since))
                    .query((rs, row) -> {
                        long orders = rs.getLong("orders");
                        return orders == 0
                                ? Optional.<Sample>empty()
                                : Optional.of(new Sample((double) rs.getLong("meeting") / orders, orders));
                    })
                    .single();
        }
    }
}

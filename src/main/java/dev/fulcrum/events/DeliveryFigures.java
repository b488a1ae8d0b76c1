package dev.fulcrum.events;

import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhook deliveries minute by minute, for the order pulse (issue 15): how long subscribers took to acknowledge an
 * event (2xx) after it was committed, and which deliveries died. Read-only; reads through partial indexes that hold
 * only delivered or dead deliveries, so intake's inserts pay nothing for them. Every figure is of the current tenant.
 */
@Component
public class DeliveryFigures {

    private final JdbcClient jdbc;

    DeliveryFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One bucket of the histogram of seconds from an event's commit to its webhook 2xx, for one minute. */
    public record AcknowledgementLag(Instant minute, int bucket, long deliveries, double seconds) {}

    /**
     * The webhook deliveries acknowledged in [from, to), by minute and bucket of seconds since the event occurred
     * (bucket n holds lags below the n-th bound, the last everything above).
     */
    @Transactional(readOnly = true)
    public List<AcknowledgementLag> webhookLag(Instant from, Instant to, double[] boundsSeconds) {
        return jdbc.sql("""
                select minute, width_bucket(lag, ?::float8[]), count(*), sum(lag)
                from (select date_trunc('minute', d.delivered_at) as minute,
                          greatest(extract(epoch from d.delivered_at - e.occurred_at)::float8, 0) as lag
                      from webhook_deliveries d
                      join public_events e on e.tenant_id = d.tenant_id and e.position = d.event_position
                      where d.tenant_id = ? and d.delivered_at >= ? and d.delivered_at < ?) w
                group by 1, 2""")
                .params(boundsSeconds, tenant(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new AcknowledgementLag(
                        rs.getTimestamp(1).toInstant(), rs.getInt(2), rs.getLong(3), rs.getDouble(4)))
                .list();
    }

    /** Deliveries that died (retries exhausted) in a minute. */
    public record DeadCount(Instant minute, long deliveries) {}

    @Transactional(readOnly = true)
    public List<DeadCount> deadWebhooks(Instant from, Instant to) {
        return jdbc.sql("""
                select date_trunc('minute', dead_at), count(*) from webhook_deliveries
                where tenant_id = ? and dead_at >= ? and dead_at < ? group by 1""")
                .params(tenant(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new DeadCount(rs.getTimestamp(1).toInstant(), rs.getLong(2)))
                .list();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

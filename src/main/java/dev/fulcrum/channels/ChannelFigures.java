package dev.fulcrum.channels;

import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts of quarantined payloads and of status reports sent back to channels, minute by minute, for the order pulse
 * (issue 15). Read-only and never on the intake path. Every figure is of the current tenant.
 */
@Component
public class ChannelFigures {

    private final JdbcClient jdbc;

    ChannelFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Payloads a connection of {@code channel} received in a minute and put in quarantine. */
    public record QuarantineCount(Instant minute, String channel, long payloads) {}

    /** The payloads quarantined in [from, to), by minute and the channel of their connection. */
    @Transactional(readOnly = true)
    public List<QuarantineCount> quarantined(Instant from, Instant to) {
        return jdbc.sql("""
                select date_trunc('minute', q.received_at), coalesce(c.channel, ''), count(*) from quarantine q
                left join channel_connections c on c.tenant_id = q.tenant_id and c.id = q.connection_id
                where q.tenant_id = ? and q.received_at >= ? and q.received_at < ? group by 1, 2""")
                .params(tenant(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new QuarantineCount(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getLong(3)))
                .list();
    }

    /**
     * One bucket of the histogram of seconds from an order change to the channel acknowledging its status report
     * (2xx), for reports acknowledged in a minute; see {@code OrderFigures.intakeLag} for the buckets.
     */
    public record ReportLag(Instant minute, String channel, int bucket, long reports, double seconds) {}

    /** The status reports the channels acknowledged in [from, to), by minute, channel and bucket of seconds. */
    @Transactional(readOnly = true)
    public List<ReportLag> statusReportLag(Instant from, Instant to, double[] boundsSeconds) {
        return jdbc.sql("""
                select minute, channel, width_bucket(lag, ?::float8[]), count(*), sum(lag)
                from (select date_trunc('minute', d.delivered_at) as minute, coalesce(c.channel, '') as channel,
                          greatest(extract(epoch from d.delivered_at - d.created_at)::float8, 0) as lag
                      from outbound_deliveries d
                      left join channel_connections c on c.tenant_id = d.tenant_id and c.id = d.connection_id
                      where d.tenant_id = ? and d.status = 'delivered' and d.delivered_at >= ? and d.delivered_at < ?) r
                group by 1, 2, 3""")
                .params(boundsSeconds, tenant(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new ReportLag(
                        rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getDouble(5)))
                .list();
    }

    /** Status reports created in [from, to) that the channel never acknowledged (dead), by minute and channel. */
    @Transactional(readOnly = true)
    public List<QuarantineCount> deadStatusReports(Instant from, Instant to) {
        return jdbc.sql("""
                select date_trunc('minute', d.created_at), coalesce(c.channel, ''), count(*) from outbound_deliveries d
                left join channel_connections c on c.tenant_id = d.tenant_id and c.id = d.connection_id
                where d.tenant_id = ? and d.status = 'dead' and d.created_at >= ? and d.created_at < ? group by 1, 2""")
                .params(tenant(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new QuarantineCount(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getLong(3)))
                .list();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

package dev.fulcrum.pulse.internal;

import dev.fulcrum.shared.RequestContext;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The pulse's time series in {@code pulse_minutes}: one row per metric, dimension (a channel, or {@code ""} for
 * figures that belong to the whole tenant) and minute. Every statement names the current tenant.
 */
@Repository
public class PulseMinutes {

    /** Figures no channel can be told from: read whole-tenant even when a channel is asked for. */
    public static final Set<String> TENANT_WIDE = Set.of(
            Metrics.SOURCED,
            Metrics.SOURCED_FALLBACK,
            Metrics.SOURCED_NEEDS_PERSON,
            Metrics.BACKORDERS,
            Metrics.DEAD_WEBHOOKS,
            Metrics.ACKS,
            Metrics.ACKS_DISAGREEING);

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    PulseMinutes(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /** One minute of one metric: a count, a sum (seconds for latencies) and, for latencies, a histogram. */
    @SuppressWarnings("ArrayRecordComponent") // a histogram; rows are built once and never compared
    public record Row(
            String metric, String dimension, Instant minute, long count, double total, long @Nullable [] buckets) {}

    /** A window's sum of one metric. */
    @SuppressWarnings("ArrayRecordComponent") // a histogram; sums are built once and never compared
    public record Sum(long count, double total, long[] buckets) {

        static Sum empty() {
            return new Sum(0, 0, new long[Histogram.SIZE]);
        }

        Sum plus(Row row) {
            long[] merged = buckets.clone();
            Histogram.add(merged, row.buckets());
            return new Sum(count + row.count(), total + row.total(), merged);
        }
    }

    /** Replaces the current tenant's rows of the minutes in [from, to) with {@code rows}. */
    public void replace(Instant from, Instant to, List<Row> rows) {
        UUID tenant = tenant();
        jdbc.sql("delete from pulse_minutes where tenant_id = ? and minute >= ? and minute < ?")
                .params(tenant, Timestamp.from(from), Timestamp.from(to))
                .update();
        if (rows.isEmpty()) {
            return;
        }
        jdbcTemplate.batchUpdate("""
                insert into pulse_minutes (tenant_id, metric, dimension, minute, count, total, buckets)
                values (?, ?, ?, ?, ?, ?, ?)""", rows, 500, (statement, row) -> {
            statement.setObject(1, tenant);
            statement.setString(2, row.metric());
            statement.setString(3, row.dimension());
            statement.setTimestamp(4, Timestamp.from(row.minute()));
            statement.setLong(5, row.count());
            statement.setDouble(6, row.total());
            long[] buckets = row.buckets();
            if (buckets == null) {
                statement.setNull(7, java.sql.Types.ARRAY);
            } else {
                Long[] boxed = new Long[buckets.length];
                for (int i = 0; i < buckets.length; i++) {
                    boxed[i] = buckets[i];
                }
                statement.setArray(7, statement.getConnection().createArrayOf("bigint", boxed));
            }
        });
    }

    /** Deletes the current tenant's minutes before {@code before}: the pulse keeps 90 days. */
    public int prune(Instant before) {
        return jdbc.sql("delete from pulse_minutes where tenant_id = ? and minute < ?")
                .params(tenant(), Timestamp.from(before))
                .update();
    }

    /** The sums of every metric over the minutes in [from, to), of one channel (and the tenant-wide figures) or all. */
    public Map<String, Sum> sums(Instant from, Instant to, @Nullable String channel) {
        Map<String, Sum> sums = new HashMap<>();
        for (Row row : rows(from, to, channel)) {
            sums.put(row.metric(), sums.getOrDefault(row.metric(), Sum.empty()).plus(row));
        }
        return sums;
    }

    /** The sums per step of {@code step} from {@code from}: the points of the dashboard's charts, oldest first. */
    public Map<Instant, Map<String, Sum>> steps(Instant from, Instant to, Duration step, @Nullable String channel) {
        Map<Instant, Map<String, Sum>> steps = new TreeMap<>();
        long stepSeconds = Math.max(60, step.toSeconds());
        for (Instant at = from; at.isBefore(to); at = at.plusSeconds(stepSeconds)) {
            steps.put(at, new HashMap<>());
        }
        for (Row row : rows(from, to, channel)) {
            long index = Duration.between(from, row.minute()).toSeconds() / stepSeconds;
            Instant at = from.plusSeconds(index * stepSeconds);
            Map<String, Sum> point = steps.get(at);
            if (point != null) {
                point.put(
                        row.metric(),
                        point.getOrDefault(row.metric(), Sum.empty()).plus(row));
            }
        }
        return steps;
    }

    private List<Row> rows(Instant from, Instant to, @Nullable String channel) {
        return jdbc.sql("""
                select metric, dimension, minute, count, total, buckets from pulse_minutes
                where tenant_id = ? and minute >= ? and minute < ?
                    and (cast(? as text) is null or dimension = ? or metric = any(?))""")
                .params(
                        tenant(),
                        Timestamp.from(from),
                        Timestamp.from(to),
                        channel,
                        channel,
                        TENANT_WIDE.toArray(String[]::new))
                .query((rs, n) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getTimestamp(3).toInstant(),
                        rs.getLong(4),
                        rs.getDouble(5),
                        buckets(rs.getArray(6))))
                .list();
    }

    /** The channels with figures in [from, to), for the dashboard's channel choice. */
    public List<String> channels(Instant from, Instant to) {
        return new ArrayList<>(jdbc.sql("""
                select distinct dimension from pulse_minutes where tenant_id = ? and minute >= ? and minute < ?
                    and dimension <> '' order by 1""")
                .params(tenant(), Timestamp.from(from), Timestamp.from(to))
                .query(String.class)
                .list());
    }

    private static long @Nullable [] buckets(@Nullable Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] values = (Object[]) array.getArray();
        long[] buckets = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            buckets[i] = values[i] == null ? 0 : ((Number) values[i]).longValue();
        }
        return buckets;
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

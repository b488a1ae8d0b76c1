package dev.fulcrum.events;

import dev.fulcrum.events.usage.UsageMeter;
import dev.fulcrum.shared.RequestContext;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Usage of the current tenant per day (UTC): orders placed and events delivered to webhooks and webhook failures,
 * counted from the records themselves, and API calls by key and endpoint from the usage meter. The API and the
 * console read it alike.
 */
@Service
public class UsageReports {

    /** One day of usage. */
    public record Day(
            LocalDate day,
            long ordersPlaced,
            long eventsDelivered,
            long webhookFailures,
            long apiCalls,
            List<ApiCalls> apiCallsByEndpoint) {}

    /** Calls one API key made to one endpoint ({@code POST /api/v1/orders}) on one day. */
    public record ApiCalls(String apiKey, String endpoint, long calls) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final UsageMeter meter;

    UsageReports(JdbcClient jdbc, TransactionTemplate transactions, UsageMeter meter) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.meter = meter;
    }

    /** Every day from {@code from} to {@code to} (both included), with every call this instance has counted so far. */
    public List<Day> days(LocalDate from, LocalDate to) {
        meter.flush();
        return transactions.execute(status -> read(from, to));
    }

    private List<Day> read(LocalDate from, LocalDate to) {
        UUID tenant = RequestContext.require().tenantId().value();
        Date start = Date.valueOf(from);
        Date end = Date.valueOf(to.plusDays(1));
        Map<LocalDate, long[]> counts = new LinkedHashMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            counts.put(day, new long[3]);
        }
        count(counts, 0, """
                select (occurred_at at time zone 'UTC')::date as day, count(*) from public_events
                where tenant_id = ? and type = 'order.placed' and occurred_at >= ? and occurred_at < ? group by 1""", tenant, start, end);
        count(counts, 1, """
                select (delivered_at at time zone 'UTC')::date as day, count(*) from webhook_deliveries
                where tenant_id = ? and status = 'delivered' and delivered_at >= ? and delivered_at < ? group by 1""", tenant, start, end);
        count(counts, 2, """
                select (attempted_at at time zone 'UTC')::date as day, count(*) from webhook_attempts
                where tenant_id = ? and not succeeded and attempted_at >= ? and attempted_at < ? group by 1""", tenant, start, end);
        Map<LocalDate, List<ApiCalls>> calls = new LinkedHashMap<>();
        jdbc.sql("""
                select day, api_key, endpoint, calls from api_usage_daily
                where tenant_id = ? and day >= ? and day < ? order by day, api_key, endpoint""").params(tenant, start, end).query(rs -> {
            calls.computeIfAbsent(rs.getDate("day").toLocalDate(), d -> new ArrayList<>())
                    .add(new ApiCalls(rs.getString("api_key"), rs.getString("endpoint"), rs.getLong("calls")));
        });
        List<Day> days = new ArrayList<>();
        counts.forEach((day, values) -> {
            List<ApiCalls> byEndpoint = calls.getOrDefault(day, List.of());
            days.add(new Day(
                    day,
                    values[0],
                    values[1],
                    values[2],
                    byEndpoint.stream().mapToLong(ApiCalls::calls).sum(),
                    byEndpoint));
        });
        return days;
    }

    private void count(Map<LocalDate, long[]> counts, int index, String sql, Object... params) {
        jdbc.sql(sql).params(params).query(rs -> {
            long[] values = counts.get(rs.getDate(1).toLocalDate());
            if (values != null) {
                values[index] = rs.getLong(2);
            }
        });
    }
}

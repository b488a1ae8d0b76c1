package dev.fulcrum.risk.internal;

import dev.fulcrum.shared.RequestContext;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The counters behind the features, kept incrementally: per placed batch one statement reads the windows of every
 * value the batch names, and one statement upserts the batch's counts ({@code insert ... on conflict do update}) into
 * minute and hour buckets, the customers seen per device, IP and address, and each customer's history. Nothing scans
 * an order history.
 */
@Repository
public class FeatureStore {

    private final JdbcClient jdbc;

    FeatureStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What the counters held for one value before the batch, as one customer sees it: {@code otherCustomers} are the
     * customers seen on the value (device, IP, address) other than this one.
     */
    public record Window(
            double orders1h,
            double amount1h,
            double orders24h,
            double amount24h,
            double otherCustomers,
            double customerOrders,
            double customerAmount) {

        public static final Window EMPTY = new Window(0, 0, 0, 0, 0, 0, 0);
    }

    /** The key of a value's window as seen by one customer (empty when the order names none). */
    public static String key(String kind, String value, @Nullable String customer) {
        return kind + "\u0000" + value + "\u0000" + (customer == null ? "" : customer);
    }

    /** The windows of every counted value of these orders, as of {@code now}; values never seen are left out. */
    public Map<String, Window> read(List<Signals> orders, Instant now) {
        Set<String> keys = new LinkedHashSet<>();
        for (Signals order : orders) {
            for (String kind : Signals.COUNTED) {
                String value = order.value(kind);
                if (value != null) {
                    keys.add(key(kind, value, order.customer()));
                }
            }
        }
        Map<String, Window> windows = new HashMap<>();
        if (keys.isEmpty()) {
            return windows;
        }
        String[] kinds = new String[keys.size()];
        String[] values = new String[keys.size()];
        String[] customers = new String[keys.size()];
        int i = 0;
        for (String key : keys) {
            String[] parts = key.split("\u0000", 3);
            kinds[i] = parts[0];
            values[i] = parts[1];
            customers[i] = parts[2];
            i++;
        }
        UUID tenant = tenant();
        Timestamp hourAgo = Timestamp.from(now.minus(Duration.ofHours(1)));
        Timestamp dayAgo = Timestamp.from(now.minus(Duration.ofHours(24)));
        jdbc.sql("""
                select k.kind, k.value, k.customer, w.o1h, w.a1h, w.o24h, w.a24h,
                       case when k.kind in ('device', 'ip', 'address')
                            then (select count(*) from risk_links l
                                  where l.tenant_id = ? and l.kind = k.kind and l.value = k.value
                                    and l.customer is distinct from nullif(k.customer, '')) else 0 end others,
                       coalesce(rc.orders, 0) customer_orders, coalesce(rc.amount, 0) customer_amount
                from unnest(?::text[], ?::text[], ?::text[]) as k(kind, value, customer)
                cross join lateral (
                    select coalesce(sum(c.orders) filter (where c.bucket = 'm' and c.bucket_start > ?), 0) o1h,
                           coalesce(sum(c.amount) filter (where c.bucket = 'm' and c.bucket_start > ?), 0) a1h,
                           coalesce(sum(c.orders) filter (where c.bucket = 'h'), 0) o24h,
                           coalesce(sum(c.amount) filter (where c.bucket = 'h'), 0) a24h
                    from risk_counters c
                    where c.tenant_id = ? and c.kind = k.kind and c.value = k.value and c.bucket_start > ?) w
                left join risk_customers rc
                  on k.kind = 'customer' and rc.tenant_id = ? and rc.customer = k.value""")
                .params(tenant, kinds, values, customers, hourAgo, hourAgo, tenant, dayAgo, tenant)
                .query(rs -> {
                    windows.put(
                            key(rs.getString("kind"), rs.getString("value"), rs.getString("customer")),
                            new Window(
                                    rs.getDouble("o1h"),
                                    rs.getDouble("a1h"),
                                    rs.getDouble("o24h"),
                                    rs.getDouble("a24h"),
                                    rs.getDouble("others"),
                                    rs.getDouble("customer_orders"),
                                    rs.getDouble("customer_amount")));
                });
        return windows;
    }

    /**
     * Counts the batch in and stores its assessments, in one statement: it upserts the minute and hour buckets of every
     * counted value, the customers seen per device, IP and address, and each customer's history, and inserts the
     * assessments. Rows are written in key order so that two batches naming the same values lock them in the same
     * order. {@code assessments} are the named parameters of {@link AssessmentStore#INSERT_CTE}.
     */
    void record(List<Signals> orders, Instant now, Map<String, Object> assessments) {
        List<String> kinds = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<BigDecimal> amounts = new ArrayList<>();
        List<String> customers = new ArrayList<>();
        for (Signals order : orders) {
            for (String kind : Signals.COUNTED) {
                String value = order.value(kind);
                if (value != null) {
                    kinds.add(kind);
                    values.add(value);
                    amounts.add(BigDecimal.valueOf(order.amount()));
                    customers.add(order.customer());
                }
            }
        }
        Map<String, Object> parameters = new HashMap<>(assessments);
        parameters.put("tenant", tenant());
        parameters.put("kinds", kinds.toArray(String[]::new));
        parameters.put("values", values.toArray(String[]::new));
        parameters.put("amounts", amounts.toArray(BigDecimal[]::new));
        parameters.put("customers", customers.toArray(String[]::new));
        parameters.put("minute", Timestamp.from(now.truncatedTo(ChronoUnit.MINUTES)));
        parameters.put("hour", Timestamp.from(now.truncatedTo(ChronoUnit.HOURS)));
        parameters.put("now", Timestamp.from(now));
        jdbc.sql("""
                with input as (
                    select * from unnest(:kinds::text[], :values::text[], :amounts::numeric[], :customers::text[])
                        as i(kind, value, amount, customer)),
                counters as (
                    insert into risk_counters (tenant_id, kind, value, bucket, bucket_start, orders, amount)
                    select :tenant, i.kind, i.value, b.bucket,
                           case b.bucket when 'm' then :minute::timestamptz else :hour::timestamptz end,
                           count(*), sum(i.amount)
                    from input i cross join (values ('m'), ('h')) as b(bucket)
                    group by i.kind, i.value, b.bucket
                    order by i.kind, i.value, b.bucket
                    on conflict (tenant_id, kind, value, bucket, bucket_start) do update
                        set orders = risk_counters.orders + excluded.orders,
                            amount = risk_counters.amount + excluded.amount
                    returning 1),
                links as (
                    insert into risk_links (tenant_id, kind, value, customer, first_seen)
                    select distinct :tenant::uuid, i.kind, i.value, i.customer, :now::timestamptz from input i
                    where i.kind in ('device', 'ip', 'address') and i.customer is not null
                    order by 2, 3, 4
                    on conflict do nothing
                    returning 1),
                customers as (
                    insert into risk_customers (tenant_id, customer, orders, amount, first_order_at)
                    select :tenant, i.value, count(*), sum(i.amount), :now::timestamptz from input i
                    where i.kind = 'customer' group by i.value order by i.value
                    on conflict (tenant_id, customer) do update
                        set orders = risk_customers.orders + excluded.orders,
                            amount = risk_customers.amount + excluded.amount
                    returning 1),
                """ + AssessmentStore.INSERT_CTE + """

                select (select count(*) from counters) + (select count(*) from links)
                     + (select count(*) from customers) + (select count(*) from assessments)""")
                .params(parameters)
                .query(Long.class)
                .single();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

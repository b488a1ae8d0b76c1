package dev.fulcrum.order;

import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts over the orders and their recorded changes, minute by minute, for the order pulse (issue 15). Read-only,
 * never on the intake path: each query reads a few minutes of rows through BRIN indexes on the append-ordered
 * {@code created_at} and {@code at} columns. Every figure is of the current tenant.
 */
@Component
public class OrderFigures {

    private final JdbcClient jdbc;

    OrderFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One bucket of the histogram of placed-to-committed seconds of the orders committed in a minute. */
    public record LagBucket(Instant minute, String channel, int bucket, long orders, double seconds) {}

    /**
     * The orders committed in [from, to) by minute, channel and bucket of seconds from their channel placing time to
     * their commit: bucket n holds lags below the n-th of the bounds and at or above the one before it, the last
     * bucket everything above the last bound. A placing time in the future counts as no lag.
     */
    @Transactional(readOnly = true)
    public List<LagBucket> intakeLag(Instant from, Instant to, double[] boundsSeconds) {
        return jdbc.sql("""
                select minute, channel, width_bucket(lag, ?::float8[]) as bucket, count(*) as orders, sum(lag) as seconds
                from (select date_trunc('minute', created_at) as minute, channel,
                          greatest(extract(epoch from created_at - placed_at)::float8, 0) as lag
                      from orders where tenant_id = ? and created_at >= ? and created_at < ?) o
                group by 1, 2, 3""")
                .params(boundsSeconds, tenant(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new LagBucket(
                        rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getDouble(5)))
                .list();
    }

    /**
     * Recorded changes of one kind in a minute. The action is place, hold, cancel, amend or deliver; the detail is the
     * hold type of a hold and the status an order was placed in for a placement (else empty); changes by customer are
     * those a storefront reported (actors starting with "channel:") or a customer made (actors starting with
     * "customer"); on time marks deliveries on or before the order's promised delivery date (UTC; true without one).
     */
    public record ChangeCount(
            Instant minute,
            String channel,
            String action,
            String detail,
            boolean byCustomer,
            boolean onTime,
            long count) {}

    /** The changes recorded in [from, to) that the pulse counts, by minute, channel and kind. */
    @Transactional(readOnly = true)
    public List<ChangeCount> changes(Instant from, Instant to) {
        return jdbc.sql("""
                select date_trunc('minute', c.at) as minute, o.channel, c.action,
                    case c.action when 'hold' then coalesce(c.details->>'type', '')
                                  when 'place' then coalesce(c.details->>'status', '') else '' end as detail,
                    (c.actor like 'channel:%' or c.actor like 'customer%') as by_customer,
                    (c.action = 'deliver' and (o.deliver_by is null or (c.at at time zone 'UTC')::date <= o.deliver_by))
                        as on_time,
                    count(distinct c.order_id) as orders
                from order_changes c join orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
                where c.tenant_id = ? and c.at >= ? and c.at < ?
                    and c.action in ('place', 'hold', 'cancel', 'amend', 'deliver')
                group by 1, 2, 3, 4, 5, 6""")
                .params(tenant(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new ChangeCount(
                        rs.getTimestamp(1).toInstant(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getBoolean(5),
                        rs.getBoolean(6),
                        rs.getLong(7)))
                .list();
    }

    /**
     * How many orders not yet delivered (nor cancelled) have a {@code deliverBy} before {@code today}, optionally of
     * one channel.
     */
    @Transactional(readOnly = true)
    public long openLate(LocalDate today, @Nullable String channel) {
        return jdbc.sql("""
                select count(*) from orders where tenant_id = ? and deliver_by < ?
                    and status in ('pending_payment', 'paid', 'partially_shipped', 'shipped')
                    and (cast(? as text) is null or channel = ?)""")
                .params(tenant(), java.sql.Date.valueOf(today), channel, channel)
                .query(Long.class)
                .single();
    }

    /** The ids of those orders, most overdue first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<OrderId> openLateOrders(LocalDate today, @Nullable String channel, int limit) {
        return jdbc.sql("""
                select id from orders where tenant_id = ? and deliver_by < ?
                    and status in ('pending_payment', 'paid', 'partially_shipped', 'shipped')
                    and (cast(? as text) is null or channel = ?)
                order by deliver_by, id limit ?""")
                .params(tenant(), java.sql.Date.valueOf(today), channel, channel, limit)
                .query((rs, row) -> new OrderId(rs.getObject(1, UUID.class)))
                .list();
    }

    /**
     * The orders that got a hold of {@code type} (any type when null) in [from, to) and still have one, newest first,
     * at most {@code limit}: the orders behind the pulse's interception figure.
     */
    @Transactional(readOnly = true)
    public List<OrderId> heldOrders(
            @Nullable String type, Instant from, Instant to, @Nullable String channel, int limit) {
        return jdbc.sql("""
                select o.id from orders o
                where o.tenant_id = ? and (cast(? as text) is null or o.channel = ?)
                    and exists (select 1 from order_holds h where h.tenant_id = o.tenant_id and h.order_id = o.id
                                and (cast(? as text) is null or h.hold_type = ?) and h.held_at >= ? and h.held_at < ?)
                order by o.placed_at desc, o.id desc limit ?""")
                .params(tenant(), channel, channel, type, type, Timestamp.from(from), Timestamp.from(to), limit)
                .query((rs, row) -> new OrderId(rs.getObject(1, UUID.class)))
                .list();
    }

    /**
     * The status of each of these orders as its wire name (paid, shipped, …); ids that do not exist are left out.
     * One query, however many.
     */
    @Transactional(readOnly = true)
    public java.util.Map<OrderId, String> statuses(java.util.Collection<OrderId> ids) {
        java.util.Map<OrderId, String> statuses = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return statuses;
        }
        jdbc.sql("select id, status from orders where tenant_id = ? and id = any(?)")
                .params(tenant(), ids.stream().map(OrderId::value).distinct().toArray(UUID[]::new))
                .query(rs -> {
                    statuses.put(new OrderId(rs.getObject(1, UUID.class)), rs.getString(2));
                });
        return statuses;
    }

    /**
     * The tenants whose orders changed since {@code since}, across every tenant: which tenants have a pulse to
     * compute. Needs no tenant in context.
     */
    public List<UUID> tenantsChangedSince(Instant since) {
        return jdbc.sql("select fulcrum_tenants_with_order_changes_since(?)")
                .param(Timestamp.from(since))
                .query((rs, row) -> rs.getObject(1, UUID.class))
                .list();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

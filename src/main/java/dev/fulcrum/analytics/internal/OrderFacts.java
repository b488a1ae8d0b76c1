package dev.fulcrum.analytics.internal;

import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderEvent;
import dev.fulcrum.order.OrderLine;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records each order's payment and cancellation as a fact, in the transaction that changed the order (one insert;
 * placement writes nothing), and reads them back for the hesitation report.
 */
@Component
public class OrderFacts {

    private final JdbcClient jdbc;

    OrderFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(OrderEvent event) {
        switch (event) {
            case OrderEvent.OrderPaid paid -> record(paid.order(), "paid", paid.occurredAt(), null, null);
            case OrderEvent.OrderCancelled cancelled ->
                record(
                        cancelled.order(),
                        "cancelled",
                        cancelled.occurredAt(),
                        stage(cancelled.order()),
                        cancelled.reason());
            default -> {
                // Analytics needs only payments and cancellations.
            }
        }
    }

    /** How far the order had come when it was cancelled. */
    static String stage(Order order) {
        if (order.payment() == null || !order.payment().isCaptured()) {
            return "before_payment";
        }
        int shipped = order.totalQuantity(q -> q.shipped());
        return shipped == 0 ? "before_shipping" : "after_shipping";
    }

    /** The customer as orders can be found by again: their id, else their e-mail address; null when neither. */
    public static @Nullable String customerKey(Order order) {
        if (order.customer().id() != null && !order.customer().id().isBlank()) {
            return order.customer().id();
        }
        String email = order.customer().email();
        return email == null || email.isBlank() ? null : email.toLowerCase(Locale.ROOT);
    }

    private void record(Order order, String kind, Instant at, @Nullable String stage, @Nullable String reason) {
        jdbc.sql("""
                insert into analytics_order_facts (tenant_id, order_id, kind, at, placed_at, channel, customer, stage,
                    reason, skus)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(
                        RequestContext.require().tenantId().value(),
                        order.id().value(),
                        kind,
                        Timestamp.from(at),
                        Timestamp.from(order.placedAt()),
                        order.channel(),
                        customerKey(order),
                        stage,
                        reason,
                        order.lines().stream().map(OrderLine::sku).distinct().toArray(String[]::new))
                .update();
    }

    /** A cancellation in a period. */
    public record Cancellation(
            java.util.UUID orderId,
            Instant at,
            Instant placedAt,
            String channel,
            @Nullable String customer,
            String stage,
            @Nullable String reason,
            List<String> skus) {}

    /** The cancellations in [from, to), newest first, at most {@code max}. */
    @Transactional(readOnly = true)
    public List<Cancellation> cancellations(Instant from, Instant to, int max) {
        return jdbc.sql("""
                select order_id, at, placed_at, channel, customer, stage, reason, skus from analytics_order_facts
                where tenant_id = ? and kind = 'cancelled' and at >= ? and at < ? order by at desc limit ?""")
                .params(RequestContext.require().tenantId().value(), Timestamp.from(from), Timestamp.from(to), max)
                .query((rs, row) -> new Cancellation(
                        rs.getObject(1, java.util.UUID.class),
                        rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant(),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6) == null ? "before_payment" : rs.getString(6),
                        rs.getString(7),
                        List.of((String[]) rs.getArray(8).getArray())))
                .list();
    }

    /** Time from placing to paying of the orders paid in [from, to) after they were placed unpaid. */
    public record TimeToPay(
            int orders,
            @Nullable Double p50Minutes,
            @Nullable Double p90Minutes) {}

    @Transactional(readOnly = true)
    public TimeToPay timeToPay(Instant from, Instant to) {
        return jdbc.sql("""
                select count(*)::int,
                    percentile_cont(0.5) within group (order by extract(epoch from at - placed_at) / 60.0),
                    percentile_cont(0.9) within group (order by extract(epoch from at - placed_at) / 60.0)
                from analytics_order_facts where tenant_id = ? and kind = 'paid' and at >= ? and at < ?""")
                .params(RequestContext.require().tenantId().value(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) ->
                        new TimeToPay(rs.getInt(1), rs.getObject(2, Double.class), rs.getObject(3, Double.class)))
                .single();
    }
}

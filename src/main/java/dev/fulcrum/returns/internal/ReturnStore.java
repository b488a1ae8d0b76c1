package dev.fulcrum.returns.internal;

import dev.fulcrum.returns.Return;
import dev.fulcrum.returns.ReturnQuery;
import dev.fulcrum.returns.ReturnStatus;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code returns} table: one row per return, its lines, decision and timeline as JSON documents beside it. */
@Repository
public class ReturnStore {

    private static final TypeReference<List<Return.Line>> LINES = new TypeReference<>() {};
    private static final TypeReference<List<Return.TimelineEntry>> TIMELINE = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ReturnStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(Return returned) {
        jdbc.sql("""
                insert into returns (tenant_id, id, order_id, customer_id, status, resolution, method, note, currency,
                    lines, refund_status, refund_amount, refund_timing, return_location, decision, review_reason,
                    policy_version, timeline, requested_at, updated_at, refunded_at, exchange,
                    return_shipping, retention)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb,
                    ?::jsonb, ?::jsonb)""")
                .params(
                        tenant(),
                        returned.id(),
                        returned.orderId().value(),
                        returned.customerId(),
                        returned.status().wireName(),
                        returned.resolution(),
                        returned.method(),
                        returned.note(),
                        returned.currency(),
                        json.writeValueAsString(returned.lines()),
                        returned.refund().status(),
                        returned.refund().amount(),
                        returned.refund().timing(),
                        returned.returnLocation(),
                        json.writeValueAsString(returned.decision()),
                        returned.reviewReason(),
                        returned.policyVersion(),
                        json.writeValueAsString(returned.timeline()),
                        Timestamp.from(returned.requestedAt()),
                        Timestamp.from(returned.updatedAt()),
                        returned.refund().refundedAt() == null
                                ? null
                                : Timestamp.from(returned.refund().refundedAt()),
                        document(returned.exchange()),
                        document(returned.returnShipping()),
                        document(returned.retention()))
                .update();
    }

    private @Nullable String document(@Nullable Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    public void update(Return returned) {
        jdbc.sql("""
                update returns set status = ?, lines = ?::jsonb, refund_status = ?, refund_amount = ?, refund_timing = ?,
                    return_location = ?, review_reason = ?, timeline = ?::jsonb, updated_at = ?, refunded_at = ?,
                    exchange = ?::jsonb, retention = ?::jsonb
                where tenant_id = ? and id = ?""")
                .params(
                        returned.status().wireName(),
                        json.writeValueAsString(returned.lines()),
                        returned.refund().status(),
                        returned.refund().amount(),
                        returned.refund().timing(),
                        returned.returnLocation(),
                        returned.reviewReason(),
                        json.writeValueAsString(returned.timeline()),
                        Timestamp.from(returned.updatedAt()),
                        returned.refund().refundedAt() == null
                                ? null
                                : Timestamp.from(returned.refund().refundedAt()),
                        document(returned.exchange()),
                        document(returned.retention()),
                        tenant(),
                        returned.id())
                .update();
    }

    public Optional<Return> find(UUID id) {
        return jdbc.sql("select * from returns where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query(this::read)
                .optional();
    }

    /** The return's order id, to lock the order before the return (always order first, then return: no deadlock). */
    public Optional<OrderId> orderOf(UUID id) {
        return jdbc.sql("select order_id from returns where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query((rs, row) -> new OrderId(rs.getObject(1, UUID.class)))
                .optional();
    }

    /** The return, its row locked until the transaction ends. */
    public Optional<Return> lock(UUID id) {
        return jdbc.sql("select * from returns where tenant_id = ? and id = ? for update")
                .params(tenant(), id)
                .query(this::read)
                .optional();
    }

    public List<Return> forOrder(OrderId orderId) {
        return jdbc.sql("select * from returns where tenant_id = ? and order_id = ? order by requested_at, id")
                .params(tenant(), orderId.value())
                .query(this::read)
                .list();
    }

    /** Returns of a customer before this one: how many, and how many were rejected. */
    public History history(String customerId, UUID except) {
        return jdbc.sql("""
                select count(*), count(*) filter (where status = 'rejected'),
                       count(*) filter (where refund_status = 'refunded')
                from returns where tenant_id = ? and customer_id = ? and id <> ?""")
                .params(tenant(), customerId, except)
                .query((rs, row) -> new History(rs.getInt(1), rs.getInt(2), rs.getInt(3)))
                .single();
    }

    /** A customer's earlier returns, as policies read them. */
    public record History(int returns, int rejected, int refunded) {}

    public List<Return> list(ReturnQuery query) {
        StringBuilder sql = new StringBuilder("select * from returns where tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenant());
        if (query.status() != null) {
            sql.append(" and status = ?");
            params.add(query.status().wireName());
        }
        if (query.reason() != null) {
            sql.append(" and lines @> ?::jsonb");
            params.add(json.writeValueAsString(List.of(java.util.Map.of("reason", query.reason()))));
        }
        if (query.orderId() != null) {
            sql.append(" and order_id = ?");
            params.add(query.orderId().value());
        }
        if (query.customerId() != null) {
            sql.append(" and customer_id = ?");
            params.add(query.customerId());
        }
        if (query.from() != null) {
            sql.append(" and requested_at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and requested_at < ?");
            params.add(Timestamp.from(query.to()));
        }
        ReturnQuery.Position after = query.after();
        if (after != null) {
            sql.append(" and (requested_at, id) < (?, ?)");
            params.add(Timestamp.from(after.requestedAt()));
            params.add(after.id());
        }
        sql.append(" order by requested_at desc, id desc limit ?");
        params.add(query.limit());
        return jdbc.sql(sql.toString()).params(params).query(this::read).list();
    }

    /** Returns by status, for the queue's counts. */
    public java.util.Map<String, Integer> countsByStatus() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        jdbc.sql("select status, count(*) from returns where tenant_id = ? group by status")
                .params(tenant())
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                });
        return counts;
    }

    /** Units asked back by reason, over every return not rejected, for the queue's counts. */
    public java.util.Map<String, Integer> unitsByReason() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        jdbc.sql("""
                select line->>'reason', sum((line->>'quantity')::int) from returns, jsonb_array_elements(lines) line
                where tenant_id = ? and status <> 'rejected' group by 1""").params(tenant()).query(rs -> {
            counts.put(rs.getString(1), rs.getInt(2));
        });
        return counts;
    }

    private Return read(ResultSet rs, int row) throws SQLException {
        Timestamp refundedAt = rs.getTimestamp("refunded_at");
        return new Return(
                rs.getObject("id", UUID.class),
                new OrderId(rs.getObject("order_id", UUID.class)),
                rs.getString("customer_id"),
                ReturnStatus.fromWireName(rs.getString("status")),
                rs.getString("resolution"),
                rs.getString("method"),
                rs.getString("note"),
                rs.getString("currency"),
                json.readValue(rs.getString("lines"), LINES),
                new Return.Refund(
                        rs.getString("refund_status"),
                        rs.getString("refund_timing"),
                        rs.getBigDecimal("refund_amount") == null
                                ? null
                                : rs.getBigDecimal("refund_amount")
                                        .setScale(Money.minorDigits(
                                                java.util.Currency.getInstance(rs.getString("currency")))),
                        refundedAt == null ? null : refundedAt.toInstant()),
                rs.getString("return_location"),
                json.readValue(rs.getString("decision"), Return.Decision.class),
                rs.getString("review_reason"),
                rs.getInt("policy_version"),
                json.readValue(rs.getString("timeline"), TIMELINE),
                rs.getTimestamp("requested_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                readOrNull(rs.getString("exchange"), Return.Exchange.class),
                readOrNull(rs.getString("return_shipping"), Return.ReturnShipping.class),
                readOrNull(rs.getString("retention"), Return.Retention.class));
    }

    private <T> @Nullable T readOrNull(@Nullable String document, Class<T> type) {
        return document == null ? null : json.readValue(document, type);
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

package dev.fulcrum.channels.internal;

import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Status reports waiting to go to a channel, sent, or given up on. Runs inside the caller's transaction. */
@Repository
public class OutboundDeliveries {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    OutboundDeliveries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A report to a channel as the API shows it. {@code status} is pending, delivered or dead. */
    public record Delivery(
            UUID id,
            UUID connectionId,
            UUID orderId,
            String kind,
            String method,
            String url,
            String body,
            String status,
            int attempts,
            Instant nextAttemptAt,
            @Nullable String lastError,
            Instant createdAt,
            @Nullable Instant deliveredAt) {}

    public void enqueue(UUID connectionId, OrderId orderId, List<OutboundRequests.Request> requests, Instant now) {
        for (OutboundRequests.Request request : requests) {
            // Time-ordered ids keep the reports of one order in the order they were enqueued.
            jdbc.sql("""
                    insert into outbound_deliveries (tenant_id, id, connection_id, order_id, kind, method, url, body, status,
                        next_attempt_at, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)""")
                    .params(
                            tenant(),
                            Ids.timeOrdered(),
                            connectionId,
                            orderId.value(),
                            request.kind(),
                            request.method(),
                            request.url(),
                            json.writeValueAsString(request.body()),
                            Timestamp.from(now),
                            Timestamp.from(now))
                    .update();
        }
    }

    /**
     * Claims a due delivery for one attempt by moving its next attempt to {@code leaseUntil}: another instance polling
     * at the same time finds it no longer due. Empty when it is not (or no longer) due.
     */
    public Optional<Delivery> claim(UUID id, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                update outbound_deliveries set next_attempt_at = ?
                where tenant_id = ? and id = ? and status = 'pending' and next_attempt_at <= ?
                returning *""")
                .params(Timestamp.from(leaseUntil), tenant(), id, Timestamp.from(now))
                .query((rs, row) -> delivery(rs))
                .optional();
    }

    public void delivered(UUID id, Instant now) {
        jdbc.sql("""
                update outbound_deliveries set status = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = null
                where tenant_id = ? and id = ?""").params(Timestamp.from(now), tenant(), id).update();
    }

    /** Records a failed attempt: tried again at {@code nextAttemptAt}, or dead when that is null. */
    public void failed(UUID id, String error, @Nullable Instant nextAttemptAt) {
        jdbc.sql("""
                update outbound_deliveries set attempts = attempts + 1, last_error = ?,
                    status = case when ?::timestamptz is null then 'dead' else 'pending' end,
                    next_attempt_at = coalesce(?::timestamptz, next_attempt_at)
                where tenant_id = ? and id = ?""")
                .params(error, ts(nextAttemptAt), ts(nextAttemptAt), tenant(), id)
                .update();
    }

    /** Sends a dead delivery again from the start of its backoff; false when there is no dead delivery with this id. */
    public boolean revive(UUID connectionId, UUID id, Instant now) {
        return jdbc.sql("""
                update outbound_deliveries set status = 'pending', attempts = 0, next_attempt_at = ?
                where tenant_id = ? and connection_id = ? and id = ? and status = 'dead'""")
                        .params(Timestamp.from(now), tenant(), connectionId, id)
                        .update()
                == 1;
    }

    public Optional<Delivery> find(UUID connectionId, UUID id) {
        return jdbc.sql("select * from outbound_deliveries where tenant_id = ? and connection_id = ? and id = ?")
                .params(tenant(), connectionId, id)
                .query((rs, row) -> delivery(rs))
                .optional();
    }

    /** A connection's deliveries, newest first, optionally of one status and one order. */
    public List<Delivery> list(UUID connectionId, @Nullable String status, @Nullable OrderId orderId, int limit) {
        StringBuilder sql =
                new StringBuilder("select * from outbound_deliveries where tenant_id = ? and connection_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenant(), connectionId));
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status);
        }
        if (orderId != null) {
            sql.append(" and order_id = ?");
            params.add(orderId.value());
        }
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> delivery(rs))
                .list();
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        Timestamp delivered = rs.getTimestamp("delivered_at");
        return new Delivery(
                rs.getObject("id", UUID.class),
                rs.getObject("connection_id", UUID.class),
                rs.getObject("order_id", UUID.class),
                rs.getString("kind"),
                rs.getString("method"),
                rs.getString("url"),
                rs.getString("body"),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getTimestamp("next_attempt_at").toInstant(),
                rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(),
                delivered == null ? null : delivered.toInstant());
    }

    private static @Nullable Timestamp ts(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

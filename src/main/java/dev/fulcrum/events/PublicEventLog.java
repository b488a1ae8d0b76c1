package dev.fulcrum.events;

import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public event log in PostgreSQL. Appends join the caller's transaction. Reads return events in the order of
 * their writing transactions and, within one, of their position, and only events of transactions older than every
 * transaction still running ({@code pg_snapshot_xmin}): a transaction that took a lower position but commits later
 * holds the reader back instead of being skipped.
 */
@Service
public class PublicEventLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    PublicEventLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Appends an event inside the current transaction, which must exist. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(UUID id, String type, @Nullable UUID orderId, @Nullable Long sequence, java.time.Instant time,
            Object data) {
        jdbc.sql("""
                insert into public_events (tenant_id, id, type, order_id, order_seq, occurred_at, data)
                values (?, ?, ?, ?, ?, ?, ?::jsonb)""")
                .params(RequestContext.require().tenantId().value(), id, type, orderId, sequence, Timestamp.from(time),
                        json.writeValueAsString(data))
                .update();
    }

    /** Up to {@code limit} events after the cursor, oldest first, optionally only of one type or one order. */
    @Transactional(readOnly = true)
    public List<PublicEvent> read(EventCursor after, int limit, @Nullable String type, @Nullable UUID orderId) {
        StringBuilder sql = new StringBuilder("""
                select id, type, order_id, order_seq, occurred_at, data, tx_id::text::bigint as tx, position
                from public_events
                where tenant_id = ? and (tx_id, position) > (?::text::xid8, ?)
                  and tx_id < pg_snapshot_xmin(pg_current_snapshot())""");
        List<Object> params = new java.util.ArrayList<>(List.of(RequestContext.require().tenantId().value(),
                Long.toString(after.transactionId()), after.position()));
        if (type != null) {
            sql.append(" and type = ?");
            params.add(type);
        }
        if (orderId != null) {
            sql.append(" and order_id = ?");
            params.add(orderId);
        }
        sql.append(" order by tx_id, position limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, row) -> new PublicEvent(rs.getObject("id", UUID.class), rs.getString("type"),
                        rs.getObject("order_id", UUID.class), (Long) rs.getObject("order_seq"),
                        rs.getTimestamp("occurred_at").toInstant(), json.readTree(rs.getString("data")),
                        new EventCursor(rs.getLong("tx"), rs.getLong("position")).toString()))
                .list();
    }
}

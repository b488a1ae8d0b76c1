package dev.fulcrum.events;

import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;
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
    private final ApplicationEventPublisher events;
    private final NewEventsSignal signal;
    private final EventCatalogue catalogue = EventCatalogue.load();
    private final boolean validate;

    PublicEventLog(JdbcClient jdbc, JsonMapper json, ApplicationEventPublisher events, NewEventsSignal signal,
            @Value("${fulcrum.events.validate:false}") boolean validate) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
        this.signal = signal;
        this.validate = validate;
    }

    /**
     * Appends an event inside the current transaction, which must exist. With {@code fulcrum.events.validate} on
     * (tests), an event of a type without a committed schema, or whose data does not match it, is refused.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(UUID id, String type, @Nullable UUID orderId, @Nullable Long sequence, Instant time,
            Object data) {
        JsonNode tree = json.valueToTree(data);
        if (validate) {
            List<String> problems = catalogue.validate(type, tree);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("public event " + type + " does not match its schema: " + problems);
            }
        }
        var context = RequestContext.require();
        long position = jdbc.sql("""
                insert into public_events (tenant_id, id, type, order_id, order_seq, occurred_at, data)
                values (?, ?, ?, ?, ?, ?, ?::jsonb)
                returning position""")
                .params(context.tenantId().value(), id, type, orderId, sequence, Timestamp.from(time),
                        json.writeValueAsString(tree))
                .query(Long.class).single();
        events.publishEvent(new PublicEventAppended(context.tenantId(), position,
                new PublicEvent(id, type, orderId, sequence, time, tree, "")));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.committed(1);
                }
            });
        }
    }

    /** Up to {@code limit} events after the cursor, oldest first, optionally only of one type or one order. */
    @Transactional(readOnly = true)
    public List<PublicEvent> read(EventCursor after, int limit, @Nullable String type, @Nullable UUID orderId) {
        return read(after, limit, type == null ? List.of() : List.of(type), orderId);
    }

    /** Up to {@code limit} events after the cursor, oldest first, of any of {@code types} (all when empty). */
    @Transactional(readOnly = true)
    public List<PublicEvent> read(EventCursor after, int limit, Collection<String> types, @Nullable UUID orderId) {
        StringBuilder sql = new StringBuilder("""
                select id, type, order_id, order_seq, occurred_at, data, tx_id::text::bigint as tx, position
                from public_events
                where tenant_id = ? and (tx_id, position) > (?::text::xid8, ?)
                  and tx_id < pg_snapshot_xmin(pg_current_snapshot())""");
        List<Object> params = new ArrayList<>(List.of(RequestContext.require().tenantId().value(),
                Long.toString(after.transactionId()), after.position()));
        if (!types.isEmpty()) {
            sql.append(" and type = any (?)");
            params.add(types.stream().map(this::shortName).toArray(String[]::new));
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

    /** The cursor after the newest readable event of the current tenant: where a live reader starts. */
    @Transactional(readOnly = true)
    public EventCursor head() {
        return jdbc.sql("""
                select tx_id::text::bigint as tx, position from public_events
                where tenant_id = ? and tx_id < pg_snapshot_xmin(pg_current_snapshot())
                order by tx_id desc, position desc limit 1""")
                .param(RequestContext.require().tenantId().value())
                .query((rs, row) -> new EventCursor(rs.getLong("tx"), rs.getLong("position")))
                .optional().orElse(EventCursor.BEGINNING);
    }

    /** Accepts a short name ({@code order.placed}) or a CloudEvents type ({@code dev.fulcrum.order.placed.v1}). */
    private String shortName(String type) {
        return catalogue.find(type).map(EventType::name).orElse(type);
    }
}

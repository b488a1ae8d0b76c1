package dev.fulcrum.events;

import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    PublicEventLog(
            JdbcClient jdbc,
            JsonMapper json,
            ApplicationEventPublisher events,
            NewEventsSignal signal,
            @Value("${fulcrum.events.validate:false}") boolean validate) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
        this.signal = signal;
        this.validate = validate;
    }

    /** An event to append: its id, type, the order it is about and that order's sequence number, time and data. */
    public record NewEvent(
            UUID id,
            String type,
            @Nullable UUID orderId,
            @Nullable Long sequence,
            Instant time,
            Object data) {}

    /**
     * Appends an event inside the current transaction, which must exist. With {@code fulcrum.events.validate} on
     * (tests), an event of a type without a committed schema, or whose data does not match it, is refused.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void append(
            UUID id, String type, @Nullable UUID orderId, @Nullable Long sequence, Instant time, Object data) {
        appendAll(List.of(new NewEvent(id, type, orderId, sequence, time, data)));
    }

    /**
     * Appends events in the given order inside the current transaction, which must exist, with one statement however
     * many they are. Validated like {@link #append}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void appendAll(List<NewEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int size = batch.size();
        UUID[] ids = new UUID[size];
        String[] types = new String[size];
        @Nullable UUID[] orderIds = new @Nullable UUID[size];
        @Nullable Long[] sequences = new @Nullable Long[size];
        Timestamp[] times = new Timestamp[size];
        String[] documents = new String[size];
        List<JsonNode> trees = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            NewEvent event = batch.get(i);
            JsonNode tree = json.valueToTree(event.data());
            if (validate) {
                List<String> problems = catalogue.validate(event.type(), tree);
                if (!problems.isEmpty()) {
                    throw new IllegalStateException(
                            "public event " + event.type() + " does not match its schema: " + problems);
                }
            }
            trees.add(tree);
            ids[i] = event.id();
            types[i] = event.type();
            orderIds[i] = event.orderId();
            sequences[i] = event.sequence();
            times[i] = Timestamp.from(event.time());
            documents[i] = json.writeValueAsString(tree);
        }
        var context = RequestContext.require();
        // Positions come from a sequence in insertion order: "order by e.n" makes them follow the batch's order.
        Map<UUID, Long> positions = new HashMap<>();
        jdbc.sql("""
                insert into public_events (tenant_id, id, type, order_id, order_seq, occurred_at, data)
                select ?, e.id, e.type, e.order_id, e.order_seq, e.occurred_at, e.data::jsonb
                from unnest(?::uuid[], ?::text[], ?::uuid[], ?::bigint[], ?::timestamptz[], ?::text[])
                    with ordinality as e(id, type, order_id, order_seq, occurred_at, data, n)
                order by e.n
                returning id, position""")
                .params(context.tenantId().value(), ids, types, orderIds, sequences, times, documents)
                .query(rs -> {
                    positions.put(rs.getObject("id", UUID.class), rs.getLong("position"));
                });
        List<PublicEventAppended> appended = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            NewEvent event = batch.get(i);
            appended.add(new PublicEventAppended(
                    context.tenantId(),
                    java.util.Objects.requireNonNull(positions.get(event.id()), "the insert returns every event"),
                    new PublicEvent(
                            event.id(),
                            event.type(),
                            event.orderId(),
                            event.sequence(),
                            event.time(),
                            trees.get(i),
                            "")));
        }
        events.publishEvent(new PublicEventsAppended(context.tenantId(), appended));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.committed(size);
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
        List<Object> params = new ArrayList<>(List.of(
                RequestContext.require().tenantId().value(), Long.toString(after.transactionId()), after.position()));
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
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> new PublicEvent(
                        rs.getObject("id", UUID.class),
                        rs.getString("type"),
                        rs.getObject("order_id", UUID.class),
                        (Long) rs.getObject("order_seq"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        json.readTree(rs.getString("data")),
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
                .optional()
                .orElse(EventCursor.BEGINNING);
    }

    /** Accepts a short name ({@code order.placed}) or a CloudEvents type ({@code dev.fulcrum.order.placed.v1}). */
    private String shortName(String type) {
        return catalogue.find(type).map(EventType::name).orElse(type);
    }
}

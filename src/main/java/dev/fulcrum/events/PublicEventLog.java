package dev.fulcrum.events;

import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public event log in PostgreSQL. Appends join the caller's transaction and cost nothing more than the insert.
 * Reads return events in commit order (ADR 0148): before reading, the log numbers the events whose transactions have
 * committed since it last did ({@link #sequence()}), and readers follow that number. An event is readable as soon as
 * its transaction has committed, however long another transaction (an import, the demo loader) stays open, and a
 * transaction that wrote earlier but commits later gets a later number instead of being skipped.
 */
@Service
public class PublicEventLog {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final NewEventsSignal signal;
    private final EventCatalogue catalogue = EventCatalogue.load();
    private final boolean validate;
    private final TransactionTemplate sequencing;

    /**
     * The statement that numbers what committed since the last run, for {@link #sequence()} and for readers on a
     * connection of their own (the Kafka relay). A run that numbered nothing commits without waiting for the disk: if
     * it is lost in a crash, the next run looks at the same transactions again.
     */
    public static final String SEQUENCE = """
            select numbered, case when numbered = 0 then set_config('synchronous_commit', 'off', true) end
            from fulcrum_sequence_public_events() as numbered""";

    private final TransactionTemplate reading;

    PublicEventLog(
            JdbcClient jdbc,
            JsonMapper json,
            ApplicationEventPublisher events,
            NewEventsSignal signal,
            PlatformTransactionManager transactionManager,
            @Value("${fulcrum.events.validate:false}") boolean validate) {
        this.jdbc = jdbc;
        this.sequencing = new TransactionTemplate(transactionManager);
        this.sequencing.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.reading = new TransactionTemplate(transactionManager);
        this.reading.setReadOnly(true);
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

    /**
     * Numbers the events whose transactions committed since the last call, in one global commit order, and returns
     * how many (ADR 0148). Every read calls it first, in a transaction of its own, so that a read sees every event
     * committed before it started; call it directly only to number events that no one is reading yet.
     */
    public int sequence() {
        Integer numbered = sequencing.execute(status ->
                jdbc.sql(SEQUENCE).query((rs, row) -> rs.getInt("numbered")).single());
        return numbered == null ? 0 : numbered;
    }

    /** Up to {@code limit} events after the cursor, oldest first, optionally only of one type or one order. */
    public List<PublicEvent> read(EventCursor after, int limit, @Nullable String type, @Nullable UUID orderId) {
        return read(after, limit, type == null ? List.of() : List.of(type), orderId);
    }

    /**
     * Up to {@code limit} events after the cursor, in commit order, of any of {@code types} (all when empty). An event
     * is readable once its transaction has committed, whatever other transactions are still running.
     */
    public List<PublicEvent> read(EventCursor after, int limit, Collection<String> types, @Nullable UUID orderId) {
        sequence();
        return Objects.requireNonNull(reading.execute(status -> readNumbered(after, limit, types, orderId)));
    }

    private List<PublicEvent> readNumbered(
            EventCursor after, int limit, Collection<String> types, @Nullable UUID orderId) {
        UUID tenant = RequestContext.require().tenantId().value();
        StringBuilder sql = new StringBuilder("""
                select e.id, e.type, e.order_id, e.order_seq, e.occurred_at, e.data, s.seq
                from public_event_sequence s
                join public_events e on e.tenant_id = s.tenant_id and e.position = s.position
                where s.tenant_id = ? and s.seq > ?""");
        List<Object> params = new ArrayList<>(List.of(tenant, resolve(tenant, after)));
        if (!types.isEmpty()) {
            sql.append(" and e.type = any (?)");
            params.add(types.stream().map(this::shortName).toArray(String[]::new));
        }
        if (orderId != null) {
            sql.append(" and e.order_id = ?");
            params.add(orderId);
        }
        sql.append(" order by s.seq limit ?");
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
                        EventCursor.at(rs.getLong("seq")).toString()))
                .list();
    }

    /**
     * The number a cursor stands for. A cursor of the old form ({@code <transaction>-<position>}) names the last event
     * its reader saw: the number of that event, or, if it is gone, of the last event before it in the old order
     * (which the migration numbered in).
     */
    private long resolve(UUID tenant, EventCursor cursor) {
        EventCursor.Legacy legacy = cursor.legacy();
        if (legacy == null) {
            return cursor.sequence();
        }
        Long number = jdbc.sql("""
                select coalesce(
                    (select seq from public_event_sequence where tenant_id = ? and position = ?),
                    (select s.seq from public_events e
                     join public_event_sequence s on s.tenant_id = e.tenant_id and s.position = e.position
                     where e.tenant_id = ? and (e.tx_id, e.position) <= (?::text::xid8, ?)
                     order by e.tx_id desc, e.position desc limit 1),
                    0)""")
                .params(tenant, legacy.position(), tenant, Long.toString(legacy.transactionId()), legacy.position())
                .query(Long.class)
                .single();
        return number == null ? 0 : number;
    }

    /** The cursor after the newest event of the current tenant: where a live reader starts. */
    public EventCursor head() {
        sequence();
        UUID tenant = RequestContext.require().tenantId().value();
        Long newest = reading.execute(
                status -> jdbc.sql("select coalesce(max(seq), 0) from public_event_sequence where tenant_id = ?")
                        .param(tenant)
                        .query(Long.class)
                        .single());
        return newest == null ? EventCursor.BEGINNING : EventCursor.at(newest);
    }

    /** Accepts a short name ({@code order.placed}) or a CloudEvents type ({@code dev.fulcrum.order.placed.v1}). */
    private String shortName(String type) {
        return catalogue.find(type).map(EventType::name).orElse(type);
    }
}

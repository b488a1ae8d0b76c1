package dev.fulcrum.events.kafka;

import dev.fulcrum.compliance.DataResidency;
import dev.fulcrum.events.CloudEvents;
import dev.fulcrum.events.EventCatalogue;
import dev.fulcrum.events.NewEventsSignal;
import dev.fulcrum.events.PersonalFields;
import dev.fulcrum.events.PublicEvent;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the public event log of every tenant to Kafka, at least once, in commit order, keyed by order id (so
 * each order's events stay in one partition, in sequence). Only the instance holding a PostgreSQL advisory lock on
 * its own dedicated connection relays; the position is read and acknowledged over that same connection after Kafka
 * confirms every record of a batch, so a relay that lost its connection (and with it the lock) cannot move the
 * position, and a restarted relay resumes from the last acknowledged position (re-sending at most one batch).
 */
public class KafkaRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaRelay.class);
    /** The advisory lock key of the relay of the whole log ("FULCRUM" in ASCII). */
    static final long LOCK_KEY = 0x46554C4352554DL;

    private static final int BATCH = 500;

    private final String name;
    private final DataSource dataSource;
    private final KafkaTemplate<String, byte[]> kafka;
    private final CloudEvents cloudEvents;
    private final NewEventsSignal signal;
    private final KafkaRelayProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final DataResidency residency;
    private final Counter relayedCounter;
    private final EventCatalogue catalogue = EventCatalogue.load();
    private final AtomicLong relayed = new AtomicLong();
    private final String instance = UUID.randomUUID().toString();
    private volatile @Nullable Thread loop;
    private volatile @Nullable Connection connection;
    private volatile boolean leader;

    KafkaRelay(
            String name,
            DataSource dataSource,
            KafkaTemplate<String, byte[]> kafka,
            CloudEvents cloudEvents,
            NewEventsSignal signal,
            KafkaRelayProperties properties,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters,
            DataResidency residency) {
        this.name = name;
        this.residency = residency;
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.cloudEvents = cloudEvents;
        this.signal = signal;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.relayedCounter = meters.counter("fulcrum.kafka.relayed");
    }

    @Override
    public synchronized void start() {
        if (loop != null) {
            return;
        }
        Thread thread = Thread.ofPlatform().name("fulcrum-kafka-relay").daemon().unstarted(this::run);
        loop = thread;
        thread.start();
    }

    /** Stops relaying and gives up the lock; what was sent but not acknowledged is sent again by the next leader. */
    @Override
    public synchronized void stop() {
        Thread thread = loop;
        loop = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        release();
    }

    /** Ends the relay abruptly, as a crash would: no flush, no acknowledgement; the connection (and lock) just goes. */
    synchronized void kill() {
        Thread thread = loop;
        loop = null;
        Connection held = connection;
        if (held != null) {
            try {
                held.abort(Runnable::run);
            } catch (SQLException ignored) {
                // gone either way
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /** Whether this instance holds the relay lock now. */
    public boolean isLeader() {
        return leader;
    }

    /** Records this instance has published and had acknowledged since start. */
    public long relayed() {
        return relayed.get();
    }

    private void run() {
        long seen = signal.committed();
        while (loop == Thread.currentThread()) {
            try {
                if (!leader && !acquire()) {
                    Thread.sleep(properties.leaseRetryMillis());
                    continue;
                }
                int sent = relayBatch();
                if (sent == 0) {
                    seen = signal.awaitAfter(seen, properties.pollMillis());
                }
            } catch (InterruptedException interrupted) {
                return;
            } catch (Exception failed) {
                if (loop != Thread.currentThread()) {
                    return;
                }
                log.warn("Kafka relay {} failed; giving up the lock and retrying", name, failed);
                release();
                try {
                    Thread.sleep(properties.leaseRetryMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private boolean acquire() throws SQLException {
        Connection held = connection;
        if (held == null) {
            held = dataSource.getConnection();
            held.setAutoCommit(true);
            connection = held;
        }
        try (PreparedStatement lock = held.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
            lock.setInt(1, (int) LOCK_KEY);
            lock.setString(2, name);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                leader = rs.getBoolean(1);
            }
        }
        if (leader) {
            try (PreparedStatement row = held.prepareStatement(
                    "insert into event_relay_positions (name) values (?) on conflict do nothing")) {
                row.setString(1, name);
                row.executeUpdate();
            }
            log.info("Kafka relay {} is now relaying from instance {}", name, instance);
        }
        return leader;
    }

    private void release() {
        leader = false;
        Connection held = connection;
        connection = null;
        if (held != null) {
            try (held) {
                // A pooled connection outlives close(): give the lock back explicitly.
                try (PreparedStatement unlock = held.prepareStatement("select pg_advisory_unlock_all()")) {
                    unlock.execute();
                }
            } catch (SQLException ignored) {
                // the server releases the lock when the session ends anyway
            }
        }
    }

    private record Row(UUID tenant, long position, String tx, PublicEvent event) {}

    private int relayBatch() throws Exception {
        Connection held = connection;
        if (held == null) {
            throw new SQLException("no connection");
        }
        String tx;
        long position;
        try (PreparedStatement read =
                held.prepareStatement("select tx_id::text, position from event_relay_positions where name = ?")) {
            read.setString(1, name);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                tx = rs.getString(1);
                position = rs.getLong(2);
            }
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement read = held.prepareStatement("""
                select tenant_id, position, id, type, order_id, order_seq, occurred_at, data::text, tx_id::text
                from fulcrum_relay_read(?::xid8, ?, ?)""")) {
            read.setString(1, tx);
            read.setLong(2, position);
            read.setInt(3, BATCH);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(
                            rs.getObject(1, UUID.class),
                            rs.getLong(2),
                            rs.getString(9),
                            new PublicEvent(
                                    rs.getObject(3, UUID.class),
                                    rs.getString(4),
                                    rs.getObject(5, UUID.class),
                                    (Long) rs.getObject(6),
                                    rs.getTimestamp(7).toInstant(),
                                    json.readTree(rs.getString(8)),
                                    "")));
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sends.add(kafka.send(record(row)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .get(properties.ackTimeoutMillis(), TimeUnit.MILLISECONDS);
        Row last = rows.getLast();
        try (PreparedStatement ack = held.prepareStatement("""
                update event_relay_positions set tx_id = ?::xid8, position = ?, relayed_by = ?, updated_at = ?
                where name = ?""")) {
            ack.setString(1, last.tx());
            ack.setLong(2, last.position());
            ack.setString(3, instance);
            ack.setTimestamp(4, Timestamp.from(clock.instant()));
            ack.setString(5, name);
            ack.executeUpdate();
        }
        relayed.addAndGet(rows.size());
        relayedCounter.increment(rows.size());
        return rows.size();
    }

    /**
     * The event's data with its personal fields masked when the topic is declared in a data region the tenant does not
     * allow its personal data to go to; null (the data as logged) otherwise.
     */
    @Nullable
    JsonNode maskedFor(TenantId tenant, String topic, PublicEvent event) {
        String region = properties.topicRegions().getOrDefault(topic, properties.region());
        if (region == null) {
            return null;
        }
        DataResidency.Declaration declaration = RequestContext.runAs(tenant, "kafka-relay", residency::current);
        if (declaration.allowsTransferTo(region)) {
            return null;
        }
        JsonNode data = event.data().deepCopy();
        catalogue.find(event.type()).ifPresent(type -> PersonalFields.maskForTransfer(type, data));
        return data;
    }

    private ProducerRecord<String, byte[]> record(Row row) {
        PublicEvent event = row.event();
        String family = catalogue
                .find(event.type())
                .map(type -> type.family())
                .orElse(event.type().substring(0, Math.max(0, event.type().indexOf('.'))));
        String topic = properties.topics().getOrDefault(family, properties.topic());
        String key = event.orderId() != null
                ? event.orderId().toString()
                : event.subject() != null ? event.subject() : event.id().toString();
        TenantId tenant = new TenantId(row.tenant());
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, key, cloudEvents.serialize(tenant, event, maskedFor(tenant, topic, event)));
        record.headers().add("content-type", CloudEvents.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}

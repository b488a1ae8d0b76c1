package dev.fulcrum.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.order.OrderContract;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicEventLogTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    PublicEventLog log;

    @Autowired
    OrderManagement orders;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    PlatformTransactionManager transactionManager;

    TestTenant tenant;
    Api api;
    TransactionTemplate transactions;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        transactions = new TransactionTemplate(transactionManager);
    }

    @Test
    void eachChangePublishesItsEventWithPerOrderSequenceNumbers() {
        String id = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                .json()
                .path("id")
                .asString();
        api.post("/api/v1/orders/" + id + "/pay", null);
        api.post("/api/v1/orders/" + id + "/ship", null);
        api.post("/api/v1/orders/" + id + "/deliver", null);

        JsonNode page = api.get("/api/v1/events?orderId=" + id).json();
        List<String> types = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        page.path("events").values().forEach(event -> {
            types.add(event.path("type").asString());
            sequences.add(event.path("ordersequence").asLong());
            assertThat(event.path("specversion").asString()).isEqualTo("1.0");
            assertThat(event.path("subject").asString()).isEqualTo(id);
            assertThat(event.path("data").path("order").path("id").asString()).isEqualTo(id);
        });
        assertThat(types)
                .containsExactly(
                        "dev.fulcrum.order.placed.v1",
                        "dev.fulcrum.order.paid.v1",
                        "dev.fulcrum.order.shipped.v1",
                        "dev.fulcrum.order.delivered.v1");
        assertThat(sequences).containsExactly(1L, 2L, 3L, 4L);

        JsonNode rest =
                api.get("/api/v1/events?after=" + page.path("next").asString()).json();
        assertThat(rest.path("events").isEmpty()).isTrue();
        assertThat(api.get("/api/v1/events?after=nonsense").status()).isEqualTo(400);
    }

    @Test
    void anOrderAndItsEventsCommitOrRollBackTogether() {
        String externalId = "ATOMIC-" + UUID.randomUUID();
        try {
            tenant.call(() -> transactions.execute(status -> {
                orders.place(OrderContract.parse(json.readTree(OrderMother.paidOrder(externalId))));
                throw new IllegalStateException("fail after the order was written");
            }));
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertThat(countOrders(externalId)).isZero();
        assertThat(countEvents()).isZero();
        assertThat(countPublications()).isZero();

        tenant.call(() -> orders.place(OrderContract.parse(json.readTree(OrderMother.paidOrder(externalId)))));
        assertThat(countOrders(externalId)).isEqualTo(1);
        assertThat(countEvents()).isEqualTo(1);
        assertThat(countPublications())
                .as("the order's event went through the publication registry")
                .isPositive();
    }

    /**
     * The classic outbox gap: transaction A takes a log position, transaction B takes a later one and commits first.
     * A reader must not move past B while A is open, or it would never see A's event.
     */
    @Test
    void aReaderNeverSkipsAnEventWhoseTransactionCommitsAfterALaterOne() throws Exception {
        CountDownLatch firstWrote = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        var slow = executor.submit(() -> tenant.call(() -> transactions.execute(status -> {
            append("slow");
            firstWrote.countDown();
            await(mayCommit);
            return null;
        })));
        assertThat(firstWrote.await(10, TimeUnit.SECONDS))
                .as("the slow transaction appended")
                .isTrue();
        tenant.call(() -> transactions.execute(status -> {
            append("fast");
            return null;
        }));

        List<PublicEvent> whileSlowIsOpen = read(EventCursor.BEGINNING);
        assertThat(whileSlowIsOpen).isEmpty();

        mayCommit.countDown();
        slow.get(10, TimeUnit.SECONDS);
        executor.shutdown();
        List<PublicEvent> afterwards = read(EventCursor.BEGINNING);
        assertThat(afterwards).extracting(PublicEvent::type).containsExactly("test.slow", "test.fast");
    }

    @Test
    void aReaderFollowingTheCursorUnderConcurrentWritersSeesEveryEventExactlyOnce() throws Exception {
        int writers = 8;
        int eventsPerWriter = 40;
        ExecutorService executor = Executors.newFixedThreadPool(writers);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(executor.submit(() -> {
                for (int i = 0; i < eventsPerWriter; i++) {
                    int index = i;
                    tenant.call(() -> transactions.execute(status -> {
                        append(writer + "-" + index);
                        sleepMillis(ThreadLocalRandom.current().nextInt(0, 4));
                        return null;
                    }));
                }
            }));
        }
        Thread done = new Thread(() -> {
            futures.forEach(future -> {
                try {
                    future.get();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writing.set(false);
        });
        done.start();

        List<String> seen = new ArrayList<>();
        EventCursor cursor = EventCursor.BEGINNING;
        long drainDeadline = Long.MAX_VALUE;
        while (seen.size() < writers * eventsPerWriter && System.nanoTime() < drainDeadline) {
            List<PublicEvent> page = read(cursor);
            page.forEach(event -> seen.add(event.type()));
            if (!page.isEmpty()) {
                cursor = EventCursor.parse(page.getLast().cursor());
            }
            if (!writing.get() && drainDeadline == Long.MAX_VALUE) {
                // every writer committed: what is missing now must show up within seconds, or it was skipped
                drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
        }
        done.join();
        executor.shutdown();
        Set<String> distinct = new HashSet<>(seen);
        assertThat(distinct).hasSize(writers * eventsPerWriter);
        assertThat(seen).hasSize(writers * eventsPerWriter);
    }

    /** Writes a log row directly: these tests are about reading the log, not about the event contract. */
    private void append(String name) {
        jdbc.sql("insert into public_events (tenant_id, id, type, occurred_at, data) values (?, ?, ?, ?, '{}'::jsonb)")
                .params(tenant.id().value(), Ids.timeOrdered(), "test." + name, java.sql.Timestamp.from(Instant.now()))
                .update();
    }

    private List<PublicEvent> read(EventCursor cursor) {
        return tenant.call(() -> log.read(cursor, 1000, (String) null, null));
    }

    private long countOrders(String externalId) {
        return tenant.call(
                () -> transactions.execute(status -> jdbc.sql("select count(*) from orders where external_id = ?")
                        .param(externalId)
                        .query(Long.class)
                        .single()));
    }

    private long countEvents() {
        return tenant.call(() -> transactions.execute(status ->
                jdbc.sql("select count(*) from public_events").query(Long.class).single()));
    }

    private long countPublications() {
        return tenant.call(() ->
                transactions.execute(status -> jdbc.sql("select count(*) from event_publication where tenant_id = ?")
                        .param(tenant.id().value())
                        .query(Long.class)
                        .single()));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out after 10 s waiting for the other transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the other transaction", e);
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.fulcrum.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.Ids;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Issue 17, acceptance 5 (ADR 0148): while a 100,000-row CSV import runs and, in the importing tenant, a transaction
 * that wrote an event stays open on purpose (the import itself commits every 1,000 orders, so this is what a long
 * transaction such as the demo loader's looks like to the log), orders placed over the API, by another tenant and by
 * the importing one, are in the first {@code GET /api/v1/events} started after their commit. Afterwards the importing
 * tenant's log, read from the beginning, holds every event exactly once, in commit order: the held transaction's
 * event after every order that committed while it was open.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventVisibilityDuringImportTests {

    private static final int ORDERS = 20_000;
    private static final int LINES_PER_ORDER = 5;
    private static final long VISIBLE_WITHIN_MILLIS = 200;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    private record Probe(String tenant, String orderId, long readStartedMillis, long answeredMillis, boolean seen) {}

    @Test
    void eventsOfOtherTransactionsAreReadableAtOnceWhileAHundredThousandRowImportRunsAndNoneIsSkipped()
            throws Exception {
        TestTenant importing = TestTenant.create(context);
        TestTenant other = TestTenant.create(context);
        Api importingApi = new Api(port, importing.apiKey());
        Api otherApi = new Api(port, other.apiKey());
        String connection = importingApi
                .post(
                        "/api/v1/channels/connections",
                        "{\"type\": \"generic\", \"name\": \"visibility " + UUID.randomUUID()
                                + "\", \"mergeWindowMinutes\": 0}")
                .json()
                .path("id")
                .asString();

        ExecutorService holder = Executors.newSingleThreadExecutor();
        CountDownLatch wrote = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        Future<?> held = holder.submit(() -> importing.call(() -> {
            transactions.executeWithoutResult(status -> {
                jdbc.sql("insert into public_events (tenant_id, id, type, occurred_at, data) values (?, ?, ?, ?, '{}')")
                        .params(importing.id().value(), Ids.timeOrdered(), "test.held", Timestamp.from(Instant.now()))
                        .update();
                wrote.countDown();
                awaitQuietly(release);
            });
            return true;
        }));
        assertThat(wrote.await(30, TimeUnit.SECONDS))
                .as("the held transaction wrote")
                .isTrue();

        long importStarted = System.nanoTime();
        String importId = importingApi
                .post("/api/v1/imports?connectionId=" + connection + "&format=csv", csv())
                .json()
                .path("id")
                .asString();

        List<Probe> probes = new ArrayList<>();
        int placed = 0;
        while (running(importingApi, importId)) {
            assertThat(System.nanoTime() - importStarted)
                    .as("the import finishes within 10 minutes")
                    .isLessThan(TimeUnit.MINUTES.toNanos(10));
            probes.add(probe("other", otherApi, "PROBE-O-" + placed));
            probes.add(probe("importing", importingApi, "PROBE-I-" + placed));
            placed++;
            Thread.sleep(250);
        }
        JsonNode finished = importingApi.get("/api/v1/imports/" + importId).json();
        System.out.printf(
                "visibility during import: %d rows in %.1f s; probes (tenant, read started ms, answered ms): %s%n",
                finished.path("rowsRead").asLong(),
                (System.nanoTime() - importStarted) / 1e9,
                probes.stream()
                        .map(p -> p.tenant() + " +" + p.readStartedMillis() + "/" + p.answeredMillis())
                        .toList());
        assertThat(finished.path("status").asString()).isEqualTo("completed");
        assertThat(finished.path("rowsRead").asLong()).isEqualTo((long) ORDERS * LINES_PER_ORDER);
        assertThat(finished.path("ordersPlaced").asLong()).isEqualTo(ORDERS);
        assertThat(probes)
                .as("orders were placed in both tenants while the import ran")
                .filteredOn(p -> p.tenant().equals("importing"))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(probes)
                .as("every probe's event is in the first read started after its commit, and that read started within "
                        + VISIBLE_WITHIN_MILLIS + " ms of the commit")
                .allSatisfy(p -> {
                    assertThat(p.seen()).as("seen by the first read: " + p).isTrue();
                    assertThat(p.readStartedMillis()).as(p.toString()).isLessThanOrEqualTo(VISIBLE_WITHIN_MILLIS);
                });

        release.countDown();
        held.get(30, TimeUnit.SECONDS);
        holder.shutdown();

        List<JsonNode> log = readAll(importingApi);
        long stored = importing.call(() -> transactions.execute(status ->
                jdbc.sql("select count(*) from public_events").query(Long.class).single()));
        Set<String> ids = new HashSet<>();
        log.forEach(event -> ids.add(event.path("id").asString()));
        assertThat(ids).as("every event exactly once").hasSize(log.size());
        assertThat((long) log.size()).as("every stored event is read").isEqualTo(stored);
        assertThat(log.stream()
                        .filter(e -> e.path("type").asString().equals("dev.fulcrum.order.placed.v1"))
                        .count())
                .as("the import's orders and the probes")
                .isEqualTo(ORDERS + placed);

        Map<String, Long> lastSequenceOfOrder = new HashMap<>();
        long previousCursor = 0;
        int heldAt = -1;
        Set<String> probeOrders = new HashSet<>();
        probes.stream().filter(p -> p.tenant().equals("importing")).forEach(p -> probeOrders.add(p.orderId()));
        int lastProbeAt = -1;
        for (int i = 0; i < log.size(); i++) {
            JsonNode event = log.get(i);
            long cursor = Long.parseLong(event.path("cursor").asString());
            assertThat(cursor).as("cursors grow").isGreaterThan(previousCursor);
            previousCursor = cursor;
            if (event.path("type").asString().equals("dev.fulcrum.test.held")) {
                heldAt = i;
            }
            String subject = event.path("subject").asString();
            if (probeOrders.contains(subject)) {
                lastProbeAt = i;
            }
            if (event.has("ordersequence")) {
                long sequence = event.path("ordersequence").asLong();
                Long before = lastSequenceOfOrder.put(subject, sequence);
                assertThat(before == null ? 0 : before)
                        .as("events of order %s in their order", subject)
                        .isLessThan(sequence);
            }
        }
        assertThat(heldAt)
                .as("the held transaction's event is read after it commits")
                .isNotNegative();
        assertThat(heldAt)
                .as("in commit order: after the orders that committed while it was open")
                .isGreaterThan(lastProbeAt);

        List<JsonNode> otherLog = readAll(otherApi);
        assertThat(otherLog.stream().map(e -> e.path("subject").asString()).distinct())
                .as("the other tenant reads its own orders only")
                .containsExactlyInAnyOrderElementsOf(probes.stream()
                        .filter(p -> p.tenant().equals("other"))
                        .map(Probe::orderId)
                        .toList());
    }

    /** Places an order, then reads the log right after the answer (the commit) and says whether the event is there. */
    private static Probe probe(String tenant, Api api, String externalId) {
        Api.Response created = api.post("/api/v1/orders", OrderMother.paidOrder(externalId));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String orderId = created.json().path("id").asString();
        long committed = System.nanoTime();
        long readStarted = System.nanoTime();
        JsonNode events = api.get("/api/v1/events?orderId=" + orderId).json().path("events");
        long answered = System.nanoTime();
        boolean seen = false;
        for (JsonNode event : events) {
            seen |= event.path("type").asString().equals("dev.fulcrum.order.placed.v1");
        }
        return new Probe(
                tenant,
                orderId,
                TimeUnit.NANOSECONDS.toMillis(readStarted - committed),
                TimeUnit.NANOSECONDS.toMillis(answered - committed),
                seen);
    }

    private static boolean running(Api api, String importId) {
        return api.get("/api/v1/imports/" + importId)
                .json()
                .path("status")
                .asString()
                .equals("running");
    }

    private static List<JsonNode> readAll(Api api) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = "0";
        while (true) {
            JsonNode page = api.get("/api/v1/events?limit=1000&after=" + cursor).json();
            page.path("events").forEach(all::add);
            if (page.path("events").isEmpty()) {
                return all;
            }
            cursor = page.path("next").asString();
        }
    }

    /** 100,000 rows: {@value #ORDERS} orders of {@value #LINES_PER_ORDER} lines, unknown SKUs (nothing to source). */
    private static String csv() {
        StringBuilder csv = new StringBuilder(
                "externalId,currency,customerName,shipName,shipLine1,shipCity,shipCountry,sku,quantity,unitPrice,paymentStatus\n");
        for (int order = 0; order < ORDERS; order++) {
            for (int line = 0; line < LINES_PER_ORDER; line++) {
                csv.append("V-")
                        .append(order)
                        .append(",CNY,Buyer ")
                        .append(order)
                        .append(",Buyer ")
                        .append(order)
                        .append(",Road ")
                        .append(order % 997)
                        .append(",Shanghai,CN,SKU-")
                        .append((order + line) % 500)
                        .append(",2,19.90,captured\n");
            }
        }
        return csv.toString();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(15, TimeUnit.MINUTES)) {
                throw new AssertionError("the test never released the held transaction");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while holding the transaction open", interrupted);
        }
    }
}

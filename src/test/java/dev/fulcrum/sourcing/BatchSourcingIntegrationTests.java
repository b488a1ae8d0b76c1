package dev.fulcrum.sourcing;

import static dev.fulcrum.sourcing.SourcingFixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.inventory.StockPosition;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderContract;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Orders placed together ({@link OrderManagement#placeAll}) are sourced set-based (ADR 0078): same outcome as one by
 * one, later orders of a batch see what earlier ones took, concurrent batches never oversell, and a batch whose stock
 * went meanwhile falls back to sourcing order by order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BatchSourcingIntegrationTests {

    private static final String AS_OF = "2026-11-20T08:00:00Z";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    OrderManagement orders;

    @Autowired
    InventoryLedger ledger;

    @Autowired
    Locations locations;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MeterRegistry meters;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void sourcesABatchExactlyAsTheSameOrdersPlacedOneByOne() {
        compareWithOneByOne(null);
    }

    @Test
    void sourcesABatchExactlyAsOneByOneUnderAProfileThatHoldsUnsourceableOrders() {
        compareWithOneByOne("""
                {"strategies": [{"name": "one-parcel", "objective": "cost-first", "maxShipments": 1}], "fallback": "hold"}""");
    }

    private void compareWithOneByOne(@Nullable String profile) {
        TestTenant batched = network(profile);
        TestTenant single = network(profile);
        List<String> documents = mixedOrders();

        double setBasedBefore = batches("set-based");
        List<Order> placedTogether = batched.call(() -> orders.placeAll(parse(documents)));
        assertThat(batches("set-based")).as("the batch was sourced set-based").isEqualTo(setBasedBefore + 1);
        List<Order> placedAlone = new ArrayList<>();
        for (NewOrder order : parse(documents)) {
            placedAlone.add(single.call(() -> orders.place(order)));
        }

        Api batchedApi = new Api(port, batched.apiKey());
        Api singleApi = new Api(port, single.apiKey());
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            String together = placedTogether.get(i).id().toString();
            String alone = placedAlone.get(i).id().toString();
            JsonNode batchedDecision =
                    comparable(expect(batchedApi.get("/api/v1/orders/" + together + "/sourcing"), 200)
                            .json());
            JsonNode singleDecision = comparable(expect(singleApi.get("/api/v1/orders/" + alone + "/sourcing"), 200)
                    .json());
            assertThat(batchedDecision).as("decision of order %d", i).isEqualTo(singleDecision);
            statuses.add(batchedDecision.path("status").asString());
            assertThat(order(batchedApi, together)).as("order %d", i).isEqualTo(order(singleApi, alone));
            assertThat(eventTypes(batchedApi, together))
                    .as("events of order %d", i)
                    .isEqualTo(eventTypes(singleApi, alone));
        }
        assertThat(statuses).contains("allocated", "reserved").containsAnyOf("backordered", "unsourceable");
        assertThat(state(batched, placedTogether)).isEqualTo(state(single, placedAlone));
        assertThat(batched.call(() -> ledger.ledgerMismatches())).isEmpty();
    }

    @Test
    void laterOrdersOfABatchDoNotGetTheUnitsEarlierOnesTook() {
        TestTenant tenant = TestTenant.create(context);
        SourcingFixtures fixtures = new SourcingFixtures(new Api(port, tenant.apiKey()));
        fixtures.location("WH-ONLY", 31.2, 121.5, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-ONLY", AS_OF, "TEA-001", "5");
        double setBasedBefore = batches("set-based");

        List<Order> placed = tenant.call(() -> orders.placeAll(parse(List.of(
                document("C-1", true, null, "TEA-001:2"),
                document("C-2", true, null, "TEA-001:2"),
                document("C-3", true, null, "TEA-001:2"),
                document("C-4", true, null, "TEA-001:1")))));

        Api api = new Api(port, tenant.apiKey());
        List<String> statuses = placed.stream()
                .map(order -> expect(api.get("/api/v1/orders/" + order.id() + "/sourcing"), 200)
                        .json()
                        .path("status")
                        .asString())
                .toList();
        assertThat(statuses).containsExactly("allocated", "allocated", "backordered", "allocated");
        assertThat(batches("set-based"))
                .as("decided in memory, not order by order")
                .isEqualTo(setBasedBefore + 1);
        StockPosition position =
                tenant.call(() -> ledger.positions(List.of(new Sku("TEA-001")))).getFirst();
        assertThat(position.onHand()).isEqualTo(5);
        assertThat(position.reserved()).isEqualTo(5);
        assertThat(position.available()).isZero();
        assertThat(placed.stream()
                        .mapToInt(order -> tenant.call(() -> ledger.reservations(order.id())).stream()
                                .mapToInt(reservation -> reservation.quantity())
                                .sum()))
                .containsExactly(2, 2, 0, 1);
        assertThat(expect(api.get("/api/v1/orders/" + placed.get(2).id()), 200)
                        .json()
                        .path("lines")
                        .get(0)
                        .path("quantities")
                        .path("allocated")
                        .asInt())
                .isZero();
        assertThat(tenant.call(() -> ledger.ledgerMismatches())).isEmpty();
    }

    @Test
    void publishesPlacedThenAllocatedOrBackorderedForEveryOrderOfABatch() {
        TestTenant tenant = TestTenant.create(context);
        SourcingFixtures fixtures = new SourcingFixtures(new Api(port, tenant.apiKey()));
        fixtures.location("WH-ONLY", 31.2, 121.5, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-ONLY", AS_OF, "TEA-001", "3");

        List<Order> placed = tenant.call(() -> orders.placeAll(parse(List.of(
                document("C-1", true, null, "TEA-001:2"),
                document("C-2", true, null, "TEA-001:2"),
                document("C-3", true, null, "TEA-001:1"),
                document("C-4", false, null, "TEA-001:1")))));

        Api api = new Api(port, tenant.apiKey());
        assertThat(eventTypes(api, placed.get(0).id().toString()))
                .containsExactly("order.placed#1", "order.allocated#2");
        assertThat(eventTypes(api, placed.get(1).id().toString()))
                .containsExactly("order.placed#1", "order.backordered#2");
        assertThat(eventTypes(api, placed.get(2).id().toString()))
                .containsExactly("order.placed#1", "order.allocated#2");
        assertThat(eventTypes(api, placed.get(3).id().toString()))
                .as("an unpaid order reserves quietly")
                .containsExactly("order.placed#1");
        JsonNode allocated = expect(
                        api.get("/api/v1/events?type=order.allocated&orderId="
                                + placed.get(0).id()),
                        200)
                .json()
                .path("events")
                .get(0);
        assertThat(allocated
                        .path("data")
                        .path("sourcing")
                        .path("shipments")
                        .get(0)
                        .path("locationId")
                        .asString())
                .isEqualTo("WH-ONLY");
        assertThat(allocated.path("data").path("promise").path("deliverBy").asString())
                .isNotEmpty();
    }

    @Test
    void concurrentBatchesOverTheSameScarceStockNeverOversell() throws Exception {
        TestTenant tenant = TestTenant.create(context);
        SourcingFixtures fixtures = new SourcingFixtures(new Api(port, tenant.apiKey()));
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.location("WH-FAR", 39.9, 116.4, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.item("CUP-002", 300, "ambient");
        fixtures.stock("WH-NEAR", AS_OF, "TEA-001", "12", "CUP-002", "8");
        fixtures.stock("WH-FAR", AS_OF, "TEA-001", "6", "CUP-002", "10");

        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Order>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(t);
            results.add(pool.submit(() -> {
                start.await();
                List<Order> placed = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    List<String> batch = new ArrayList<>();
                    for (int i = 0; i < 6; i++) {
                        batch.add(
                                random.nextBoolean()
                                        ? document("C-" + i, true, null, "TEA-001:" + (1 + random.nextInt(2)))
                                        : document(
                                                "C-" + i,
                                                true,
                                                null,
                                                "TEA-001:1",
                                                "CUP-002:" + (1 + random.nextInt(2))));
                    }
                    placed.addAll(tenant.call(() -> orders.placeAll(parse(batch))));
                }
                return placed;
            }));
        }
        start.countDown();
        List<Order> placed = new ArrayList<>();
        for (Future<List<Order>> result : results) {
            placed.addAll(result.get(3, TimeUnit.MINUTES));
        }
        pool.shutdown();

        for (StockPosition position :
                tenant.call(() -> ledger.positions(List.of(new Sku("TEA-001"), new Sku("CUP-002"))))) {
            assertThat(position.reserved()).as(position.toString()).isLessThanOrEqualTo(position.onHand());
            int held = inTransaction(
                    tenant,
                    () -> jdbc.sql("""
                    select coalesce(sum(quantity), 0) from reservations
                    where tenant_id = fulcrum_current_tenant() and location_id = ? and sku = ?""")
                            .params(
                                    position.locationId().value(),
                                    position.sku().value())
                            .query(Integer.class)
                            .single());
            assertThat(held).as(position.toString()).isEqualTo(position.reserved());
        }
        assertThat(tenant.call(() -> ledger.ledgerMismatches())).isEmpty();
        Api api = new Api(port, tenant.apiKey());
        for (Order order : placed) {
            JsonNode decision = expect(api.get("/api/v1/orders/" + order.id() + "/sourcing"), 200)
                    .json();
            assertThat(decision.path("status").asString()).isIn("allocated", "backordered");
            int allocated = 0;
            for (JsonNode line :
                    expect(api.get("/api/v1/orders/" + order.id()), 200).json().path("lines")) {
                allocated += line.path("quantities").path("allocated").asInt();
            }
            int reserved = tenant.call(() -> ledger.reservations(order.id())).stream()
                    .mapToInt(r -> r.quantity())
                    .sum();
            assertThat(allocated)
                    .as("order %s records what it reserved", order.id())
                    .isEqualTo(reserved);
        }
    }

    @Test
    void aBatchWhoseStockWentMeanwhileIsSourcedOrderByOrderInstead() throws Exception {
        TestTenant tenant = TestTenant.create(context);
        SourcingFixtures fixtures = new SourcingFixtures(new Api(port, tenant.apiKey()));
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.location("WH-FAR", 39.9, 116.4, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", AS_OF, "TEA-001", "4");
        fixtures.stock("WH-FAR", AS_OF, "TEA-001", "4");
        double fallbacksBefore = batches("fallback");

        // Another transaction locks the near position, lets the batch decide on 4 units there, then takes 3 of them.
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch batchWaits = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> other = pool.submit(() -> inTransaction(tenant, () -> {
            jdbc.sql("""
                    select on_hand from stock_positions where tenant_id = fulcrum_current_tenant()
                    and location_id = 'WH-NEAR' and sku = 'TEA-001' for update""").query(Integer.class).single();
            locked.countDown();
            await(batchWaits);
            ledger.adjust(List.of(new InventoryLedger.Adjustment(
                    new LocationId("WH-NEAR"), new Sku("TEA-001"), -3, "adjust", "damaged", null)));
            return null;
        }));
        assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
        Future<List<Order>> batch = pool.submit(() -> tenant.call(() -> orders.placeAll(parse(List.of(
                document("C-1", true, null, "TEA-001:2"),
                document("C-2", true, null, "TEA-001:2"),
                document("C-3", true, null, "TEA-001:2"))))));
        waitUntilALockIsAwaited();
        batchWaits.countDown();
        other.get(30, TimeUnit.SECONDS);
        List<Order> placed = batch.get(60, TimeUnit.SECONDS);
        pool.shutdown();

        assertThat(batches("fallback")).isEqualTo(fallbacksBefore + 1);
        Api api = new Api(port, tenant.apiKey());
        List<String> outcome = placed.stream()
                .map(order -> {
                    JsonNode decision = expect(api.get("/api/v1/orders/" + order.id() + "/sourcing"), 200)
                            .json();
                    return decision.path("status").asString()
                            + (decision.path("shipments").isEmpty()
                                    ? ""
                                    : "@"
                                            + decision.path("shipments")
                                                    .get(0)
                                                    .path("locationId")
                                                    .asString());
                })
                .toList();
        // On fresh stock (1 near, 4 far): the first two orders ship from far, the third finds nothing left.
        assertThat(outcome).containsExactly("allocated@WH-FAR", "allocated@WH-FAR", "backordered");
        for (StockPosition position : tenant.call(() -> ledger.positions(List.of(new Sku("TEA-001"))))) {
            assertThat(position.reserved()).isLessThanOrEqualTo(position.onHand());
        }
        assertThat(tenant.call(() -> ledger.ledgerMismatches())).isEmpty();
        assertThat(eventTypes(api, placed.get(0).id().toString()))
                .containsExactly("order.placed#1", "order.allocated#2");
    }

    // --- fixtures -------------------------------------------------------------------------------------------------

    /** A tenant with three locations (one with a daily capacity, one for frozen goods), stock, carriers, preferences. */
    private TestTenant network(@Nullable String profile) {
        TestTenant tenant = TestTenant.create(context);
        Api api = new Api(port, tenant.apiKey());
        SourcingFixtures fixtures = new SourcingFixtures(api);
        fixtures.location("WH-NEAR", 31.2, 121.5, "\"dailyOrderCapacity\": 3");
        fixtures.location("WH-FAR", 39.9, 116.4, "");
        fixtures.location("WH-COLD", 30.3, 120.2, "\"capabilities\": [\"chilled\", \"frozen\"]");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.item("CUP-002", 300, "ambient");
        fixtures.item("FROZ-1", 1000, "frozen");
        fixtures.stock("WH-NEAR", AS_OF, "TEA-001", "6", "CUP-002", "3");
        fixtures.stock("WH-FAR", AS_OF, "TEA-001", "5", "CUP-002", "2");
        fixtures.stock("WH-COLD", AS_OF, "FROZ-1", "3", "TEA-001", "1");
        fixtures.carrier("ROAD-STD", "YTO", "road", false, "*,CN,,,0,100,0.5,3,2,3,\n");
        fixtures.carrier("COLD-EXP", "SF", "road", true, "*,CN,,,0,100,3,20,1,2,\n");
        expect(
                api.put(
                        "/api/v1/customers/C-SF/delivery-preferences",
                        "{\"preferredCarrier\": \"SF\", \"noWeekendDelivery\": true}"),
                200);
        if (profile != null) {
            JsonNode draft = expect(api.put("/api/v1/sourcing/profiles/batch", profile), 200)
                    .json();
            expect(
                    api.post(
                            "/api/v1/sourcing/profiles/batch/versions/"
                                    + draft.path("version").asInt() + "/activate",
                            null),
                    200);
        }
        return tenant;
    }

    /** Paid and unpaid orders that compete for the same stock and capacity, with notes, tags and preferences. */
    private static List<String> mixedOrders() {
        return List.of(
                document("C-1", true, null, "TEA-001:2"),
                document("C-SF", true, "急用，送长辈", "TEA-001:1", "CUP-002:1"),
                document("C-2", false, null, "TEA-001:2"),
                document("C-3", true, null, "FROZ-1:1"),
                document("C-4", true, "no weekend please", "CUP-002:3"),
                document("C-5", true, null, "TEA-001:3", "FROZ-1:1"),
                document("C-SF", true, null, "TEA-001:1"),
                document("C-6", true, null, "FROZ-1:3"),
                document("C-7", false, null, "CUP-002:5"),
                document("C-8", true, null, "TEA-001:2", "CUP-002:1"),
                document("C-9", true, null, "TEA-001:4"),
                document("C-10", true, "urgent", "TEA-001:1"));
    }

    /** An order to Shanghai; {@code lines} are "SKU:quantity". */
    static String document(String customerId, boolean paid, @Nullable String notes, String... lines) {
        StringBuilder lineJson = new StringBuilder();
        for (String line : lines) {
            String[] parts = line.split(":", -1);
            lineJson.append(lineJson.isEmpty() ? "" : ",").append("""
                    {"sku": "%s", "quantity": %s, "unitPrice": "10.00"}""".formatted(parts[0], parts[1]));
        }
        return """
                {"channel": "web", "externalId": "B-%s", "currency": "CNY", "customer": {"id": "%s", "name": "王芳"},
                 "shippingAddress": {"name": "王芳", "line1": "人民路 1 号", "city": "上海", "region": "SH",
                   "postalCode": "200001", "country": "CN", "latitude": 31.23, "longitude": 121.47},
                 "lines": [%s], %s "notes": %s}
                """.formatted(
                        UUID.randomUUID(),
                        customerId,
                        lineJson,
                        paid ? "\"payment\": {\"status\": \"captured\", \"method\": \"alipay\"}," : "",
                        notes == null ? "null" : "\"" + notes + "\"");
    }

    private List<NewOrder> parse(List<String> documents) {
        return documents.stream()
                .map(document -> OrderContract.parse(json.readTree(document)))
                .toList();
    }

    /** The decision without what differs between two tenants or two moments: ids and times of the decision itself. */
    private static JsonNode comparable(JsonNode decision) {
        ObjectNode copy = (ObjectNode) decision.deepCopy();
        copy.remove(List.of("id", "orderId", "decidedAt", "reservationExpiresAt"));
        for (JsonNode step : (ArrayNode) copy.path("trace")) {
            ((ObjectNode) step).remove("expiresAt");
        }
        return copy;
    }

    private static JsonNode order(Api api, String id) {
        ObjectNode order =
                (ObjectNode) expect(api.get("/api/v1/orders/" + id), 200).json().deepCopy();
        ObjectNode kept = order.objectNode();
        kept.set("status", order.path("status"));
        kept.set("holds", order.path("holds").deepCopy());
        ArrayNode lines = kept.putArray("lines");
        order.path("lines").forEach(line -> lines.add(line.path("quantities")));
        for (JsonNode hold : (ArrayNode) kept.path("holds")) {
            ((ObjectNode) hold).remove(List.of("at", "heldAt", "since", "createdAt"));
        }
        return kept;
    }

    /** The order's public events as "type#sequence", in log order. */
    private static List<String> eventTypes(Api api, String orderId) {
        List<String> types = new ArrayList<>();
        expect(api.get("/api/v1/events?limit=1000&orderId=" + orderId), 200)
                .json()
                .path("events")
                .forEach(event -> types.add(event.path("type")
                                .asString()
                                .replaceFirst("^dev\\.fulcrum\\.", "")
                                .replaceFirst("\\.v\\d+$", "")
                        + "#" + event.path("ordersequence").asInt()));
        return types;
    }

    /** Stock positions, today's loads and what each order holds, comparable across tenants. */
    private List<Object> state(TestTenant tenant, List<Order> placed) {
        List<Object> state = new ArrayList<>();
        state.add(tenant.call(
                () -> ledger.positions(List.of(new Sku("TEA-001"), new Sku("CUP-002"), new Sku("FROZ-1")))));
        state.add(tenant.call(() -> locations.loadOn(LocalDate.now(ZoneId.of("Asia/Shanghai")))));
        for (Order order : placed) {
            state.add(tenant.call(() -> withoutExpiry(ledger.reservations(order.id()))));
        }
        return state;
    }

    private static List<String> withoutExpiry(List<dev.fulcrum.inventory.Reservation> reservations) {
        return reservations.stream()
                .map(r -> r.locationId() + "/" + r.sku() + "=" + r.quantity()
                        + (r.expiresAt() == null ? "" : " expiring"))
                .toList();
    }

    private double batches(String path) {
        var counter = meters.find("fulcrum.sourcing.batches").tag("path", path).counter();
        return counter == null ? 0 : counter.count();
    }

    private <T> T inTransaction(TestTenant tenant, Supplier<T> work) {
        return tenant.call(() -> new TransactionTemplate(transactionManager).execute(status -> work.get()));
    }

    private void waitUntilALockIsAwaited() throws InterruptedException {
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            if (jdbc.sql("select count(*) from pg_locks where not granted")
                            .query(Integer.class)
                            .single()
                    > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the batch never waited for the locked stock position");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
    }
}

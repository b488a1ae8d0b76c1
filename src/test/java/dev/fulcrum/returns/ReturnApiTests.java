package dev.fulcrum.returns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** The returns API end to end over HTTP, on the embedded PostgreSQL: acceptance 1 and 2 of issue 12. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReturnApiTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    InventoryLedger inventory;

    @Autowired
    MeterRegistry registry;

    @Autowired
    Returns returns;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        expect(api.put("/api/v1/locations/WH-RET", """
                        {"name": "Returns desk", "type": "warehouse", "latitude": 31.2, "longitude": 121.5,
                         "country": "CN", "timeZone": "Asia/Shanghai"}"""), 200);
        expect(
                api.put(
                        "/api/v1/locations/WH-RET/stock",
                        "{\"asOf\": \"2026-11-01T00:00:00Z\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 5}]}"),
                200);
    }

    @Test
    void aDeliveredUnitIsReturnedReceivedSellableAndRefundedOverTheApi() {
        String orderId = deliveredOrder();
        double unitsBefore = returnedUnits("changed_mind", "TEA-001");

        Api.Response requested =
                api.post("/api/v1/orders/" + orderId + "/returns", """
                {"lines": [{"sku": "TEA-001", "quantity": 1, "reason": "changed_mind"}],
                 "resolution": "refund", "method": "drop_off", "note": "too strong"}""", "Idempotency-Key", "ret-" + orderId);
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        JsonNode created = requested.json();
        String returnId = created.path("id").asString();
        assertThat(created.path("status").asString()).isEqualTo("approved");
        assertThat(created.path("decision").path("outcome").asString()).isEqualTo("approved");
        assertThat(created.path("decision").path("rules").get(0).path("rule").asString())
                .isEqualTo("window");
        assertThat(created.path("decision")
                        .path("rules")
                        .get(0)
                        .path("values")
                        .path("policy.windowDays")
                        .asInt())
                .isEqualTo(30);
        // 59.00 less half of the 5.00 discount, no tax, no restocking fee for changed_mind by default
        assertThat(created.path("refund").path("amount").asString()).isEqualTo("56.50");
        assertThat(created.path("refund").path("status").asString()).isEqualTo("held");
        assertThat(created.path("refund").path("timing").asString()).isEqualTo("after_inspection");
        boolean shippedHere = api.get("/api/v1/locations/WH-RET/stock/TEA-001/movements").json().values().stream()
                .anyMatch(movement -> movement.path("kind").asString().equals("ship")
                        && movement.path("orderId").asString().equals(orderId));
        if (shippedHere) {
            assertThat(created.path("returnLocation").asString())
                    .as("the return location is where the units shipped from")
                    .isEqualTo("WH-RET");
        } else {
            assertThat(created.path("returnLocation").isNull()).isTrue();
            Api.Response nowhere = api.post(
                    "/api/v1/returns/" + created.path("id").asString() + "/receive",
                    "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1}]}");
            assertThat(nowhere.status()).isEqualTo(400);
            assertThat(nowhere.json().path("errors").get(0).path("field").asString())
                    .isEqualTo("locationId");
        }

        Api.Response replayed =
                api.post("/api/v1/orders/" + orderId + "/returns", """
                {"lines": [{"sku": "TEA-001", "quantity": 1, "reason": "changed_mind"}],
                 "resolution": "refund", "method": "drop_off", "note": "too strong"}""", "Idempotency-Key", "ret-" + orderId);
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.json().path("id").asString()).isEqualTo(returnId);

        JsonNode order = api.get("/api/v1/orders/" + orderId).json();
        assertThat(order.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("returnRequested")
                        .asInt())
                .isEqualTo(1);
        assertThat(order.path("returns")).hasSize(1);
        assertThat(order.path("returns").get(0).path("id").asString()).isEqualTo(returnId);
        assertThat(order.path("statusCode").asInt()).isEqualTo(3);

        Api.Response early = api.post("/api/v1/returns/" + returnId + "/refund", null);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().path("detail").asString()).contains("inspection");

        int onHandBefore = onHand("WH-RET", "TEA-001");
        JsonNode received = expect(api.post("/api/v1/returns/" + returnId + "/receive", """
                                {"locationId": "WH-RET",
                                 "lines": [{"sku": "TEA-001", "quantity": 1, "condition": "sellable"}]}"""), 200)
                .json();
        assertThat(received.path("status").asString()).isEqualTo("refunded");
        assertThat(received.path("refund").path("status").asString()).isEqualTo("refunded");
        assertThat(received.path("returnLocation").asString()).isEqualTo("WH-RET");
        assertThat(received.path("lines").get(0).path("sellable").asInt()).isEqualTo(1);

        assertThat(onHand("WH-RET", "TEA-001")).isEqualTo(onHandBefore + 1);
        JsonNode movement = api.get("/api/v1/locations/WH-RET/stock/TEA-001/movements")
                .json()
                .get(0);
        assertThat(movement.path("kind").asString()).isEqualTo("return");
        assertThat(movement.path("onHandDelta").asInt()).isEqualTo(1);

        JsonNode after = api.get("/api/v1/orders/" + orderId).json();
        assertThat(after.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("returned")
                        .asInt())
                .isEqualTo(1);
        assertThat(after.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("returnRequested")
                        .asInt())
                .isZero();
        assertThat(after.path("returns").get(0).path("status").asString()).isEqualTo("refunded");
        JsonNode timeline =
                api.get("/api/v1/orders/" + orderId + "/timeline").json().path("entries");
        assertThat(timeline.toString())
                .contains("order.return-requested", "order.return-approved", "order.return-received")
                .contains("order.refunded", "56.50");

        JsonNode refunded = api.awaitEvents("type=return.refunded&orderId=" + orderId, 1);
        assertThat(refunded).hasSize(1);
        assertThat(refunded.get(0).path("data").path("amount").asString()).isEqualTo("56.50");
        assertThat(refunded.get(0).path("data").path("returnId").asString()).isEqualTo(returnId);
        JsonNode all = api.get("/api/v1/events?orderId=" + orderId + "&limit=100")
                .json()
                .path("events");
        List<String> types = new ArrayList<>();
        List<Integer> sequences = new ArrayList<>();
        all.values().forEach(event -> {
            types.add(event.path("type").asString());
            sequences.add(event.path("ordersequence").asInt());
        });
        assertThat(types)
                .containsSubsequence(
                        "dev.fulcrum.return.requested.v1",
                        "dev.fulcrum.return.approved.v1",
                        "dev.fulcrum.return.received.v1",
                        "dev.fulcrum.return.refunded.v1");
        assertThat(sequences).as("an order's events are numbered without gaps").isEqualTo(range(1, sequences.size()));

        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(returnedUnits("changed_mind", "TEA-001")).isGreaterThanOrEqualTo(unitsBefore + 1));

        Api.Response second = api.post("/api/v1/returns/" + returnId + "/refund", null);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().path("type").asString()).contains("already-refunded");

        JsonNode listed = api.get("/api/v1/returns?status=refunded&reason=changed_mind&orderId=" + orderId)
                .json();
        assertThat(listed.path("items")).hasSize(1);
        assertThat(api.get("/api/v1/returns?reason=damaged&orderId=" + orderId)
                        .json()
                        .path("items"))
                .isEmpty();
    }

    @Test
    void requestingMoreUnitsThanWereDeliveredIsAConflictNamingTheLine() {
        String orderId = deliveredOrder();
        Api.Response tooMany = api.post(
                "/api/v1/orders/" + orderId + "/returns",
                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 5, \"reason\": \"damaged\"}]}");
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(409);
        assertThat(tooMany.contentType()).startsWith("application/problem+json");
        assertThat(tooMany.json().path("detail").asString())
                .contains("line 1 (TEA-001)")
                .contains("only 2");

        Api.Response unknownLine = api.post(
                "/api/v1/orders/" + orderId + "/returns",
                "{\"lines\": [{\"sku\": \"NOPE-9\", \"quantity\": 1, \"reason\": \"damaged\"}]}");
        assertThat(unknownLine.status()).isEqualTo(400);
        assertThat(unknownLine.json().path("errors").get(0).path("field").asString())
                .isEqualTo("lines[0].sku");

        Api.Response unknownReason = api.post(
                "/api/v1/orders/" + orderId + "/returns",
                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"bored\"}]}");
        assertThat(unknownReason.status()).isEqualTo(400);
        assertThat(unknownReason.json().path("errors").get(0).path("field").asString())
                .isEqualTo("lines[0].reason");

        Api.Response unknownField = api.post(
                "/api/v1/orders/" + orderId + "/returns",
                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"damaged\"}], \"colour\": 1}");
        assertThat(unknownField.status()).isEqualTo(400);

        String line = "{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"damaged\"}";
        Api.Response tooLong = api.post(
                "/api/v1/orders/" + orderId + "/returns",
                "{\"lines\": [" + String.join(",", java.util.Collections.nCopies(1001, line)) + "]}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("errors").get(0).path("reason").asString())
                .isEqualTo("at most 1000 lines per request, got 1001");
        assertThat(api.get("/api/v1/returns?limit=501")
                        .json()
                        .path("errors")
                        .get(0)
                        .path("reason")
                        .asString())
                .isEqualTo("must be between 1 and 500, got 501");

        Api.Response notDelivered = api.post(
                "/api/v1/orders/"
                        + api.post("/api/v1/orders", OrderMother.paidOrder())
                                .json()
                                .path("id")
                                .asString()
                        + "/returns",
                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"damaged\"}]}");
        assertThat(notDelivered.status()).isEqualTo(409);
        assertThat(notDelivered.json().path("detail").asString()).contains("only 0");
    }

    @Test
    void receivingMoreThanTheReturnAskedBackIsAConflict() {
        String orderId = deliveredOrder();
        String returnId = expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/returns",
                                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"damaged\"}]}"),
                        201)
                .json()
                .path("id")
                .asString();
        int onHandBefore = onHand("WH-RET", "TEA-001");
        int availableBefore = available("TEA-001");
        Api.Response tooMany = api.post(
                "/api/v1/returns/" + returnId + "/receive",
                "{\"locationId\": \"WH-RET\", \"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 2}]}");
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(409);
        assertThat(tooMany.json().path("detail").asString()).contains("line 1 (TEA-001)");

        JsonNode damaged = expect(
                        api.post(
                                "/api/v1/returns/" + returnId + "/receive",
                                "{\"locationId\": \"WH-RET\", \"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, "
                                        + "\"condition\": \"damaged\"}]}"),
                        200)
                .json();
        assertThat(damaged.path("lines").get(0).path("damaged").asInt()).isEqualTo(1);
        assertThat(onHand("WH-RET", "TEA-001"))
                .as("damaged units are never on hand")
                .isEqualTo(onHandBefore);
        assertThat(tenant.call(() -> inventory.damaged(new LocationId("WH-RET"), new Sku("TEA-001"))))
                .isEqualTo(1);
        assertThat(available("TEA-001")).isEqualTo(availableBefore);
    }

    @Test
    void sixteenConcurrentRequestsForTheLastReturnableUnitMakeExactlyOneReturn() throws Exception {
        String orderId = deliveredOrder();
        expect(
                api.post(
                        "/api/v1/orders/" + orderId + "/returns",
                        "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"late\"}]}"),
                201);
        int clients = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                statuses.add(pool.submit(() -> {
                    assertThat(start.await(10, TimeUnit.SECONDS)).isTrue();
                    return api.post(
                                    "/api/v1/orders/" + orderId + "/returns",
                                    "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"late\"}]}")
                            .status();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get(60, TimeUnit.SECONDS));
            }
            assertThat(codes).filteredOn(code -> code == 201).hasSize(1);
            assertThat(codes).filteredOn(code -> code == 409).hasSize(clients - 1);
        }
        assertThat(api.get("/api/v1/orders/" + orderId + "/returns").json().path("items"))
                .hasSize(2);
        assertThat(api.get("/api/v1/orders/" + orderId)
                        .json()
                        .path("lines")
                        .get(0)
                        .path("quantities")
                        .path("returnRequested")
                        .asInt())
                .isEqualTo(2);
        assertThat(tenant.call(returns::unitsByReason)).containsEntry("late", 2);
        assertThat(tenant.call(returns::countsByStatus)).containsEntry("approved", 2);
    }

    /** A paid order of 2 × TEA-001 (59.00, discount 5.00), shipped and delivered. */
    private String deliveredOrder() {
        String id = expect(api.post("/api/v1/orders", OrderMother.paidOrder()), 201)
                .json()
                .path("id")
                .asString();
        expect(api.post("/api/v1/orders/" + id + "/ship", "{\"carrier\": \"SF\", \"trackingNumber\": \"SF1\"}"), 200);
        expect(api.post("/api/v1/orders/" + id + "/deliver", null), 200);
        return id;
    }

    private int onHand(String location, String sku) {
        for (JsonNode row : api.get("/api/v1/availability?sku=" + sku).json().path("locations")) {
            if (row.path("locationId").asString().equals(location)) {
                return row.path("onHand").asInt();
            }
        }
        return 0;
    }

    private double returnedUnits(String reason, String sku) {
        Counter counter = registry.find("fulcrum.returns.requested.units")
                .tag("reason", reason)
                .tag("sku", sku)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private int available(String sku) {
        return api.get("/api/v1/availability?sku=" + sku)
                .json()
                .path("available")
                .asInt();
    }

    private static List<Integer> range(int from, int count) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(from + i);
        }
        return numbers;
    }

    static Api.Response expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}

package dev.fulcrum.sourcing;

import static dev.fulcrum.sourcing.SourcingFixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Batch allocation over the API (issue 18): the lexicographic objective, the whole backlog with unserved orders not
 * reconsidered until something changes, strict lanes, capacity by ship day, budgets refused up front (this class runs
 * with a budget of 30 candidate plans).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // A small memory budget, so that a test can exceed it with a handful of orders.
        properties = "fulcrum.sourcing.batch.max-candidate-plans=30")
class BatchBacklogIntegrationTests {

    private static final String AS_OF = "2026-11-20T08:00:00Z";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    TestTenant tenant;
    Api api;
    SourcingFixtures fixtures;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        fixtures = new SourcingFixtures(api);
    }

    private JsonNode sourcing(String orderId) {
        return expect(api.get("/api/v1/orders/" + orderId + "/sourcing"), 200).json();
    }

    private JsonNode batch(Map<String, Object> body) {
        return expect(api.post("/api/v1/sourcing/batches", Api.json(body)), 200).json();
    }

    private void receive(String location, String sku, int units) {
        expect(api.post("/api/v1/stock/adjustments", """
                {"adjustments": [{"locationId": "%s", "sku": "%s", "delta": %d, "kind": "receive", "reason": "PO"}]}
                """.formatted(location, sku, units)), 200);
    }

    private static JsonNode row(JsonNode report, String orderId) {
        for (JsonNode row : report.path("orders")) {
            if (row.path("orderId").asString().equals(orderId)) {
                return row;
            }
        }
        throw new AssertionError("order " + orderId + " is not in " + report);
    }

    /** Acceptance 2: with capacity for one of two orders, the cheaper is served (the old penalty chose the dearer). */
    @Test
    void servesTheCheaperOfTwoOrdersWhenCapacityAllowsOnlyOne() {
        fixtures.location("WH-ONE", 31.2, 121.5, "\"dailyOrderCapacity\": 1");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-ONE", AS_OF, "TEA-001", "0");
        String dear = fixtures.paidOrder(null, "C-1", "TEA-001:3");
        String cheap = fixtures.paidOrder(null, "C-2", "TEA-001:1");
        assertThat(sourcing(dear).path("status").asString()).isEqualTo("backordered");
        receive("WH-ONE", "TEA-001", 4);

        JsonNode report = batch(Map.of("orderIds", List.of(dear, cheap)));

        assertThat(report.path("allocated").asInt()).as(report.toString()).isEqualTo(1);
        assertThat(row(report, cheap).path("status").asString()).isEqualTo("allocated");
        assertThat(row(report, dear).path("status").asString()).isEqualTo("unallocated");
        assertThat(row(report, dear).path("reason").asString()).isEqualTo("capacity exhausted");
        assertThat(report.path("unservedByReason").path("capacity exhausted").asInt())
                .isEqualTo(1);
        assertThat(report.path("solverStatus").asString()).isEqualTo("OPTIMAL");
        assertThat(report.path("gapPercent").asDouble()).isZero();
        assertThat(report.path("groups")).hasSize(1);
        assertThat(report.path("groups").get(0).path("servedBound").asInt()).isEqualTo(1);
        assertThat(report.path("timings").path("totalMillis").asLong()).isPositive();
        assertThat(sourcing(cheap).path("status").asString()).isEqualTo("allocated");
        assertThat(sourcing(dear).path("status").asString()).isEqualTo("backordered");
    }

    private double setBasedChunks() {
        io.micrometer.core.instrument.Counter counter = meters.find("fulcrum.sourcing.batches")
                .tag("path", "batch-set-based")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * The chosen plans are committed set-based (ADR 0114): every served order's events stay numbered without gaps, its
     * stock is reserved exactly once, and a second batch over the same backlog reserves nothing more.
     */
    @Test
    void commitsABatchSetBasedWithGaplessEventsAndStockReservedOnce() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", AS_OF, "TEA-001", "0");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(fixtures.paidOrder(null, "C-" + i, "TEA-001:2"));
        }
        receive("WH-NEAR", "TEA-001", 10);
        double setBasedBefore = setBasedChunks();

        JsonNode first = batch(Map.of());
        JsonNode second = batch(Map.of());

        assertThat(setBasedChunks() - setBasedBefore)
                .as("chunks committed set-based")
                .isEqualTo(1.0);

        assertThat(first.path("allocated").asInt()).as(first.toString()).isEqualTo(4);
        assertThat(second.path("allocated").asInt()).as(second.toString()).isZero();
        for (String id : ids) {
            assertThat(sourcing(id).path("status").asString()).isEqualTo("allocated");
            List<Integer> sequences = new ArrayList<>();
            List<String> types = new ArrayList<>();
            expect(api.get("/api/v1/events?limit=1000&orderId=" + id), 200)
                    .json()
                    .path("events")
                    .forEach(event -> {
                        sequences.add(event.path("ordersequence").asInt());
                        types.add(event.path("type").asString());
                    });
            assertThat(sequences).as("events of %s: %s", id, types).isNotEmpty();
            for (int i = 0; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).as("events of %s: %s", id, types).isEqualTo(i + 1);
            }
            assertThat(types.stream().filter(type -> type.contains("order.allocated")))
                    .as("events of %s", id)
                    .hasSize(1);
        }
        JsonNode position = expect(api.get("/api/v1/availability?sku=TEA-001"), 200)
                .json()
                .path("locations")
                .get(0);
        assertThat(position.path("reserved").asInt()).isEqualTo(8);
        assertThat(position.path("available").asInt()).isEqualTo(2);
    }

    /**
     * Acceptance 3: the oldest orders of the backlog cannot be served; repeated calls without ids still allocate the
     * newer servable ones, skip the unservable ones while nothing changes, and take them up once stock arrives.
     */
    @Test
    void repeatedBacklogBatchesAllocateNewerServableOrdersPastOlderUnservableOnes() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.item("RARE", 500, "ambient");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", AS_OF, "RARE", "0", "TEA-001", "0");
        List<String> oldest = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            oldest.add(fixtures.paidOrder(null, "C-old", "RARE:1"));
        }
        List<String> newer = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            newer.add(fixtures.paidOrder(null, "C-new", "TEA-001:1"));
        }
        receive("WH-NEAR", "TEA-001", 10);

        JsonNode first = batch(Map.of());

        assertThat(first.path("considered").asInt()).as(first.toString()).isEqualTo(7);
        assertThat(first.path("allocated").asInt()).isEqualTo(3);
        newer.forEach(id -> assertThat(sourcing(id).path("status").asString()).isEqualTo("allocated"));
        oldest.forEach(
                id -> assertThat(row(first, id).path("reason").asString()).isEqualTo("no eligible location"));
        assertThat(first.path("unservedByReason").path("no eligible location").asInt())
                .isEqualTo(4);

        String newest = fixtures.paidOrder(null, "C-new", "TEA-001:20");
        receive("WH-NEAR", "TEA-001", 20);
        JsonNode second = batch(Map.of());

        assertThat(second.path("considered").asInt())
                .as("the unservable orders are not reconsidered: %s", second)
                .isEqualTo(1);
        assertThat(row(second, newest).path("status").asString()).isEqualTo("allocated");
        assertThat(second.path("skipped").toString()).contains("unchanged since the last batch: no eligible location");

        receive("WH-NEAR", "RARE", 4);
        JsonNode third = batch(Map.of());

        assertThat(third.path("considered").asInt()).as(third.toString()).isEqualTo(4);
        assertThat(third.path("allocated").asInt()).isEqualTo(4);
        assertThat(tenant.call(() -> context.getBean(InventoryLedger.class).ledgerMismatches()))
                .isEmpty();
    }

    @Test
    void narrowsTheBacklogByChannelAndPlacingTime() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", AS_OF, "TEA-001", "0");
        fixtures.paidOrder(null, "C-1", "TEA-001:1");
        receive("WH-NEAR", "TEA-001", 5);

        JsonNode otherChannel = batch(Map.of("channel", "b2b"));
        JsonNode future =
                batch(Map.of("placedFrom", Instant.now().plusSeconds(3600).toString()));
        JsonNode web = batch(Map.of("channel", "web"));

        assertThat(otherChannel.path("considered").asInt()).isZero();
        assertThat(future.path("considered").asInt()).isZero();
        assertThat(web.path("allocated").asInt()).isEqualTo(1);
    }

    /** Acceptance 4: with requireRateCard no plan uses an estimate; without it, the estimate is used as before. */
    @Test
    void requireRateCardMakesALocationWithoutALaneIneligible() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.location("WH-FAR", 39.9, 116.4, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", AS_OF, "TEA-001", "10");
        fixtures.stock("WH-FAR", AS_OF, "TEA-001", "10");
        fixtures.carrier("ROAD-BJ", "SF", "road", false, "WH-FAR,CN,,,0,100,4.0,30,2,3,\n");

        JsonNode lenient = sourcing(fixtures.paidOrder(null, "C-1", "TEA-001:1"));
        assertThat(lenient.path("shipments").get(0).path("locationId").asString())
                .isEqualTo("WH-NEAR");
        assertThat(lenient.path("shipments").get(0).path("carrierService").asString())
                .startsWith("ESTIMATE");

        activate("""
                {"strategies": [{"name": "cost", "objective": "cost-first"}], "fallback": "backorder",
                 "requireRateCard": true}""");
        JsonNode strict = sourcing(fixtures.paidOrder(null, "C-1", "TEA-001:1"));

        assertThat(strict.path("shipments").get(0).path("locationId").asString())
                .isEqualTo("WH-FAR");
        assertThat(strict.path("shipments").get(0).path("carrierService").asString())
                .isEqualTo("ROAD-BJ");
        assertThat(strict.path("trace").toString()).contains("no rate-card lane from WH-NEAR to CN (requireRateCard)");

        // In a batch: the only stock sits where no lane leaves from, so the order is unserved for want of a lane.
        fixtures.item("GREEN-TEA", 500, "ambient");
        fixtures.stock("WH-NEAR", AS_OF, "TEA-001", "10", "GREEN-TEA", "0");
        String waiting = fixtures.paidOrder(null, "C-2", "GREEN-TEA:1");
        receive("WH-NEAR", "GREEN-TEA", 5);
        JsonNode report = batch(Map.of("orderIds", List.of(waiting)));
        assertThat(row(report, waiting).path("reason").asString())
                .as(report.toString())
                .isEqualTo("no lane");
        assertThat(report.path("unservedByReason").path("no lane").asInt()).isEqualTo(1);
    }

    /**
     * An order left unserved for want of a lane is skipped by later backlog batches while nothing changes, and
     * reconsidered (and served) once a rate card with its lane is uploaded: the fingerprint holds the rate cards'
     * version. Uploading the same card again changes nothing.
     */
    @Test
    void anUnservedOrderIsReconsideredWhenARateCardChanges() {
        activate("""
                {"strategies": [{"name": "cost", "objective": "cost-first"}], "fallback": "backorder",
                 "requireRateCard": true}""");
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", AS_OF, "TEA-001", "10");
        fixtures.carrier("ROAD-X", "SF", "road", false, "WH-ELSEWHERE,CN,,,0,100,4.0,30,2,3,\n");
        String waiting = fixtures.paidOrder(null, "C-1", "TEA-001:1");
        assertThat(sourcing(waiting).path("status").asString()).isNotEqualTo("allocated");

        JsonNode first = batch(Map.of());
        assertThat(row(first, waiting).path("reason").asString())
                .as(first.toString())
                .isEqualTo("no lane");

        fixtures.carrier("ROAD-X", "SF", "road", false, "WH-ELSEWHERE,CN,,,0,100,4.0,30,2,3,\n");
        JsonNode unchanged = batch(Map.of());
        assertThat(unchanged.path("considered").asInt())
                .as(unchanged.toString())
                .isZero();
        assertThat(unchanged.path("skipped").toString()).contains("unchanged since the last batch: no lane");

        fixtures.carrier("ROAD-X", "SF", "road", false, "WH-NEAR,CN,,,0,100,4.0,30,2,3,\n");
        JsonNode reconsidered = batch(Map.of());

        assertThat(reconsidered.path("considered").asInt())
                .as(reconsidered.toString())
                .isEqualTo(1);
        assertThat(row(reconsidered, waiting).path("status").asString()).isEqualTo("allocated");
        assertThat(sourcing(waiting)
                        .path("shipments")
                        .get(0)
                        .path("carrierService")
                        .asString())
                .isEqualTo("ROAD-X");
    }

    /** Acceptance 6: a batch over three ship days never takes more than any day's capacity. */
    @Test
    void aBatchOverThreeShipDaysNeverExceedsAnyDaysCapacity() {
        fixtures.location("WH-TWO", 31.2, 121.5, "\"dailyOrderCapacity\": 2");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-TWO", AS_OF, "TEA-001", "0");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(fixtures.paidOrder(null, "C-" + i, "TEA-001:1"));
        }
        receive("WH-TWO", "TEA-001", 50);

        JsonNode report = batch(Map.of("orderIds", ids, "shipDays", 3));

        assertThat(report.path("allocated").asInt()).as(report.toString()).isEqualTo(6);
        assertThat(report.path("unservedByReason").path("capacity exhausted").asInt())
                .isEqualTo(1);
        Map<LocalDate, Integer> perDay = new HashMap<>();
        for (String id : ids) {
            JsonNode decision = sourcing(id);
            if (decision.path("status").asString().equals("allocated")) {
                LocalDate day = Instant.parse(
                                decision.path("shipments").get(0).path("shipBy").asString())
                        .atZone(SHANGHAI)
                        .toLocalDate();
                perDay.merge(day, 1, Integer::sum);
            }
        }
        assertThat(perDay).hasSize(3);
        assertThat(perDay.values()).allSatisfy(count -> assertThat(count).isEqualTo(2));
        Set<LocalDate> days = new HashSet<>(perDay.keySet());
        Map<LocalDate, Map<String, Integer>> loads =
                tenant.call(() -> context.getBean(Locations.class).loadsOn(days));
        assertThat(days)
                .allSatisfy(day -> assertThat(loads.getOrDefault(day, Map.of()).getOrDefault("WH-TWO", 0))
                        .isEqualTo(2));
    }

    @Test
    void refusesABatchOverTheMemoryBudgetUpFrontAndAllocatesNothing() {
        fixtures.location("WH-A", 31.2, 121.5, "");
        fixtures.location("WH-B", 39.9, 116.4, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-A", AS_OF, "TEA-001", "0");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(fixtures.paidOrder(null, "C-" + i, "TEA-001:1"));
        }
        receive("WH-A", "TEA-001", 10);

        Api.Response refused = api.post("/api/v1/sourcing/batches", Api.json(Map.of("orderIds", ids, "shipDays", 3)));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body())
                .contains("6 orders × 2 locations × 3 ship days", "fulcrum.sourcing.batch.max-candidate-plans");
        assertThat(sourcing(ids.getFirst()).path("status").asString()).isEqualTo("backordered");
        assertThat(batch(Map.of("orderIds", ids)).path("allocated").asInt())
                .as("within the budget with one ship day")
                .isEqualTo(6);
    }

    @Test
    void refusesAScopeOverTheBudgetUpFront() {
        Api.Response tooLong = api.post("/api/v1/sourcing/batches", Api.json(Map.of("timeLimitSeconds", 100_000)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("timeLimitSeconds");

        Api.Response tooManyDays = api.post("/api/v1/sourcing/batches", Api.json(Map.of("shipDays", 30)));
        assertThat(tooManyDays.status()).isEqualTo(400);
        assertThat(tooManyDays.body()).contains("shipDays");
    }

    private void activate(String definition) {
        JsonNode draft = expect(api.put("/api/v1/sourcing/profiles/strict", definition), 200)
                .json();
        expect(
                api.post(
                        "/api/v1/sourcing/profiles/strict/versions/"
                                + draft.path("version").asInt() + "/activate",
                        null),
                200);
    }
}

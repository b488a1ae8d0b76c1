package dev.fulcrum.sourcing;

import static dev.fulcrum.sourcing.SourcingFixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.sourcing.internal.ReservationExpiry;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SourcingIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    TestTenant tenant;
    Api api;
    SourcingFixtures fixtures;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        fixtures = new SourcingFixtures(api);
    }

    private void nearAndFar(String nearExtra, String farExtra) {
        fixtures.location("WH-NEAR", 31.2, 121.5, nearExtra);
        fixtures.location("WH-FAR", 39.9, 116.4, farExtra);
    }

    private JsonNode sourcing(String orderId) {
        return expect(api.get("/api/v1/orders/" + orderId + "/sourcing"), 200).json();
    }

    private static List<JsonNode> steps(JsonNode decision, String step) {
        List<JsonNode> found = new ArrayList<>();
        decision.path("trace").forEach(entry -> {
            if (entry.path("step").asString().equals(step)) {
                found.add(entry);
            }
        });
        return found;
    }

    private static JsonNode candidate(JsonNode decision, String locationId) {
        return steps(decision, "candidate").stream()
                .filter(c -> c.path("locationId").asString().equals(locationId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no candidate " + locationId + " in " + decision));
    }

    @Test
    void allocatesAPaidOrderReservesItsStockAndExplainsTheChoice() {
        nearAndFar("", "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");
        fixtures.stock("WH-FAR", "2026-11-20T08:00:00Z", "TEA-001", "10");

        String orderId = fixtures.paidOrder(null, "C-1", "TEA-001:2");

        JsonNode decision = sourcing(orderId);
        assertThat(decision.path("status").asString()).isEqualTo("allocated");
        assertThat(decision.path("profile").asString()).isEqualTo("default");
        assertThat(decision.path("profileVersion").asInt()).isEqualTo(1);
        JsonNode shipment = decision.path("shipments").get(0);
        assertThat(shipment.path("locationId").asString()).isEqualTo("WH-NEAR");
        assertThat(shipment.path("carrierService").asString()).isEqualTo("ESTIMATE-ROAD");
        assertThat(shipment.path("estimate").asBoolean()).isTrue();
        assertThat(shipment.path("lines").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(decision.path("promise").path("deliverBy").asString()).isNotEmpty();
        assertThat(candidate(decision, "WH-NEAR").path("verdict").asString()).isEqualTo("chosen");
        assertThat(candidate(decision, "WH-FAR").path("verdict").asString()).isEqualTo("eligible");
        assertThat(steps(decision, "alternative")).hasSize(3);

        JsonNode availability =
                expect(api.get("/api/v1/availability?sku=TEA-001"), 200).json();
        assertThat(availability.path("available").asInt()).isEqualTo(18);
        JsonNode order = expect(api.get("/api/v1/orders/" + orderId), 200).json();
        assertThat(order.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("allocated")
                        .asInt())
                .isEqualTo(2);
        JsonNode events =
                expect(api.get("/api/v1/events?type=order.allocated"), 200).json();
        assertThat(events.toString()).contains(orderId).contains("deliverBy");
        assertThat(tenant.call(() -> context.getBean(InventoryLedger.class).ledgerMismatches()))
                .isEmpty();
    }

    @Test
    void theAnswerToPlacingAPaidOrderIsTheOrderAsCommittedWithItsAllocationAndPromise() {
        nearAndFar("", "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");
        String document = OrderMother.paidOrder();
        String key = "K-" + java.util.UUID.randomUUID();

        JsonNode placed = expect(api.post("/api/v1/orders", document, "Idempotency-Key", key), 201)
                .json();

        String orderId = placed.path("id").asString();
        JsonNode promise = sourcing(orderId).path("promise");
        assertThat(placed.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("allocated")
                        .asInt())
                .isEqualTo(2);
        assertThat(placed.path("deliverBy").asString())
                .isNotEmpty()
                .isEqualTo(promise.path("deliverBy").asString());
        assertThat(Instant.parse(placed.path("shipBy").asString()))
                .isEqualTo(Instant.parse(promise.path("shipBy").asString()));
        JsonNode read = expect(api.get("/api/v1/orders/" + orderId), 200).json();
        assertThat(placed.path("deliverBy")).isEqualTo(read.path("deliverBy"));
        assertThat(placed.path("lines")).isEqualTo(read.path("lines"));
        JsonNode replayed = expect(api.post("/api/v1/orders", document, "Idempotency-Key", key), 201)
                .json();
        assertThat(replayed).isEqualTo(placed);
        JsonNode timeline = expect(api.get("/api/v1/orders/" + orderId + "/timeline"), 200)
                .json()
                .path("entries");
        assertThat(timeline.get(0).path("action").asString()).isEqualTo("order.placed");
        assertThat(timeline.get(1).path("action").asString()).isEqualTo("order.allocation-recorded");
        assertThat(timeline.get(1)
                        .path("details")
                        .path("lines")
                        .get(0)
                        .path("allocated")
                        .asInt())
                .isEqualTo(2);
        assertThat(timeline.get(1).path("details").path("deliverBy").asString())
                .isEqualTo(placed.path("deliverBy").asString());
    }

    @Test
    void theAnswerToPayingIsTheOrderAllocatedInTheSameTransaction() {
        nearAndFar("", "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");
        String orderId = fixtures.placeOrder(null, "C-9", false, "TEA-001:2");

        JsonNode paid = expect(api.post("/api/v1/orders/" + orderId + "/pay", "{}"), 200)
                .json();

        assertThat(paid.path("status").asString()).isEqualTo("paid");
        assertThat(paid.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("allocated")
                        .asInt())
                .isEqualTo(2);
        assertThat(paid.path("deliverBy").asString()).isNotEmpty();
    }

    @Test
    void anOrderWithoutAnAllocationHasNoPromise() {
        JsonNode placed =
                expect(api.post("/api/v1/orders", OrderMother.paidOrder()), 201).json();

        assertThat(placed.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("allocated")
                        .asInt())
                .isZero();
        assertThat(placed.get("shipBy").isNull()).isTrue();
        assertThat(placed.get("deliverBy").isNull()).isTrue();
    }

    @Test
    void shipsFrozenItemsOnlyFromFrozenCapableLocationsWithTemperatureControlledServices() {
        nearAndFar("", "\"capabilities\": [\"chilled\", \"frozen\"]");
        fixtures.item("FROZ-1", 1000, "frozen");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "FROZ-1", "10");
        fixtures.stock("WH-FAR", "2026-11-20T08:00:00Z", "FROZ-1", "10");
        fixtures.carrier("ROAD-STD", "YTO", "road", false, "*,CN,,,0,100,0.5,3,2,3,\n");
        fixtures.carrier("COLD-EXP", "SF", "road", true, "*,CN,,,0,100,3,20,1,2,\n");

        JsonNode decision = sourcing(fixtures.paidOrder(null, "C-2", "FROZ-1:1"));

        JsonNode shipment = decision.path("shipments").get(0);
        assertThat(shipment.path("locationId").asString()).isEqualTo("WH-FAR");
        assertThat(shipment.path("carrierService").asString()).isEqualTo("COLD-EXP");
        assertThat(candidate(decision, "WH-NEAR").path("verdict").asString()).isEqualTo("rejected");
        assertThat(candidate(decision, "WH-NEAR").path("reasons").toString()).contains("cannot handle frozen");
    }

    @Test
    void skipsALocationThatReachedItsDailyCapacity() {
        nearAndFar("\"dailyOrderCapacity\": 1", "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");
        fixtures.stock("WH-FAR", "2026-11-20T08:00:00Z", "TEA-001", "10");

        JsonNode first = sourcing(fixtures.paidOrder(null, "C-3", "TEA-001:1"));
        JsonNode second = sourcing(fixtures.paidOrder(null, "C-3", "TEA-001:1"));

        assertThat(first.path("shipments").get(0).path("locationId").asString()).isEqualTo("WH-NEAR");
        assertThat(second.path("shipments").get(0).path("locationId").asString())
                .isEqualTo("WH-FAR");
        assertThat(candidate(second, "WH-NEAR").path("reasons").toString()).contains("daily order capacity");
    }

    @Test
    void neverSourcesASkuOutsideALocationsAssortment() {
        nearAndFar("\"assortment\": [\"OTHER-SKU\"]", "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");
        fixtures.stock("WH-FAR", "2026-11-20T08:00:00Z", "TEA-001", "10");

        JsonNode decision = sourcing(fixtures.paidOrder(null, "C-4", "TEA-001:1"));

        assertThat(decision.path("shipments").get(0).path("locationId").asString())
                .isEqualTo("WH-FAR");
        assertThat(candidate(decision, "WH-NEAR").path("reasons").toString()).contains("assortment excludes TEA-001");
    }

    @Test
    void usesTheCustomersPreferredCarrierWhenItServesTheLane() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");
        fixtures.carrier("YTO-ROAD", "YTO", "road", false, "*,CN,,,0,100,0.5,3,2,3,\n");
        fixtures.carrier("SF-EXPRESS", "SF", "air", false, "*,CN,,,0,100,8,25,1,2,\n");
        expect(api.put("/api/v1/customers/C-SF/delivery-preferences", "{\"preferredCarrier\": \"SF\"}"), 200);

        JsonNode withPreference = sourcing(fixtures.paidOrder(null, "C-SF", "TEA-001:1"));
        JsonNode without = sourcing(fixtures.paidOrder(null, "C-ANY", "TEA-001:1"));

        assertThat(withPreference
                        .path("shipments")
                        .get(0)
                        .path("carrierService")
                        .asString())
                .isEqualTo("SF-EXPRESS");
        assertThat(without.path("shipments").get(0).path("carrierService").asString())
                .isEqualTo("YTO-ROAD");
    }

    @Test
    void anUrgentNoteSelectsTheSpeedFirstStrategyAndTheTraceSaysSo() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");

        JsonNode urgent = sourcing(fixtures.paidOrder("请加急，谢谢", "C-5", "TEA-001:1"));
        JsonNode plain = sourcing(fixtures.paidOrder(null, "C-5", "TEA-001:1"));

        assertThat(urgent.path("strategy").asString()).isEqualTo("urgent");
        assertThat(urgent.path("objective").asString()).isEqualTo("speed-first");
        assertThat(steps(urgent, "intent").getFirst().path("fromNote").toString())
                .contains("urgent");
        assertThat(steps(urgent, "strategy").getFirst().path("matched").asBoolean())
                .isTrue();
        assertThat(plain.path("strategy").asString()).isEqualTo("default");
        assertThat(plain.path("objective").asString()).isEqualTo("balanced");
        assertThat(steps(plain, "strategy").getFirst().path("name").asString()).isEqualTo("urgent");
        assertThat(steps(plain, "strategy").getFirst().path("matched").asBoolean())
                .isFalse();
    }

    @Test
    void splitsOnlyWhenNoSingleLocationCanShipTheOrder() {
        nearAndFar("", "");
        fixtures.item("A", 500, "ambient");
        fixtures.item("B", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "A", "5", "B", "1");
        fixtures.stock("WH-FAR", "2026-11-20T08:00:00Z", "A", "5", "B", "5");

        JsonNode together = sourcing(fixtures.paidOrder(null, "C-6", "A:1", "B:1"));
        JsonNode split = sourcing(fixtures.paidOrder(null, "C-6", "A:1", "B:2"));

        assertThat(together.path("shipments")).hasSize(1);
        assertThat(together.path("shipments").get(0).path("locationId").asString())
                .isEqualTo("WH-NEAR");
        assertThat(split.path("status").asString()).isEqualTo("allocated");
        assertThat(split.path("shipments")).hasSize(1);
        assertThat(split.path("shipments").get(0).path("locationId").asString())
                .as("one shipment from FAR beats two when FAR has both")
                .isEqualTo("WH-FAR");
    }

    @Test
    void holdsAnOrderAsUnsourceableWhenTheShipmentLimitForbidsTheOnlySplit() {
        nearAndFar("", "");
        fixtures.item("A", 500, "ambient");
        fixtures.item("B", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "A", "5");
        fixtures.stock("WH-FAR", "2026-11-20T08:00:00Z", "B", "5");
        JsonNode draft =
                expect(api.put("/api/v1/sourcing/profiles/single", """
                {"strategies": [{"name": "one-parcel", "objective": "cost-first", "maxShipments": 1}], "fallback": "hold"}
                """), 200).json();
        expect(
                api.post(
                        "/api/v1/sourcing/profiles/single/versions/"
                                + draft.path("version").asInt() + "/activate",
                        null),
                200);

        String held = fixtures.paidOrder(null, "C-7", "A:1", "B:1");

        assertThat(sourcing(held).path("status").asString()).isEqualTo("unsourceable");
        assertThat(sourcing(held).path("shipments")).isEmpty();
        JsonNode order = expect(api.get("/api/v1/orders/" + held), 200).json();
        assertThat(order.path("holds").toString()).contains("unsourceable");
        assertThat(expect(api.get("/api/v1/availability?sku=A"), 200)
                        .json()
                        .path("available")
                        .asInt())
                .isEqualTo(5);

        expect(api.put("/api/v1/sourcing/profiles/single", """
                {"strategies": [{"name": "two-parcels", "objective": "cost-first", "maxShipments": 2}], "fallback": "hold"}
                """), 200);
        expect(api.post("/api/v1/sourcing/profiles/single/versions/2/activate", null), 200);
        JsonNode split = sourcing(fixtures.paidOrder(null, "C-7", "A:1", "B:1"));
        assertThat(split.path("shipments")).hasSize(2);
        assertThat(split.path("profileVersion").asInt()).isEqualTo(2);
        assertThat(sourcing(held).path("profileVersion").asInt())
                .as("past decisions keep their version")
                .isEqualTo(1);
    }

    @Test
    void anUnpaidOrderReservesUntilItsReservationExpires() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");

        String paidLater = fixtures.placeOrder(null, "C-8", false, "TEA-001:3");
        String neverPaid = fixtures.placeOrder(null, "C-8", false, "TEA-001:4");
        assertThat(sourcing(paidLater).path("status").asString()).isEqualTo("reserved");
        assertThat(sourcing(paidLater).path("reservationExpiresAt").asString()).isNotEmpty();
        assertThat(expect(api.get("/api/v1/availability?sku=TEA-001"), 200)
                        .json()
                        .path("available")
                        .asInt())
                .isEqualTo(3);

        expect(api.post("/api/v1/orders/" + paidLater + "/pay", null), 200);
        assertThat(sourcing(paidLater).path("status").asString()).isEqualTo("allocated");

        context.getBean(ReservationExpiry.class).expire(Instant.now().plus(2, ChronoUnit.HOURS));

        assertThat(sourcing(neverPaid).path("status").asString()).isEqualTo("expired");
        assertThat(sourcing(paidLater).path("status").asString()).isEqualTo("allocated");
        assertThat(expect(api.get("/api/v1/availability?sku=TEA-001"), 200)
                        .json()
                        .path("available")
                        .asInt())
                .isEqualTo(7);
        assertThat(tenant.call(() -> context.getBean(InventoryLedger.class).ledgerMismatches()))
                .isEmpty();
    }

    @Test
    void cancellingAnOrderReleasesItsStockAndShippingConsumesIt() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");
        String cancelled = fixtures.paidOrder(null, "C-9", "TEA-001:2");
        String shipped = fixtures.paidOrder(null, "C-9", "TEA-001:3");

        expect(api.post("/api/v1/orders/" + cancelled + "/cancel", null), 200);
        expect(api.post("/api/v1/orders/" + shipped + "/ship", null), 200);

        JsonNode position = expect(api.get("/api/v1/availability?sku=TEA-001"), 200)
                .json()
                .path("locations")
                .get(0);
        assertThat(position.path("onHand").asInt()).isEqualTo(7);
        assertThat(position.path("reserved").asInt()).isEqualTo(0);
        assertThat(sourcing(cancelled).path("status").asString()).isEqualTo("cancelled");
        assertThat(tenant.call(() -> context.getBean(InventoryLedger.class).ledgerMismatches()))
                .isEmpty();
    }

    @Test
    void refusesAStaleStockFeedAndABadRateCardWithFieldProblems() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");
        Api.Response stale = api.put(
                "/api/v1/locations/WH-NEAR/stock",
                "{\"asOf\": \"2026-11-19T08:00:00Z\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 1}]}");
        assertThat(stale.status()).isEqualTo(409);
        expect(api.put("/api/v1/carriers/X", "{\"carrier\": \"X\"}"), 200);
        Api.Response bad = api.putText(
                "/api/v1/carriers/X/rates",
                "origin,destCountry,destRegion,destPostalPrefix,minKg,"
                        + "maxKg,ratePerKg,minimumCharge,transitDaysTypical,transitDaysP90,emissionFactor\n*,CN,,,0,10,abc,1,2,1,\n");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("line 2.ratePerKg").contains("line 2.transitDaysP90");
        Api.Response badProfile =
                api.put("/api/v1/sourcing/profiles/x", "{\"strategies\": [{\"name\": \"s\", \"when\": \"order.(\"}]}");
        assertThat(badProfile.status()).isEqualTo(400);
        assertThat(badProfile.body()).contains("strategies[0].when");
    }

    @Test
    void aSimulationOfADraftVersionComparesWithWhatWasDecidedWithoutReservingStock() {
        nearAndFar("", "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "10");
        fixtures.stock("WH-FAR", "2026-11-20T08:00:00Z", "TEA-001", "10");
        List<String> orderIds =
                List.of(fixtures.paidOrder(null, "C-10", "TEA-001:1"), fixtures.paidOrder(null, "C-10", "TEA-001:2"));
        JsonNode draft =
                expect(api.put("/api/v1/sourcing/profiles/default", """
                {"strategies": [{"name": "north-only", "objective": "balanced", "locationFilter": "location.id == 'WH-FAR'"}],
                 "fallback": "backorder"}"""), 200).json();
        assertThat(draft.path("version").asInt()).isEqualTo(2);
        assertThat(draft.path("status").asString()).isEqualTo("draft");
        String before = expect(api.get("/api/v1/availability?sku=TEA-001"), 200).body();

        JsonNode simulation = expect(
                        api.post(
                                "/api/v1/sourcing/simulations",
                                Api.json(java.util.Map.of("profile", "default", "version", 2, "orderIds", orderIds))),
                        200)
                .json();

        assertThat(simulation.path("orders").asInt()).isEqualTo(2);
        assertThat(simulation.path("changedOrders").asInt()).isEqualTo(2);
        assertThat(simulation
                        .path("differences")
                        .get(0)
                        .path("simulated")
                        .path("locations")
                        .toString())
                .contains("WH-FAR");
        assertThat(simulation
                        .path("differences")
                        .get(0)
                        .path("decided")
                        .path("locations")
                        .toString())
                .contains("WH-NEAR");
        assertThat(simulation.path("simulated").path("cost").asString())
                .isNotEqualTo(simulation.path("decided").path("cost").asString());
        assertThat(expect(api.get("/api/v1/availability?sku=TEA-001"), 200).body())
                .isEqualTo(before);
        assertThat(sourcing(orderIds.getFirst()).path("profileVersion").asInt()).isEqualTo(1);
        assertThat(fixtures.paidOrder(null, "C-10", "TEA-001:1"))
                .satisfies(id -> assertThat(sourcing(id)
                                .path("shipments")
                                .get(0)
                                .path("locationId")
                                .asString())
                        .as("a draft decides nothing")
                        .isEqualTo("WH-NEAR"));
    }

    @Test
    void aBatchAllocatesBackorderedOrdersOnceStockArrivesAndReportsTheGap() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "0");
        String first = fixtures.paidOrder(null, "C-11", "TEA-001:2");
        String second = fixtures.paidOrder(null, "C-11", "TEA-001:2");
        String third = fixtures.paidOrder(null, "C-11", "TEA-001:2");
        assertThat(sourcing(first).path("status").asString()).isEqualTo("backordered");
        expect(api.post("/api/v1/stock/adjustments", """
                {"adjustments": [{"locationId": "WH-NEAR", "sku": "TEA-001", "delta": 5, "kind": "receive", "reason": "PO-1"}]}
                """), 200);

        JsonNode report = expect(
                        api.post(
                                "/api/v1/sourcing/batches",
                                Api.json(java.util.Map.of("orderIds", List.of(first, second, third)))),
                        200)
                .json();

        assertThat(report.path("considered").asInt()).as(report.toString()).isEqualTo(3);
        assertThat(report.path("allocated").asInt()).isEqualTo(2);
        assertThat(report.path("solverStatus").asString()).isEqualTo("OPTIMAL");
        assertThat(report.path("gapPercent").asDouble()).isZero();
        assertThat(List.of(first, second, third).stream()
                        .filter(id -> sourcing(id).path("status").asString().equals("allocated"))
                        .count())
                .isEqualTo(2);
        assertThat(expect(api.get("/api/v1/availability?sku=TEA-001"), 200)
                        .json()
                        .path("available")
                        .asInt())
                .isEqualTo(1);
        assertThat(tenant.call(() -> context.getBean(InventoryLedger.class).ledgerMismatches()))
                .isEmpty();
    }

    /**
     * Issue 10, acceptance 3: rate cards and handling costs are read in the order's currency and every cost is given
     * to that currency's own minor unit, not to two decimals.
     */
    @Test
    void costsAYenOrderInWholeYenAndADinarOrderToTheFils() {
        fixtures.location("WH-FX", 31.2, 121.5, "");
        fixtures.item("FX-TEA", 500, "ambient");
        fixtures.stock("WH-FX", "2026-11-20T08:00:00Z", "FX-TEA", "10");
        // 0.5 kg at 0.125 per kg is below the minimum charge of 1.255.
        fixtures.carrier("ROAD-FX", "SF", "road", false, "WH-FX,CN,,,0,10,0.125,1.255,1,2,\n");

        JsonNode yen = sourcing(fixtures.paidOrderIn("JPY", "FX-TEA:1"));
        JsonNode dinar = sourcing(fixtures.paidOrderIn("KWD", "FX-TEA:1"));

        // Handling 2.00 + 0.30 per unit is 2.3: ¥2 and 2.300 KWD; the minimum charge is ¥1 (half-even) and 1.255 KWD.
        assertThat(yen.path("status").asString()).isEqualTo("allocated");
        assertThat(yen.path("shipments").get(0).path("handlingCost").asString()).isEqualTo("2");
        assertThat(yen.path("shipments").get(0).path("cost").asString()).isEqualTo("3");
        assertThat(yen.path("cost").asString()).isEqualTo("3");
        assertThat(dinar.path("status").asString()).isEqualTo("allocated");
        assertThat(dinar.path("shipments").get(0).path("handlingCost").asString())
                .isEqualTo("2.300");
        assertThat(dinar.path("shipments").get(0).path("cost").asString()).isEqualTo("3.555");
        assertThat(dinar.path("cost").asString()).isEqualTo("3.555");
        assertThat(steps(dinar, "candidate").getFirst().path("cost").asString()).isEqualTo("3.555");
    }

    /** Issue 18, acceptance 5: a line's own unit weight (0.62 kg) overrides the item's (5 kg) and picks the band. */
    @Test
    void pricesALineOnTheWeightBandOfItsOwnWeight() {
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.item("BULK-RICE", 5000.5, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "BULK-RICE", "10");
        // Up to 1 kg: 10.00 minimum; above 1 kg up to 10 kg: 3.00 per kg, 50.00 minimum.
        fixtures.carrier(
                "ROAD-SH", "SF", "road", false, "WH-NEAR,CN,,,0,1,1.0,10,1,2,\nWH-NEAR,CN,,,1,10,3.0,50,1,2,\n");

        String overridden = fixtures.placeOrderWithLines(null, "C-13", true, """
                {"sku": "BULK-RICE", "quantity": 1, "unitPrice": "10.00", "weightGrams": 620}""");
        String byItem = fixtures.paidOrder(null, "C-13", "BULK-RICE:1");

        JsonNode light = sourcing(overridden).path("shipments").get(0);
        JsonNode heavy = sourcing(byItem).path("shipments").get(0);
        // cost = handling 2.00 + 0.30 per unit + freight
        assertThat(light.path("carrierService").asString()).isEqualTo("ROAD-SH");
        assertThat(light.path("cost").asString()).isEqualTo("12.30");
        assertThat(heavy.path("cost").asString()).isEqualTo("52.30");
        assertThat(expect(api.get("/api/v1/orders/" + overridden), 200)
                        .json()
                        .path("lines")
                        .get(0)
                        .path("weightGrams")
                        .asDouble())
                .isEqualTo(620.0);
        assertThat(expect(api.get("/api/v1/items/BULK-RICE"), 200)
                        .json()
                        .path("weightGrams")
                        .asDouble())
                .isEqualTo(5000.5);
    }

    @Test
    void staysOutOfTheWayUntilTheTenantHasALocation() {
        String orderId = fixtures.paidOrder(null, "C-12", "TEA-001:1");

        assertThat(api.get("/api/v1/orders/" + orderId + "/sourcing").status()).isEqualTo(404);
        JsonNode events = expect(api.get("/api/v1/events"), 200).json();
        assertThat(events.toString()).contains("order.placed").doesNotContain("order.backordered");
    }
}

package dev.fulcrum.twin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.demand.DemandForecasts;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance 4 of issue 16: a scenario closing a location for three days reports the orders allocated there as at
 * risk with probabilities, proposes reroutes to another location with cost and new promise, and changes nothing (stock,
 * reservations, orders, decisions, events) until a reroute is applied; applying it allocates the order elsewhere as an
 * ordinary re-sourcing. A test-only {@link DemandForecasts} forecasts one SKU only, so the other tests simulate open
 * orders alone and one shows forecast orders counted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TwinScenarioTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** The only SKU the test forecasts: 70 units a week (10 a day) at every location, no error. */
    static final String FORECAST_SKU = "TWIN-FC";

    @TestConfiguration
    static class Forecasts {

        @Bean
        @Primary
        DemandForecasts testForecasts() {
            return (sku, location) -> {
                if (!sku.value().equals(FORECAST_SKU)) {
                    return Optional.empty();
                }
                LocalDate monday = LocalDate.now(java.time.ZoneOffset.UTC).with(java.time.DayOfWeek.MONDAY);
                List<DemandForecasts.Week> weeks = new ArrayList<>();
                for (int w = -1; w < 6; w++) {
                    weeks.add(new DemandForecasts.Week(monday.plusWeeks(w), 70, 60, 80));
                }
                return Optional.of(new DemandForecasts.SeriesForecast(
                        new Sku(FORECAST_SKU), new LocationId(location.value()), "test", 0, weeks));
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
    }

    @Test
    void closingALocationForThreeDaysPutsItsOrdersAtRiskProposesReroutesAndChangesNothingUntilApplied() {
        warehouses("", "TEA-001");
        String first = paidOrder("TEA-001", 2);
        String second = paidOrder("TEA-001", 1);
        assertThat(locationOf(first)).isEqualTo("WH-NEAR");
        assertThat(locationOf(second)).isEqualTo("WH-NEAR");
        LocalDate shipDay = shipDay(first);
        String before = fingerprint();

        Api.Response simulated = api.post("/api/v1/twin/scenarios", """
                {"name": "Near DC closed", "runs": 500, "seed": 7,
                 "disruptions": [{"type": "location-closed", "location": "WH-NEAR", "from": "%s", "to": "%s"}]}""".formatted(shipDay, shipDay.plusDays(2)));

        assertThat(simulated.status()).as(simulated.toString()).isEqualTo(201);
        JsonNode scenario = simulated.json();
        assertThat(fingerprint())
                .as("stock, reservations, orders, decisions and events")
                .isEqualTo(before);
        assertThat(scenario.path("runs").asInt()).isEqualTo(500);
        assertThat(scenario.path("limits").path("maxOrders").asInt()).isEqualTo(2000);
        assertThat(scenario.path("limits").path("maxRuns").asInt()).isEqualTo(10000);
        assertThat(scenario.path("totals").path("affectedOrders").asInt()).isEqualTo(2);
        assertThat(scenario.path("totals").path("ordersAtRisk").asInt()).isEqualTo(2);
        assertThat(scenario.path("totals").path("expectedLateDeliveries").asDouble())
                .isGreaterThan(scenario.path("totals")
                        .path("expectedLateDeliveriesBaseline")
                        .asDouble());
        for (String orderId : List.of(first, second)) {
            JsonNode order = order(scenario, orderId);
            assertThat(order.path("locations").get(0).asString()).isEqualTo("WH-NEAR");
            assertThat(order.path("atRisk").asBoolean()).isTrue();
            // Shipping three days later than planned misses a promise made with the lane's 90th percentile (2 days)
            // unless the parcel is three days faster than that, which a 1-day typical lane never is.
            assertThat(order.path("lateProbability").asDouble()).isGreaterThan(0.9);
            assertThat(order.path("baselineLateProbability").asDouble()).isLessThan(0.3);
            assertThat(order.path("expectedDelayDays").asDouble()).isGreaterThan(1.0);
            JsonNode reroute = order.path("reroutes").get(0);
            assertThat(reroute.path("locations").get(0).asString()).isEqualTo("WH-FAR");
            assertThat(reroute.path("cost").asString()).matches("\\d+\\.\\d{2}");
            assertThat(reroute.path("extraCost").asString()).matches("-?\\d+\\.\\d{2}");
            assertThat(reroute.path("currency").asString()).isEqualTo("CNY");
            assertThat(LocalDate.parse(reroute.path("deliverBy").asString())).isAfterOrEqualTo(shipDay);
            assertThat(reroute.path("avoids").path("locations").get(0).asString())
                    .isEqualTo("WH-NEAR");
        }
        assertThat(scenario.path("totals")
                        .path("extraCostOfReroutes")
                        .get(0)
                        .path("currency")
                        .asString())
                .isEqualTo("CNY");
        assertThat(scenario.path("notices")).hasSize(2);
        assertThat(scenario.path("notices").get(0).path("en").asString()).contains("later than we promised");
        assertThat(scenario.path("notices").get(0).path("zh").asString()).contains("无法按承诺时间送达");
        assertThat(scenario.path("notes").toString()).contains("open orders only");
        assertThat(scenario.path("daily")).isNotEmpty();

        String id = scenario.path("id").asString();
        JsonNode stored = expect(api.get("/api/v1/twin/scenarios/" + id), 200).json();
        assertThat(stored.path("orders")).isEqualTo(scenario.path("orders"));
        assertThat(fingerprint()).isEqualTo(before);
        int allocatedEvents = allocatedEvents(first);

        JsonNode applied = expect(
                        api.post("/api/v1/twin/scenarios/" + id + "/apply", "{\"orders\": [\"" + first + "\"]}"), 200)
                .json();

        JsonNode result = applied.path("results").get(0);
        assertThat(result.path("outcome").asString()).as(applied.toString()).isEqualTo("rerouted");
        assertThat(result.path("locations").get(0).asString()).isEqualTo("WH-FAR");
        JsonNode decision =
                expect(api.get("/api/v1/orders/" + first + "/sourcing"), 200).json();
        assertThat(decision.path("status").asString()).isEqualTo("allocated");
        assertThat(decision.path("shipments").get(0).path("locationId").asString())
                .isEqualTo("WH-FAR");
        assertThat(decision.path("trace").toString()).contains("avoided: twin scenario " + id);
        assertThat(locationOf(second)).as("only the chosen order moves").isEqualTo("WH-NEAR");
        assertThat(allocatedEvents(first)).isEqualTo(allocatedEvents + 1);
        JsonNode timeline = expect(api.get("/api/v1/orders/" + first + "/timeline"), 200)
                .json()
                .path("entries");
        assertThat(timeline.toString()).contains("order.allocation-recorded");
        JsonNode after = expect(api.get("/api/v1/twin/scenarios/" + id), 200).json();
        assertThat(after.path("applied")
                        .get(0)
                        .path("results")
                        .get(0)
                        .path("outcome")
                        .asString())
                .isEqualTo("rerouted");

        JsonNode again = expect(
                        api.post("/api/v1/twin/scenarios/" + id + "/apply", "{\"orders\": [\"" + first + "\"]}"), 200)
                .json();
        assertThat(again.path("results").get(0).path("outcome").asString()).isEqualTo("skipped");
        assertThat(again.path("results").get(0).path("reason").asString()).contains("changed since");
    }

    @Test
    void theSameSeedGivesTheSameAnswer() {
        warehouses("", "TEA-001");
        String order = paidOrder("TEA-001", 1);
        LocalDate shipDay = shipDay(order);
        String body = """
                {"seed": 42, "runs": 300, "disruptions": [{"type": "carrier-delay", "carrier": "YTO", "extraDays": 1,
                  "from": "%s", "to": "%s"}]}""".formatted(shipDay, shipDay.plusDays(3));

        JsonNode one = expect(api.post("/api/v1/twin/scenarios", body), 201).json();
        JsonNode two = expect(api.post("/api/v1/twin/scenarios", body), 201).json();

        assertThat(order(one, order).path("lateProbability").asDouble())
                .isEqualTo(order(two, order).path("lateProbability").asDouble())
                .isGreaterThan(order(one, order).path("baselineLateProbability").asDouble());
        // The delayed carrier was the lane's only one: the reroute avoids it with the distance estimate.
        assertThat(order(one, order)
                        .path("reroutes")
                        .get(0)
                        .path("carrierServices")
                        .get(0)
                        .asString())
                .isEqualTo("ESTIMATE-ROAD");
        assertThat(order(one, order)
                        .path("reroutes")
                        .get(0)
                        .path("avoids")
                        .path("carriers")
                        .get(0)
                        .asString())
                .isEqualTo("YTO");
    }

    @Test
    void forecastOrdersOfTheWindowCompeteForAReducedCapacity() {
        warehouses("\"dailyOrderCapacity\": 20", FORECAST_SKU);
        String order = paidOrder(FORECAST_SKU, 1);
        LocalDate shipDay = shipDay(order);

        JsonNode scenario = expect(api.post("/api/v1/twin/scenarios", """
                                {"runs": 200, "disruptions": [{"type": "location-capacity", "location": "WH-NEAR",
                                  "capacityPercent": 20, "from": "%s", "to": "%s"}]}""".formatted(shipDay, shipDay.plusDays(6))), 201)
                .json();

        // Ten forecast orders a day against four slots a day: the queue grows through the week.
        assertThat(scenario.path("totals").path("forecastOrders").asDouble()).isGreaterThan(30);
        assertThat(scenario.path("totals").path("forecastOrdersDelayed").asDouble())
                .isGreaterThan(10);
        assertThat(scenario.path("notes").toString()).doesNotContain("open orders only");
        assertThat(order(scenario, order).path("lateProbability").asDouble()).isGreaterThan(0);
    }

    @Test
    void refusesABadScenarioNamingEachField() {
        Api.Response refused = api.post("/api/v1/twin/scenarios", """
                {"runs": 0, "disruptions": [{"type": "location-closed", "from": "2026-13-01", "to": "2026-12-01"},
                  {"type": "volcano", "from": "2026-12-01", "to": "2026-12-02"}]}""");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").toString())
                .contains("runs", "disruptions[0].location", "disruptions[0].from", "disruptions[1].type");
        assertThat(api.post("/api/v1/twin/scenarios", "{\"disruptions\": []}").status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/twin/scenarios/" + UUID.randomUUID()).status())
                .isEqualTo(404);
    }

    @Test
    void refusesToApplyAnOrderWithoutARerouteInTheScenario() {
        warehouses("", "TEA-001");
        String order = paidOrder("TEA-001", 1);
        LocalDate shipDay = shipDay(order);
        JsonNode scenario = expect(api.post("/api/v1/twin/scenarios", """
                                {"runs": 50, "disruptions": [{"type": "region-unreachable", "country": "CN",
                                  "region": "SH", "from": "%s", "to": "%s"}]}""".formatted(shipDay, shipDay.plusDays(5))), 201)
                .json();
        assertThat(order(scenario, order).path("reroutes")).isEmpty();

        Api.Response refused = api.post(
                "/api/v1/twin/scenarios/" + scenario.path("id").asString() + "/apply",
                "{\"orders\": [\"" + order + "\", \"" + UUID.randomUUID() + "\"]}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").toString()).contains("orders[0]", "orders[1]");
    }

    /** A near and a far warehouse in China, both with stock, and one road service with a card (typical 1, P90 2). */
    private void warehouses(String extra, String sku) {
        location("WH-NEAR", 31.2, 121.5, extra);
        location("WH-FAR", 39.9, 116.4, "");
        expect(api.put("/api/v1/items/" + sku, """
                {"name": "%s", "weightGrams": 500, "temperature": "ambient"}""".formatted(sku)), 200);
        for (String location : List.of("WH-NEAR", "WH-FAR")) {
            expect(
                    api.put(
                            "/api/v1/locations/" + location + "/stock",
                            "{\"asOf\": \"" + Instant.now() + "\", \"positions\": [{\"sku\": \"" + sku
                                    + "\", \"onHand\": 50}]}"),
                    200);
        }
        expect(api.put("/api/v1/carriers/ROAD-STD", """
                {"carrier": "YTO", "serviceLevel": "standard", "mode": "road", "temperatureControlled": false}"""), 200);
        expect(
                api.putText(
                        "/api/v1/carriers/ROAD-STD/rates",
                        "origin,destCountry,destRegion,destPostalPrefix,minKg,maxKg,ratePerKg,minimumCharge,"
                                + "transitDaysTypical,transitDaysP90,emissionFactor\n*,CN,,,0,100,0.5,3,1,2,\n"),
                200);
    }

    private void location(String id, double latitude, double longitude, String extra) {
        expect(
                api.put("/api/v1/locations/" + id, """
                {"name": "%s", "type": "warehouse", "latitude": %s, "longitude": %s, "country": "CN", "region": "SH",
                 "timeZone": "Asia/Shanghai", "handlingCostPerOrder": "2.00", "handlingCostPerUnit": "0.30",
                 "processingHours": 4, "cutoffTime": "16:00", "workingDays": ["MON", "TUE", "WED", "THU", "FRI", "SAT"]%s}
                """.formatted(
                                id, latitude, longitude, extra.isEmpty() ? "" : ", " + extra)),
                200);
    }

    private String paidOrder(String sku, int quantity) {
        Api.Response placed = api.post("/api/v1/orders", """
                {"channel": "web", "externalId": "T-%s", "currency": "CNY",
                 "customer": {"id": "C-1", "name": "王芳", "email": "wang@example.com"},
                 "shippingAddress": {"name": "王芳", "line1": "人民路 1 号", "city": "上海", "region": "SH",
                   "postalCode": "200001", "country": "CN", "latitude": 31.23, "longitude": 121.47},
                 "lines": [{"sku": "%s", "quantity": %d, "unitPrice": "10.00"}],
                 "payment": {"status": "captured", "method": "alipay"}}""".formatted(UUID.randomUUID(), sku, quantity));
        expect(placed, 201);
        return placed.json().path("id").asString();
    }

    private String locationOf(String orderId) {
        return expect(api.get("/api/v1/orders/" + orderId + "/sourcing"), 200)
                .json()
                .path("shipments")
                .get(0)
                .path("locationId")
                .asString();
    }

    private LocalDate shipDay(String orderId) {
        String shipBy = expect(api.get("/api/v1/orders/" + orderId + "/sourcing"), 200)
                .json()
                .path("shipments")
                .get(0)
                .path("shipBy")
                .asString();
        return Instant.parse(shipBy).atZone(SHANGHAI).toLocalDate();
    }

    private int allocatedEvents(String orderId) {
        JsonNode events = expect(api.get("/api/v1/events?type=order.allocated&limit=1000"), 200)
                .json();
        int count = 0;
        for (JsonNode event : events.path("events")) {
            if (event.toString().contains(orderId)) {
                count++;
            }
        }
        return count;
    }

    private static JsonNode order(JsonNode scenario, String orderId) {
        for (JsonNode order : scenario.path("orders")) {
            if (order.path("orderId").asString().equals(orderId)) {
                return order;
            }
        }
        throw new AssertionError("no order " + orderId + " in " + scenario);
    }

    /** What a scenario must not change: stock and reservations, orders and their changes, decisions, events, loads. */
    private String fingerprint() {
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        return tenant.call(() ->
                transactions.execute(status -> jdbc.sql("""
                        select (select count(*) || '/' || coalesce(sum(quantity), 0) from reservations)
                            || ' ' || (select coalesce(sum(on_hand), 0) || '/' || coalesce(sum(reserved), 0) from stock_positions)
                            || ' ' || (select count(*) || '/' || max(updated_at) from orders)
                            || ' ' || (select count(*) from order_changes)
                            || ' ' || (select count(*) || '/' || count(*) filter (where superseded) from sourcing_decisions)
                            || ' ' || (select count(*) from public_events)
                            || ' ' || (select count(*) from stock_movements)
                            || ' ' || (select coalesce(sum(orders), 0) from location_daily_load)
                            || ' ' || (select count(*) from audit_log)""").query(String.class).single()));
    }

    private static Api.Response expect(Api.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response);
        }
        return response;
    }
}

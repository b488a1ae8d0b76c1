package dev.fulcrum.pulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestClock;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** Issue 15, acceptance 2, 3 and 4 over HTTP: the pulse of arranged orders, alerts on freshness, acknowledgements. */
// The pulse job runs only in the pulse tests' context (see the test configuration).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "fulcrum.pulse.enabled=true")
class PulseApiTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;
    String stocked;
    String unstocked;

    @BeforeEach
    void tenantWithAWarehouse() {
        api = new Api(port, TestTenant.create(context).apiKey());
        String suffix = UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        stocked = "PULSE-TEA-" + suffix;
        unstocked = "PULSE-CUP-" + suffix;
        ok(api.put("/api/v1/locations/PULSE-WH", """
                {"name": "Pulse DC", "type": "warehouse", "latitude": 31.2, "longitude": 121.5, "country": "CN",
                 "region": "SH", "timeZone": "Asia/Shanghai", "handlingCostPerOrder": "2.00", "handlingCostPerUnit": "0.30",
                 "processingHours": 4, "cutoffTime": "16:00", "workingDays": ["MON", "TUE", "WED", "THU", "FRI", "SAT"],
                 "active": true}"""));
        for (String sku : List.of(stocked, unstocked)) {
            ok(api.put("/api/v1/items/" + sku, """
                    {"name": "Pulse item", "weightGrams": 500, "temperature": "ambient"}"""));
        }
        ok(api.put("/api/v1/locations/PULSE-WH/stock", """
                {"asOf": "2026-01-01T00:00:00Z", "positions": [{"sku": "%s", "onHand": 500}]}""".formatted(stocked)));
    }

    @Test
    void reportsTheFiguresOfTenArrangedOrdersHeldQuarantinedAndFallenBack() {
        Instant placedAt = Instant.now().minusSeconds(40);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(place("web", i == 9 ? unstocked : stocked, placedAt));
        }
        for (String held : ids.subList(0, 2)) {
            Api.Response hold = api.post("/api/v1/orders/" + held + "/hold", """
                    {"type": "risk", "reason": "customer on the deny list"}""");
            assertThat(hold.status()).as(hold.toString()).isEqualTo(200);
        }
        Api.Response connection = api.post(
                "/api/v1/channels/connections",
                Api.json(Map.of(
                        "type",
                        "generic",
                        "name",
                        "Pulse shop " + UUID.randomUUID(),
                        "channel",
                        "web",
                        "mapping",
                        "{\"externalId\": ref, \"currency\": money.cur}")));
        assertThat(connection.status()).as(connection.toString()).isEqualTo(201);
        Api.Response quarantined = api.post(
                "/api/v1/channels/connections/" + connection.json().path("id").asString() + "/orders",
                "{\"ref\": \"Q-1\", \"money\": {\"cur\": \"EUR\"}}");
        assertThat(quarantined.status()).as(quarantined.toString()).isEqualTo(202);

        JsonNode pulse = awaitPulse(
                "window=PT1H",
                p -> p.path("orders").asLong() == 10
                        && p.path("interception").path("rejected").asLong() == 1
                        && p.path("interception")
                                        .path("byType")
                                        .path("risk")
                                        .path("orders")
                                        .asLong()
                                == 2
                        && p.path("strategyCoverage").path("decided").asLong() == 10);

        JsonNode interception = pulse.path("interception");
        assertThat(interception.path("orders").asLong()).isEqualTo(10);
        assertThat(interception.path("held").asLong()).isEqualTo(2);
        assertThat(interception.path("byType").path("risk").path("share").asDouble())
                .isCloseTo(0.2, within(1e-9));
        assertThat(interception.path("byType").path("payment").path("orders").asLong())
                .isZero();
        assertThat(interception.path("heldShare").asDouble()).isCloseTo(0.2, within(1e-9));
        assertThat(interception.path("share").asDouble())
                .as("2 held and 1 rejected of 11")
                .isCloseTo(3 / 11.0, within(1e-9));

        JsonNode coverage = pulse.path("strategyCoverage");
        assertThat(coverage.path("fallback").asLong()).isEqualTo(1);
        assertThat(coverage.path("byStrategy").asLong()).isEqualTo(9);
        assertThat(coverage.path("share").asDouble()).isCloseTo(0.9, within(1e-9));
        assertThat(coverage.path("needsPerson").asLong()).isZero();

        JsonNode exceptions = pulse.path("exceptions");
        assertThat(exceptions.path("quarantined").asLong()).isEqualTo(1);
        assertThat(exceptions.path("backorders").asLong()).isEqualTo(1);
        assertThat(exceptions.path("deadWebhooks").asLong()).isZero();
        assertThat(exceptions.path("failedRuleActions").asLong()).isZero();

        JsonNode intake = pulse.path("freshness").path("intake");
        assertThat(intake.path("count").asLong()).isEqualTo(10);
        assertThat(intake.path("p50Seconds").asDouble()).as(intake.toString()).isBetween(30.0, 45.0);
        assertThat(intake.path("p95Seconds").asDouble()).as(intake.toString()).isBetween(30.0, 45.0);
        assertThat(intake.path("p99Seconds").asDouble()).as(intake.toString()).isBetween(30.0, 45.0);

        assertThat(pulse.path("customerIntervention").path("per100Orders").asDouble())
                .isZero();
        assertThat(pulse.path("promiseKept").path("delivered").asLong()).isZero();
        assertThat(pulse.path("promiseKept").path("share").isNull()).isTrue();
        assertThat(pulse.path("consistency").path("acknowledged").asLong()).isZero();

        JsonNode web = api.get("/api/v1/pulse?window=PT1H&channel=web").json();
        assertThat(web.path("orders").asLong()).isEqualTo(10);
        assertThat(web.path("interception").path("rejected").asLong()).isEqualTo(1);
        JsonNode other = api.get("/api/v1/pulse?window=PT1H&channel=elsewhere").json();
        assertThat(other.path("orders").asLong()).isZero();
        assertThat(other.path("strategyCoverage").path("decided").asLong())
                .as("strategy coverage is whole-tenant")
                .isEqualTo(10);
    }

    @Test
    void aSubscriberAcknowledgingShippedForAPaidOrderMakesItInconsistentAndListsIt() {
        String paid = place("web", stocked, Instant.now());
        String agreed = place("web", stocked, Instant.now());

        Api.Response shipped = api.post("/api/v1/orders/" + paid + "/acknowledgements", """
                {"system": "wms", "status": "shipped", "at": "%s"}""".formatted(
                        Instant.now().minusSeconds(5)));
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(201);
        assertThat(shipped.json().path("fulcrumStatus").asString()).isEqualTo("paid");
        assertThat(shipped.json().path("agrees").asBoolean()).isFalse();
        Api.Response same = api.post("/api/v1/orders/" + agreed + "/acknowledgements", """
                {"system": "crm", "status": "paid"}""");
        assertThat(same.json().path("agrees").asBoolean()).as(same.toString()).isTrue();

        JsonNode consistency = api.get("/api/v1/pulse?window=PT15M").json().path("consistency");
        assertThat(consistency.path("acknowledged").asLong()).isEqualTo(2);
        assertThat(consistency.path("agreeing").asLong()).isEqualTo(1);
        assertThat(consistency.path("share").asDouble()).isCloseTo(0.5, within(1e-9));
        assertThat(consistency.path("disagreeing")).hasSize(1);
        JsonNode listed = consistency.path("disagreeing").get(0);
        assertThat(listed.path("orderId").asString()).isEqualTo(paid);
        assertThat(listed.path("system").asString()).isEqualTo("wms");
        assertThat(listed.path("reported").asString()).isEqualTo("shipped");
        assertThat(listed.path("status").asString()).isEqualTo("paid");
        assertThat(api.get("/api/v1/orders/" + paid + "/acknowledgements")
                        .json()
                        .get(0)
                        .path("agrees")
                        .asBoolean())
                .isFalse();

        // The stored minutes count it too, for charts and alerts.
        awaitPulse("window=PT15M", p -> true);
        assertThat(field(api.post("/api/v1/orders/" + paid + "/acknowledgements", "{\"status\": \"shipped\"}")))
                .isEqualTo("system");
        assertThat(field(api.post("/api/v1/orders/" + paid + "/acknowledgements", """
                {"system": "wms", "status": "teleported"}""")))
                .isEqualTo("status");
        assertThat(field(api.post("/api/v1/orders/" + paid + "/acknowledgements", """
                {"system": "wms", "status": "shipped", "at": "%s"}""".formatted(
                                Instant.now().plus(Duration.ofHours(1))))))
                .isEqualTo("at");
        assertThat(api.post("/api/v1/orders/" + UUID.randomUUID() + "/acknowledgements", """
                {"system": "wms", "status": "shipped"}""")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void staleOrdersRaiseTheFreshnessAlertWithinAMinuteAndFreshOrdersClearIt() {
        assertThat(api.get("/api/v1/pulse/alert-rules")
                        .json()
                        .path("rules")
                        .get(0)
                        .path("id")
                        .asString())
                .as("the shipped defaults")
                .isEqualTo("freshness-intake-p95");
        Api.Response rules = api.put("/api/v1/pulse/alert-rules", """
                {"rules": [{"id": "freshness-intake-p95", "metric": "freshness.intake.p95Seconds",
                            "comparison": "above", "threshold": 60, "window": "PT5M"}]}""");
        assertThat(rules.status()).as(rules.toString()).isEqualTo(200);
        try {
            Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
            for (int i = 0; i < 3; i++) {
                place("web", stocked, tenMinutesAgo);
            }
            Instant placed = Instant.now();
            JsonNode raised = awaitEvent("pulse.alert-raised", Duration.ofSeconds(60));
            assertThat(Duration.between(placed, Instant.now())).isLessThan(Duration.ofMinutes(1));
            assertThat(raised.path("data").path("alert").path("rule").asString())
                    .isEqualTo("freshness-intake-p95");
            assertThat(raised.path("data").path("alert").path("value").asDouble())
                    .isGreaterThan(60);
            JsonNode open = api.get("/api/v1/pulse/alerts?status=raised").json().path("items");
            assertThat(open).hasSize(1);
            assertThat(open.get(0).path("metric").asString()).isEqualTo("freshness.intake.p95Seconds");

            // Six minutes on, the stale orders are out of the window; fresh ones bring p95 under the threshold.
            TestClock.advance(Duration.ofMinutes(6));
            for (int i = 0; i < 3; i++) {
                place("web", stocked, Instant.now().plus(Duration.ofMinutes(6)).truncatedTo(ChronoUnit.SECONDS));
            }
            JsonNode cleared = awaitEvent("pulse.alert-cleared", Duration.ofSeconds(60));
            assertThat(cleared.path("data").path("alert").path("id").asString())
                    .isEqualTo(raised.path("data").path("alert").path("id").asString());
            assertThat(api.get("/api/v1/pulse/alerts?status=raised").json().path("items"))
                    .isEmpty();
            assertThat(api.get("/api/v1/pulse/alerts")
                            .json()
                            .path("items")
                            .get(0)
                            .path("status")
                            .asString())
                    .isEqualTo("cleared");
        } finally {
            TestClock.reset();
        }
    }

    @Test
    void badParametersAndRulesNameTheirField() {
        assertThat(field(api.get("/api/v1/pulse?window=an-hour"))).isEqualTo("window");
        assertThat(field(api.get("/api/v1/pulse?window=P365D"))).isEqualTo("window");
        assertThat(field(api.get("/api/v1/pulse/alerts?limit=1000"))).isEqualTo("limit");
        assertThat(field(api.put("/api/v1/pulse/alert-rules", """
                {"rules": [{"id": "x", "metric": "freshness.intake.p95Seconds", "threshold": 60, "window": "PT5M"},
                           {"id": "y", "metric": "mood", "threshold": 1}]}"""))).isEqualTo("rules[1].metric");
        assertThat(field(api.put("/api/v1/pulse/alert-rules", """
                {"rules": [{"id": "x", "metric": "consistency.share", "threshold": 0.9, "window": "P7D"}]}"""))).isEqualTo("rules[0].window");
        assertThat(field(api.put("/api/v1/pulse/alert-rules", "{}"))).isEqualTo("rules");
    }

    private String place(String channel, String sku, Instant placedAt) {
        Api.Response placed = api.post("/api/v1/orders", """
                {"channel": "%s", "externalId": "P-%s", "currency": "CNY", "placedAt": "%s",
                 "customer": {"id": "C-%s", "name": "王芳"},
                 "shippingAddress": {"name": "王芳", "line1": "人民路 1 号", "city": "上海", "region": "SH",
                   "postalCode": "200001", "country": "CN", "latitude": 31.23, "longitude": 121.47},
                 "lines": [{"sku": "%s", "quantity": 1, "unitPrice": "10.00"}],
                 "payment": {"status": "captured", "method": "alipay"}}""".formatted(
                        channel, UUID.randomUUID(), placedAt.truncatedTo(ChronoUnit.SECONDS), UUID.randomUUID(), sku));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return placed.json().path("id").asString();
    }

    private JsonNode awaitPulse(String query, Predicate<JsonNode> ready) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/v1/pulse?" + query).json(), ready);
    }

    private JsonNode awaitEvent(String type, Duration patience) {
        return Awaitility.await()
                .atMost(patience)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> api.get("/api/v1/events?type=" + type).json().path("events"), events -> !events.isEmpty())
                .get(0);
    }

    private static String field(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        return response.json().path("errors").get(0).path("field").asString();
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }
}

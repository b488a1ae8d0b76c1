package dev.fulcrum.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.order.Address;
import dev.fulcrum.order.Customer;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.NewOrderLine;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.Payment;
import dev.fulcrum.shared.Money;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** Issue 16, acceptance 5 and the hesitation report, over HTTP on orders placed with known patterns. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnalyticsApiTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    OrderManagement orders;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
    }

    @Test
    void ordersWithAKnownCoPurchasePatternYieldThatPairWithItsSupportConfidenceAndLift() {
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        List<NewOrder> placed = new ArrayList<>();
        // web: 20 orders. TEA with CUP 6 times, TEA with POT twice, CUP alone 4 times, POT alone 8 times.
        for (int i = 0; i < 6; i++) placed.add(order("web", "C-" + i, yesterday, true, "TEA", "CUP"));
        for (int i = 0; i < 2; i++) placed.add(order("web", "D-" + i, yesterday, true, "TEA", "POT"));
        for (int i = 0; i < 4; i++) placed.add(order("web", "E-" + i, yesterday, true, "CUP"));
        for (int i = 0; i < 8; i++) placed.add(order("web", "F-" + i, yesterday, true, "POT"));
        // shop: 5 orders, all TEA with CUP
        for (int i = 0; i < 5; i++) placed.add(order("shop", "G-" + i, yesterday, true, "TEA", "CUP"));
        List<Order> orders = tenant.call(() -> this.orders.placeAll(placed));
        // One more web order of TEA with CUP, cancelled whole: left out.
        Order cancelled = tenant.call(
                        () -> this.orders.placeAll(List.of(order("web", "H-0", yesterday, true, "TEA", "CUP"))))
                .getFirst();
        tenant.call(() -> this.orders.cancel(cancelled.id(), "test"));
        assertThat(orders).hasSize(25);

        // By hand, web: n = 20, TEA in 8, CUP in 10, both in 6.
        double support = 6 / 20.0; // 0.30
        double confidence = 6 / 8.0; // TEA -> CUP: 0.75
        double lift = confidence / (10 / 20.0); // 1.5
        double reverseConfidence = 6 / 10.0; // CUP -> TEA: 0.6
        double reverseLift = reverseConfidence / (8 / 20.0); // 1.5

        JsonNode report = expect(api.get("/api/v1/analytics/bundles?minSupport=0.1&minConfidence=0.5"), 200)
                .json();
        assertThat(report.path("orders").asInt()).isEqualTo(25);
        assertThat(report.path("maxOrders").asInt()).isEqualTo(Bundles.DEFAULT_MAX_ORDERS);
        JsonNode web = channel(report, "web");
        assertThat(web.path("orders").asInt()).isEqualTo(20);
        JsonNode teaToCup = rule(web, "TEA", "CUP");
        assertThat(teaToCup.path("orders").asInt()).isEqualTo(6);
        assertThat(teaToCup.path("support").asDouble()).isCloseTo(support, within(1e-9));
        assertThat(teaToCup.path("confidence").asDouble()).isCloseTo(confidence, within(1e-9));
        assertThat(teaToCup.path("lift").asDouble()).isCloseTo(lift, within(1e-9));
        JsonNode cupToTea = rule(web, "CUP", "TEA");
        assertThat(cupToTea.path("confidence").asDouble()).isCloseTo(reverseConfidence, within(1e-9));
        assertThat(cupToTea.path("lift").asDouble()).isCloseTo(reverseLift, within(1e-9));
        // TEA -> POT has confidence 2/8 = 0.25, under the minimum
        assertThat(web.path("rules").values().stream()
                        .anyMatch(r -> r.path("consequent").asString().equals("POT")))
                .isFalse();

        JsonNode shopTeaToCup = rule(channel(report, "shop"), "TEA", "CUP");
        assertThat(shopTeaToCup.path("support").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(shopTeaToCup.path("lift").asDouble()).isCloseTo(1.0, within(1e-9));

        JsonNode onlyShop = expect(api.get("/api/v1/analytics/bundles?channel=shop&minSupport=0.1"), 200)
                .json();
        assertThat(onlyShop.path("channels")).hasSize(1);
        assertThat(onlyShop.path("orders").asInt()).isEqualTo(5);
    }

    @Test
    void hesitationReportsCancellationsByStageExpiredUnpaidOrdersTimeToPayAndReorders() {
        Instant now = Instant.now();
        Order changedMind = place(order("web", "C-1", now.minus(Duration.ofHours(3)), false, "TEA"));
        tenant.call(() -> orders.cancel(changedMind.id(), "changed mind"));
        Order again = place(order("web", "C-1", null, false, "TEA"));
        Order paidThenCancelled = place(order("web", "C-2", now.minus(Duration.ofHours(3)), true, "TEA", "CUP"));
        tenant.call(() -> orders.cancel(paidThenCancelled.id(), "out of stock"));
        place(order("web", "C-3", now.minus(Duration.ofHours(2)), false, "POT"));
        Order paidLate = place(order("web", "C-4", now.minus(Duration.ofMinutes(60)), false, "CUP"));
        tenant.call(() -> orders.pay(paidLate.id(), "card", null));

        JsonNode report = expect(api.get("/api/v1/analytics/hesitation"), 200).json();
        assertThat(report.path("cancelled").asInt()).isEqualTo(2);
        assertThat(stage(report, "before_payment")).isEqualTo(1);
        assertThat(stage(report, "before_shipping")).isEqualTo(1);
        assertThat(report.path("expiredUnpaid").asInt())
                .as("C-3's order, unpaid for two hours")
                .isEqualTo(1);
        assertThat(report.path("timeToPay").path("orders").asInt()).isEqualTo(1);
        assertThat(report.path("timeToPay").path("p50Minutes").asDouble()).isCloseTo(60, within(2.0));
        assertThat(report.path("customersWhoCancelled").asInt()).isEqualTo(2);
        assertThat(report.path("customersWhoReordered").asInt()).isEqualTo(1);
        assertThat(report.path("reorders").get(0).path("customer").asString()).isEqualTo("C-1");
        assertThat(report.path("reorders").get(0).path("nextOrder").asString())
                .isEqualTo(again.id().toString());
        assertThat(count(report.path("skus"), "TEA")).isEqualTo(2);
        assertThat(count(report.path("reasons"), "changed mind")).isEqualTo(1);
        assertThat(count(report.path("reasons"), "out of stock")).isEqualTo(1);
    }

    @Test
    void badParametersNameTheirField() {
        assertThat(field(api.get("/api/v1/analytics/bundles?minSupport=0"))).isEqualTo("minSupport");
        assertThat(field(api.get("/api/v1/analytics/bundles?minConfidence=2"))).isEqualTo("minConfidence");
        assertThat(field(api.get("/api/v1/analytics/bundles?limit=501"))).isEqualTo("limit");
        assertThat(field(api.get("/api/v1/analytics/bundles?from=yesterday"))).isEqualTo("from");
        assertThat(field(api.get("/api/v1/analytics/hesitation?from=2026-12-02&to=2026-12-01")))
                .isEqualTo("from");
    }

    private Order place(NewOrder order) {
        return tenant.call(() -> orders.placeAll(List.of(order))).getFirst();
    }

    private static NewOrder order(
            String channel, String customer, @Nullable Instant placedAt, boolean paid, String... skus) {
        List<NewOrderLine> lines = new ArrayList<>();
        for (String sku : skus) {
            lines.add(new NewOrderLine(sku, 1, Money.of("10.00", "CNY")));
        }
        Address address = new Address("王芳", null, "人民路 1 号", null, "上海", "SH", "200001", "CN", 31.23, 121.47);
        return new NewOrder(
                channel,
                "A-" + UUID.randomUUID(),
                "CNY",
                placedAt,
                new Customer(customer, "Buyer " + customer, null, null),
                address,
                null,
                lines,
                paid ? new Payment("captured", "card", null) : null,
                null,
                List.of(),
                Map.of());
    }

    private static JsonNode channel(JsonNode report, String name) {
        return report.path("channels").values().stream()
                .filter(channel -> channel.path("channel").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no channel " + name + " in " + report));
    }

    private static JsonNode rule(JsonNode channel, String antecedent, String consequent) {
        return channel.path("rules").values().stream()
                .filter(rule -> rule.path("antecedent").size() == 1
                        && rule.path("antecedent").get(0).asString().equals(antecedent)
                        && rule.path("consequent").asString().equals(consequent))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no rule " + antecedent + " -> " + consequent + " in " + channel));
    }

    private static int stage(JsonNode report, String stage) {
        return count(report.path("cancelledByStage"), stage);
    }

    private static int count(JsonNode counts, String name) {
        return counts.values().stream()
                .filter(count -> count.path("name").asString().equals(name))
                .mapToInt(count -> count.path("count").asInt())
                .findFirst()
                .orElse(0);
    }

    private static String field(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json().path("errors").get(0).path("field").asString();
    }

    private static Api.Response expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}

package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.events.EventCatalogue;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acceptance 3 of issue 10: orders in currencies without a minor unit (JPY) and with three decimals (KWD) are priced,
 * sourced, stored, returned and refunded-to-be without a rounding error, over the HTTP API against real PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MinorUnitsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JsonMapper json;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void tenantWithAWarehouseNearShanghai() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        expect(api.put("/api/v1/locations/WH-SH", """
                {"name": "Shanghai", "type": "warehouse", "latitude": 31.2, "longitude": 121.5, "country": "CN",
                 "region": "SH", "timeZone": "Asia/Shanghai", "processingHours": 4, "cutoffTime": "16:00",
                 "workingDays": ["MON", "TUE", "WED", "THU", "FRI", "SAT"]}"""), 200);
        expect(api.put("/api/v1/items/TEA-001", "{\"name\": \"Tea\", \"weightGrams\": 500}"), 200);
        expect(api.put("/api/v1/items/CUP-002", "{\"name\": \"Cup\", \"weightGrams\": 300}"), 200);
        expect(api.put("/api/v1/locations/WH-SH/stock", """
                {"asOf": "2026-11-20T08:00:00Z", "positions": [{"sku": "TEA-001", "onHand": 50},
                 {"sku": "CUP-002", "onHand": 50}]}"""), 200);
    }

    @Test
    void aYenOrderIsPricedSourcedStoredAndReturnedInWholeYen() {
        // given a paid yen order whose ¥333 coupon is shared across its lines (¥250 and ¥83)
        NewOrder request = OrderMother.newYenOrder();

        // when it is placed over the API
        JsonNode placed = expect(api.post("/api/v1/orders", OrderMother.document(request)), 201)
                .json();

        // then every amount is whole yen, as placed, as read back one by one and in the list, and it is sourced
        for (JsonNode order : List.of(placed, read(placed))) {
            assertThat(order.path("currency").asString()).isEqualTo("JPY");
            assertThat(amounts(order.path("lines").get(0))).containsExactly("1500", "250", "275", "3025");
            assertThat(amounts(order.path("lines").get(1))).containsExactly("1000", "83", "92", "1009");
            assertThat(order.path("total").asString()).isEqualTo("4034");
            assertThat(order.path("payment").path("amount").asString()).isEqualTo("4034");
        }
        assertThat(listed(placed).path("total").asString()).isEqualTo("4034");
        assertSourcedFromShanghai(placed);
        JsonNode event = placedEventOf(placed);
        assertThat(event.path("data").path("order").path("total").asString()).isEqualTo("4034");
        EventCatalogue catalogue = EventCatalogue.load();
        String type =
                catalogue.find(event.path("type").asString()).orElseThrow().name();
        assertThat(catalogue.validate(type, event.path("data"))).isEmpty();
    }

    @Test
    void aDinarOrderKeepsItsThreeDecimalsFromIntakeToTheRefund() {
        // given a paid dinar order at 12.345 KWD a unit with a 1.000 KWD coupon shared across its lines
        NewOrder request = OrderMother.newDinarOrder();

        // when it is placed over the API
        JsonNode placed = expect(api.post("/api/v1/orders", OrderMother.document(request)), 201)
                .json();

        // then every amount keeps its three decimals through storage and back
        JsonNode read = read(placed);
        assertThat(amounts(read.path("lines").get(0))).containsExactly("12.345", "0.892", "1.807", "37.950");
        assertThat(amounts(read.path("lines").get(1))).containsExactly("4.500", "0.108", "0.220", "4.612");
        assertThat(read.path("total").asString()).isEqualTo("42.562");
        assertThat(listed(placed).path("total").asString()).isEqualTo("42.562");
        assertSourcedFromShanghai(placed);

        // and a refund of the units one at a time, computed from the stored order, adds up to the total to the fils
        Order stored = stored(placed);
        RefundableAmounts refunds = RefundableAmounts.of(stored);
        Money oneByOne = refunds.forUnits(1, 1)
                .plus(refunds.forUnits(1, 1, 1))
                .plus(refunds.forUnits(1, 1, 2))
                .plus(refunds.forUnits(2, 1));
        assertThat(refunds.forUnits(1, 1)).isEqualTo(Money.of("12.650", "KWD"));
        assertThat(oneByOne).isEqualTo(Money.of("42.562", "KWD"));
        assertThat(refunds.forLines(Map.of(1, 3, 2, 1))).isEqualTo(stored.total());
    }

    @Test
    void theYenRefundToBeOfTheStoredOrderReturnsWholeYenThatAddUp() {
        JsonNode placed = expect(api.post("/api/v1/orders", OrderMother.document(OrderMother.newYenOrder())), 201)
                .json();

        RefundableAmounts refunds = RefundableAmounts.of(stored(placed));

        assertThat(refunds.forUnits(1, 1).toPlainString()).isEqualTo("1513");
        assertThat(refunds.forUnits(1, 1, 1).toPlainString()).isEqualTo("1512");
        assertThat(refunds.forLines(Map.of(1, 2, 2, 1)).toPlainString()).isEqualTo("4034");
    }

    @Test
    void refusesAmountsWithMoreDecimalsThanTheCurrencyHasNamingTheField() {
        String yen = OrderMother.document(OrderMother.newYenOrder()).replace("\"1500\"", "\"1500.5\"");
        String dinar = OrderMother.document(OrderMother.newDinarOrder()).replace("\"12.345\"", "\"12.3456\"");

        Api.Response yenRefused = api.post("/api/v1/orders", yen);
        Api.Response dinarRefused = api.post("/api/v1/orders", dinar);

        assertThat(yenRefused.status()).isEqualTo(400);
        assertThat(problem(yenRefused, "lines[0].unitPrice")).isEqualTo("JPY has no minor unit");
        assertThat(dinarRefused.status()).isEqualTo(400);
        assertThat(problem(dinarRefused, "lines[0].unitPrice")).isEqualTo("KWD has no more than 3 decimals");
    }

    @Test
    void refusesAPaymentInYenWithDecimalsInsteadOfRoundingIt() {
        NewOrder unpaid = OrderMother.newYenOrder();
        String document = OrderMother.document(new NewOrder(
                unpaid.channel(),
                "W-" + UUID.randomUUID(),
                unpaid.currency(),
                unpaid.placedAt(),
                unpaid.customer(),
                unpaid.shippingAddress(),
                null,
                unpaid.lines(),
                null,
                null,
                List.of(),
                Map.of()));
        String id = expect(api.post("/api/v1/orders", document), 201)
                .json()
                .path("id")
                .asString();

        Api.Response refused = api.post("/api/v1/orders/" + id + "/pay", "{\"amount\": \"4033.50\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("JPY has no minor unit");
        assertThat(api.post("/api/v1/orders/" + id + "/pay", "{\"amount\": \"4034\"}")
                        .json()
                        .path("payment")
                        .path("amount")
                        .asString())
                .isEqualTo("4034");
    }

    @Test
    void anOrderEventReadBackFromItsStoredPublicationKeepsEveryAmountInTheOrdersCurrency() {
        // The event publication registry stores events as JSON and resubmits them after a crash: the amounts, written
        // as plain decimals beside the order's currency, must read back as the same Money.
        Order order = stored(expect(api.post("/api/v1/orders", OrderMother.document(OrderMother.newDinarOrder())), 201)
                .json());
        OrdersPlaced event = new OrdersPlaced(List.of(new OrderEvent.OrderPlaced(order, 1, order.createdAt())));

        String stored = json.writeValueAsString(event);
        OrdersPlaced resubmitted = json.readValue(stored, OrdersPlaced.class);

        assertThat(stored).contains("\"total\":\"42.562\"").contains("\"unitPrice\":\"12.345\"");
        assertThat(resubmitted).isEqualTo(event);
        assertThat(resubmitted.orders().getFirst().total()).isEqualTo(Money.of("42.562", "KWD"));
    }

    private JsonNode read(JsonNode placed) {
        return expect(api.get("/api/v1/orders/" + placed.path("id").asString()), 200)
                .json();
    }

    private JsonNode listed(JsonNode placed) {
        for (JsonNode summary :
                expect(api.get("/api/v1/orders?limit=50"), 200).json().path("items")) {
            if (summary.path("id").asString().equals(placed.path("id").asString())) {
                return summary;
            }
        }
        throw new AssertionError("order " + placed.path("id").asString() + " is not in the list");
    }

    private Order stored(JsonNode placed) {
        OrderId id = new OrderId(UUID.fromString(placed.path("id").asString()));
        return tenant.call(() -> context.getBean(OrderManagement.class).find(id))
                .orElseThrow();
    }

    private void assertSourcedFromShanghai(JsonNode placed) {
        String id = placed.path("id").asString();
        JsonNode decision =
                expect(api.get("/api/v1/orders/" + id + "/sourcing"), 200).json();
        assertThat(decision.path("status").asString()).isEqualTo("allocated");
        assertThat(decision.path("shipments").get(0).path("locationId").asString())
                .isEqualTo("WH-SH");
        for (JsonNode line : read(placed).path("lines")) {
            assertThat(line.path("quantities").path("allocated").asInt())
                    .isEqualTo(line.path("quantity").asInt());
        }
    }

    private JsonNode placedEventOf(JsonNode placed) {
        for (JsonNode event :
                expect(api.get("/api/v1/events?type=order.placed"), 200).json().path("events")) {
            JsonNode order = event.path("data").path("order");
            if (order.path("id").asString().equals(placed.path("id").asString())) {
                return event;
            }
        }
        throw new AssertionError(
                "no order.placed event for " + placed.path("id").asString());
    }

    private static List<String> amounts(JsonNode line) {
        return List.of(
                line.path("unitPrice").asString(),
                line.path("discount").asString(),
                line.path("tax").asString(),
                line.path("total").asString());
    }

    private static String problem(Api.Response response, String field) {
        for (JsonNode error : response.json().path("errors")) {
            if (error.path("field").asString().equals(field)) {
                return error.path("reason").asString();
            }
        }
        throw new AssertionError("no problem for " + field + " in " + response.body());
    }

    private static Api.Response expect(Api.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response);
        }
        return response;
    }
}

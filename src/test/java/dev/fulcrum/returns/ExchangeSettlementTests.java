package dev.fulcrum.returns;

import static dev.fulcrum.returns.ReturnApiTests.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * An exchange for another SKU or quantity settles the price difference: a cheaper replacement refunds it through the
 * return's refund, a dearer one becomes the replacement order's balance due (issue 12, "Exchanges and claims").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExchangeSettlementTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void newTenant() {
        api = new Api(port, TestTenant.create(context).apiKey());
        expect(api.put("/api/v1/locations/WH-EX", """
                        {"name": "Exchange stock", "type": "warehouse", "latitude": 31.2, "longitude": 121.5,
                         "country": "CN", "timeZone": "Asia/Shanghai"}"""), 200);
        expect(
                api.put(
                        "/api/v1/locations/WH-EX/stock",
                        "{\"asOf\": \"2026-11-01T00:00:00Z\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 10},"
                                + " {\"sku\": \"CUP-002\", \"onHand\": 10}]}"),
                200);
    }

    @Test
    void aCheaperReplacementRefundsTheDifferenceWhenTheReturnedUnitArrives() {
        // one TEA-001 was paid 56.50 CNY (59.00 less half of the 5.00 discount); the replacement costs 40.00
        String orderId = delivered(OrderMother.paidOrder());

        JsonNode exchange = exchange(orderId, "TEA-001", "CUP-002", 1, "40.00");

        assertThat(exchange.path("status").asString()).isEqualTo("approved");
        assertThat(exchange.path("exchange").path("credit").asString()).isEqualTo("56.50");
        assertThat(exchange.path("exchange").path("replacementValue").asString())
                .isEqualTo("40.00");
        assertThat(exchange.path("exchange").path("difference").asString()).isEqualTo("-16.50");
        assertThat(exchange.path("exchange").path("settlement").asString()).isEqualTo("refund");
        assertThat(exchange.path("refund").path("amount").asString()).isEqualTo("16.50");
        assertThat(exchange.path("refund").path("status").asString())
                .as("the difference waits for the returned unit, as a refund would")
                .isEqualTo("held");
        JsonNode replacement =
                api.get("/api/v1/orders/" + replacementOf(exchange)).json();
        assertThat(replacement.path("lines").get(0).path("sku").asString()).isEqualTo("CUP-002");
        assertThat(replacement.path("total").asString()).isEqualTo("0.00");
        assertThat(replacement.path("status").asString()).isEqualTo("paid");

        JsonNode received = expect(
                        api.post(
                                "/api/v1/returns/" + exchange.path("id").asString() + "/receive",
                                "{\"locationId\": \"WH-EX\", \"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1}]}"),
                        200)
                .json();
        assertThat(received.path("refund").path("status").asString()).isEqualTo("refunded");
        JsonNode refunded = api.awaitEvents("type=return.refunded&orderId=" + orderId, 1);
        assertThat(refunded.get(0).path("data").path("amount").asString()).isEqualTo("16.50");
        assertThat(refunded.get(0).path("data").path("returnId").asString())
                .isEqualTo(exchange.path("id").asString());
    }

    @Test
    void aCheaperReplacementInYenRefundsWholeYen() {
        // one TEA-001 was paid ¥1513 (¥1500 less ¥125 of the discount plus ¥138 of the tax)
        String orderId = delivered(OrderMother.document(OrderMother.newYenOrder()));

        JsonNode exchange = exchange(orderId, "TEA-001", "CUP-002", 1, "1000");

        assertThat(exchange.path("exchange").path("credit").asString()).isEqualTo("1513");
        assertThat(exchange.path("exchange").path("difference").asString()).isEqualTo("-513");
        assertThat(exchange.path("refund").path("amount").asString()).isEqualTo("513");
    }

    @Test
    void aDearerReplacementInYenBecomesABalanceDueWithItsStockReservedAtApproval() {
        String orderId = delivered(OrderMother.document(OrderMother.newYenOrder()));
        int availableBefore = available("CUP-002");

        JsonNode exchange = exchange(orderId, "TEA-001", "CUP-002", 1, "2000");

        assertThat(exchange.path("exchange").path("credit").asString()).isEqualTo("1513");
        assertThat(exchange.path("exchange").path("replacementValue").asString())
                .isEqualTo("2000");
        assertThat(exchange.path("exchange").path("difference").asString()).isEqualTo("487");
        assertThat(exchange.path("exchange").path("settlement").asString()).isEqualTo("balance_due");
        assertThat(exchange.path("refund").path("status").asString())
                .as("nothing is refunded")
                .isEqualTo("none");
        String replacementId = replacementOf(exchange);
        assertThat(exchange.path("exchange").path("replacementOrderId").asString())
                .isEqualTo(replacementId);
        JsonNode replacement = api.get("/api/v1/orders/" + replacementId).json();
        assertThat(replacement.path("currency").asString()).isEqualTo("JPY");
        assertThat(replacement.path("total").asString()).isEqualTo("487");
        assertThat(replacement.path("payment").path("status").asString()).isEqualTo("pending");
        assertThat(replacement.path("payment").path("amount").asString()).isEqualTo("487");
        assertThat(replacement.path("attributes").path("exchangeSettlement").asString())
                .isEqualTo("balance_due");
        assertThat(available("CUP-002"))
                .as("the replacement is reserved at approval although its balance is not paid yet")
                .isEqualTo(availableBefore - 1);
        assertThat(api.get("/api/v1/orders/" + replacementId + "/sourcing")
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("reserved");

        expect(api.post("/api/v1/orders/" + replacementId + "/pay", null), 200);
        assertThat(api.get("/api/v1/orders/" + replacementId + "/sourcing")
                        .json()
                        .path("status")
                        .asString())
                .as("paying the balance allocates the reserved stock")
                .isEqualTo("allocated");
    }

    @Test
    void aReplacementOfAnotherSkuNeedsItsPriceInTheOrdersMinorUnits() {
        String orderId = delivered(OrderMother.document(OrderMother.newYenOrder()));

        Api.Response noPrice = api.post("/api/v1/orders/" + orderId + "/returns", """
                {"lines": [{"sku": "TEA-001", "quantity": 1, "reason": "wrong_item",
                            "replacement": {"sku": "CUP-002", "quantity": 1}}],
                 "resolution": "exchange", "method": "pickup"}""");
        assertThat(noPrice.status()).as(noPrice.body()).isEqualTo(400);
        assertThat(noPrice.json().path("errors").get(0).path("field").asString())
                .isEqualTo("lines[0].replacement.unitPrice");

        Api.Response sen = api.post("/api/v1/orders/" + orderId + "/returns", """
                {"lines": [{"sku": "TEA-001", "quantity": 1, "reason": "wrong_item",
                            "replacement": {"sku": "CUP-002", "quantity": 1, "unitPrice": "999.5"}}],
                 "resolution": "exchange", "method": "pickup"}""");
        assertThat(sen.status()).as(sen.body()).isEqualTo(400);
        assertThat(sen.json().path("errors").get(0).path("reason").asString()).contains("JPY has no minor unit");

        Api.Response notAnExchange = api.post("/api/v1/orders/" + orderId + "/returns", """
                {"lines": [{"sku": "TEA-001", "quantity": 1, "reason": "wrong_item",
                            "replacement": {"sku": "CUP-002", "quantity": 1, "unitPrice": "1000"}}],
                 "resolution": "refund", "method": "pickup"}""");
        assertThat(notAnExchange.status()).isEqualTo(400);
        assertThat(notAnExchange.json().path("errors").get(0).path("field").asString())
                .isEqualTo("lines[0].replacement");
    }

    @Test
    void theSameSkuWithoutAPriceIsEvenAndMoreUnitsOfItCostWhatTheReturnedOnesWerePaid() {
        String orderId = delivered(OrderMother.paidOrder());

        JsonNode even = expect(api.post("/api/v1/orders/" + orderId + "/returns", """
                {"lines": [{"sku": "TEA-001", "quantity": 1, "reason": "wrong_item",
                            "replacement": {"sku": "TEA-001", "quantity": 2}}],
                 "resolution": "exchange", "method": "pickup"}"""), 201)
                .json();

        // two units at the 56.50 the returned one was paid: 56.50 more to pay
        assertThat(even.path("exchange").path("replacementValue").asString()).isEqualTo("113.00");
        assertThat(even.path("exchange").path("settlement").asString()).isEqualTo("balance_due");
        JsonNode replacement = api.get("/api/v1/orders/" + replacementOf(even)).json();
        assertThat(replacement.path("total").asString()).isEqualTo("56.50");
        assertThat(replacement.path("lines").get(0).path("quantity").asInt()).isEqualTo(2);
    }

    private JsonNode exchange(String orderId, String returned, String sku, int quantity, String unitPrice) {
        return expect(
                        api.post("/api/v1/orders/" + orderId + "/returns", """
                {"lines": [{"sku": "%s", "quantity": 1, "reason": "wrong_item",
                            "replacement": {"sku": "%s", "quantity": %d, "unitPrice": "%s"}}],
                 "resolution": "exchange", "method": "pickup"}""".formatted(
                                        returned, sku, quantity, unitPrice)),
                        201)
                .json();
    }

    private static String replacementOf(JsonNode exchange) {
        for (JsonNode entry : exchange.path("timeline")) {
            if (entry.path("action").asString().equals("exchange_created")) {
                return entry.path("details").path("replacementOrderId").asString();
            }
        }
        throw new AssertionError("no exchange_created step in " + exchange);
    }

    private int available(String sku) {
        for (JsonNode row : api.get("/api/v1/availability?sku=" + sku).json().path("locations")) {
            if (row.path("locationId").asString().equals("WH-EX")) {
                return row.path("available").asInt();
            }
        }
        throw new AssertionError("no availability of " + sku + " at WH-EX");
    }

    private String delivered(String order) {
        String id =
                expect(api.post("/api/v1/orders", order), 201).json().path("id").asString();
        expect(api.post("/api/v1/orders/" + id + "/ship", "{\"carrier\": \"SF\"}"), 200);
        expect(api.post("/api/v1/orders/" + id + "/deliver", null), 200);
        return id;
    }
}

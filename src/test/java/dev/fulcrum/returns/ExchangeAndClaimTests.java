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

/** Exchanges and reship claims place linked replacement orders (issue 12, acceptance 4). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExchangeAndClaimTests {

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
    void anExchangeReservesTheReplacementStockAtApproval() {
        String orderId = deliveredOrder();
        int availableBefore = available("WH-EX", "TEA-001");

        JsonNode exchange = expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/returns",
                                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"wrong_item\"}], "
                                        + "\"resolution\": \"exchange\", \"method\": \"pickup\"}"),
                        201)
                .json();

        String replacementId = replacementOf(exchange);
        assertThat(available("WH-EX", "TEA-001"))
                .as("the replacement unit is reserved before the returned one arrives")
                .isEqualTo(availableBefore - 1);
        assertReservedHere(replacementId, 1);
    }

    @Test
    void aReshipClaimReservesItsReplacementStock() {
        String orderId = deliveredOrder();
        int availableBefore = available("WH-EX", "TEA-001");

        JsonNode claim = expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/claims",
                                "{\"type\": \"damaged\", \"resolution\": \"reship\", "
                                        + "\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 2}]}"),
                        201)
                .json();

        assertThat(available("WH-EX", "TEA-001")).isEqualTo(availableBefore - 2);
        assertReservedHere(claim.path("replacementOrderId").asString(), 2);
        assertThat(api.get("/api/v1/orders/" + orderId + "/returns").json().path("items"))
                .isEmpty();
    }

    @Test
    void aRefundClaimPaysTheUnitsBackWithoutAReturnAndNeverTwice() {
        String orderId = deliveredOrder();

        JsonNode first = claimRefund(orderId, 1);
        // 59.00 less half of the line's 5.00 discount; no restocking fee on a claim
        assertThat(first.path("refundAmount").asString()).isEqualTo("56.50");
        assertThat(first.path("replacementOrderId").isNull()).isTrue();
        String claimId = first.path("claimId").asString();
        JsonNode refunded = api.get("/api/v1/events?type=return.refunded&orderId=" + orderId)
                .json()
                .path("events");
        assertThat(refunded).hasSize(1);
        assertThat(refunded.get(0).path("data").path("returnId").asString()).isEqualTo(claimId);
        assertThat(refunded.get(0).path("data").path("amount").asString()).isEqualTo("56.50");
        assertThat(api.get("/api/v1/events?type=claim.created&orderId=" + orderId)
                        .json()
                        .path("events")
                        .get(0)
                        .path("data")
                        .path("refundAmount")
                        .asString())
                .isEqualTo("56.50");
        assertThat(api.get("/api/v1/orders/" + orderId + "/returns").json().path("items"))
                .isEmpty();

        assertThat(claimRefund(orderId, 1).path("refundAmount").asString())
                .as("the second unit gets the rest of the discount, so the two add up to the line")
                .isEqualTo("56.50");
        Api.Response third = api.post(
                "/api/v1/orders/" + orderId + "/claims",
                "{\"type\": \"damaged\", \"resolution\": \"refund\", "
                        + "\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1}]}");
        assertThat(third.status()).as(third.body()).isEqualTo(409);
        assertThat(third.json().path("detail").asString()).contains("line 1 (TEA-001)");
        JsonNode afterClaims = expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/returns",
                                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"damaged\"}], "
                                        + "\"resolution\": \"refund\", \"method\": \"drop_off\"}"),
                        201)
                .json();
        assertThat(afterClaims.path("refund").path("amount").asString())
                .as("a unit a claim refunded is not refunded again by a return")
                .isEqualTo("0.00");
    }

    private JsonNode claimRefund(String orderId, int units) {
        return expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/claims",
                                "{\"type\": \"damaged\", \"resolution\": \"refund\", "
                                        + "\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": " + units + "}]}"),
                        201)
                .json();
    }

    private void assertReservedHere(String replacementId, int units) {
        JsonNode replacement = api.get("/api/v1/orders/" + replacementId).json();
        assertThat(replacement
                        .path("lines")
                        .get(0)
                        .path("quantities")
                        .path("allocated")
                        .asInt())
                .isEqualTo(units);
        JsonNode sourcing = expect(api.get("/api/v1/orders/" + replacementId + "/sourcing"), 200)
                .json();
        assertThat(sourcing.path("status").asString()).isEqualTo("allocated");
        assertThat(sourcing.path("shipments").get(0).path("locationId").asString())
                .isEqualTo("WH-EX");
    }

    private static String replacementOf(JsonNode exchange) {
        for (JsonNode entry : exchange.path("timeline")) {
            if (entry.path("action").asString().equals("exchange_created")) {
                return entry.path("details").path("replacementOrderId").asString();
            }
        }
        throw new AssertionError("no exchange_created step in " + exchange);
    }

    private int available(String location, String sku) {
        for (JsonNode row : api.get("/api/v1/availability?sku=" + sku).json().path("locations")) {
            if (row.path("locationId").asString().equals(location)) {
                return row.path("available").asInt();
            }
        }
        throw new AssertionError("no availability of " + sku + " at " + location);
    }

    @Test
    void anExchangePlacesALinkedReplacementOrderAtApprovalBeforeTheReturnArrives() {
        String orderId = deliveredOrder();
        JsonNode exchange = expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/returns",
                                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"wrong_item\"}], "
                                        + "\"resolution\": \"exchange\", \"method\": \"pickup\"}"),
                        201)
                .json();
        assertThat(exchange.path("status").asString()).isEqualTo("approved");
        assertThat(exchange.path("refund").path("status").asString()).isEqualTo("none");
        String replacementId = exchange.path("timeline")
                .get(2)
                .path("details")
                .path("replacementOrderId")
                .asString();
        assertThat(exchange.path("timeline").get(2).path("action").asString()).isEqualTo("exchange_created");

        JsonNode replacement = api.get("/api/v1/orders/" + replacementId).json();
        assertThat(replacement.path("channel").asString()).isEqualTo("returns");
        assertThat(replacement.path("status").asString()).isEqualTo("paid");
        assertThat(replacement.path("total").asString()).isEqualTo("0.00");
        assertThat(replacement.path("attributes").path("exchangeFor").asString())
                .isEqualTo(orderId);
        assertThat(replacement.path("attributes").path("returnId").asString())
                .isEqualTo(exchange.path("id").asString());
        assertThat(replacement.path("lines").get(0).path("sku").asString()).isEqualTo("TEA-001");
        assertThat(replacement.path("lines").get(0).path("quantity").asInt()).isEqualTo(1);
        JsonNode created = api.awaitEvents("type=exchange.created&orderId=" + orderId, 1);
        assertThat(created).hasSize(1);
        assertThat(created.get(0).path("data").path("replacementOrderId").asString())
                .isEqualTo(replacementId);
    }

    @Test
    void aReshipClaimPlacesALinkedReplacementOrderWithoutAReturn() {
        String orderId = deliveredOrder();
        JsonNode claim = expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/claims",
                                "{\"type\": \"lost\", \"resolution\": \"reship\", "
                                        + "\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 2}], \"note\": \"never arrived\"}"),
                        201)
                .json();
        String replacementId = claim.path("replacementOrderId").asString();
        JsonNode replacement = api.get("/api/v1/orders/" + replacementId).json();
        assertThat(replacement.path("attributes").path("replacementFor").asString())
                .isEqualTo(orderId);
        assertThat(replacement.path("lines").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/orders/" + orderId + "/returns").json().path("items"))
                .isEmpty();
        assertThat(api.awaitEvents("type=claim.created&orderId=" + orderId, 1)).hasSize(1);
        assertThat(api.get("/api/v1/orders/" + orderId + "/timeline").json().toString())
                .contains("order.return-claimed", replacementId);

        Api.Response tooMany = api.post(
                "/api/v1/orders/" + orderId + "/claims",
                "{\"type\": \"lost\", \"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 3}]}");
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.json().path("detail").asString()).contains("line 1 (TEA-001)");
        Api.Response badType = api.post(
                "/api/v1/orders/" + orderId + "/claims",
                "{\"type\": \"stolen\", \"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1}]}");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().path("errors").get(0).path("field").asString())
                .isEqualTo("type");
    }

    private String deliveredOrder() {
        String id = expect(api.post("/api/v1/orders", OrderMother.paidOrder()), 201)
                .json()
                .path("id")
                .asString();
        expect(api.post("/api/v1/orders/" + id + "/ship", "{\"carrier\": \"SF\"}"), 200);
        expect(api.post("/api/v1/orders/" + id + "/deliver", null), 200);
        return id;
    }
}

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
 * A retention offer, a partial refund for the customer to keep the item, made and accepted before the item ships
 * back; a state and actions of the refund flow (issue 12, "Parallel flows").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RetentionOfferTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void newTenant() {
        api = new Api(port, TestTenant.create(context).apiKey());
        expect(api.put("/api/v1/locations/WH-KEEP", """
                        {"name": "Returns desk", "type": "warehouse", "latitude": 31.2, "longitude": 121.5,
                         "country": "CN", "timeZone": "Asia/Shanghai"}"""), 200);
        expect(
                api.put(
                        "/api/v1/locations/WH-KEEP/stock",
                        "{\"asOf\": \"2026-11-01T00:00:00Z\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 10}]}"),
                200);
    }

    @Test
    void anAcceptedOfferRefundsItsAmountCancelsThePickupAndClosesTheReturnWithTheUnitKept() {
        String orderId = deliveredOrder();
        String returnId = requestReturn(orderId, "refund");

        JsonNode offered = offer(returnId, "5.00");
        assertThat(offered.path("refund").path("status").asString()).isEqualTo("retention_offered");
        assertThat(offered.path("retention").path("status").asString()).isEqualTo("offered");
        assertThat(offered.path("retention").path("amount").asString()).isEqualTo("5.00");

        JsonNode accepted = expect(api.post("/api/v1/returns/" + returnId + "/accept-retention", null), 200)
                .json();

        assertThat(accepted.path("status").asString()).isEqualTo("closed");
        assertThat(accepted.path("refund").path("status").asString()).isEqualTo("refunded");
        assertThat(accepted.path("refund").path("amount").asString()).isEqualTo("5.00");
        assertThat(accepted.path("retention").path("status").asString()).isEqualTo("accepted");
        assertThat(accepted.path("timeline").toString())
                .contains("retention_offered", "retention_accepted", "pickup_cancelled", "closed");
        JsonNode line =
                api.get("/api/v1/orders/" + orderId).json().path("lines").get(0).path("quantities");
        assertThat(line.path("returnRequested").asInt())
                .as("the unit is no longer asked back")
                .isZero();
        assertThat(line.path("returned").asInt()).as("the customer keeps it").isZero();
        JsonNode refunded = api.awaitEvents("type=return.refunded&orderId=" + orderId, 1);
        assertThat(refunded.get(0).path("data").path("amount").asString()).isEqualTo("5.00");
        JsonNode retained = api.awaitEvents("type=return.retention-accepted&orderId=" + orderId, 1);
        assertThat(retained.get(0).path("data").path("amount").asString()).isEqualTo("5.00");
        assertThat(retained.get(0).path("data").path("return").path("status").asString())
                .isEqualTo("closed");

        Api.Response again = api.post("/api/v1/returns/" + returnId + "/accept-retention", null);
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void aDeclinedOfferLeavesTheRefundWaitingForTheItemAndTheFullAmountIsRefundedAtReceipt() {
        String returnId = requestReturn(deliveredOrder(), "refund");
        offer(returnId, "5.00");

        JsonNode declined = expect(api.post("/api/v1/returns/" + returnId + "/decline-retention", null), 200)
                .json();
        assertThat(declined.path("refund").path("status").asString()).isEqualTo("held");
        assertThat(declined.path("retention").path("status").asString()).isEqualTo("declined");

        JsonNode received = receive(returnId);
        assertThat(received.path("status").asString()).isEqualTo("refunded");
        assertThat(received.path("refund").path("amount").asString()).isEqualTo("56.50");
    }

    @Test
    void anOfferAfterTheParcelWasScannedOrReceivedIsRefusedWithTheReason() {
        String scannedId = requestReturn(deliveredOrder(), "refund");
        expect(api.post("/api/v1/returns/" + scannedId + "/pickup-scanned", "{\"carrier\": \"SF\"}"), 200);
        Api.Response afterScan =
                api.post("/api/v1/returns/" + scannedId + "/offer-retention", "{\"amount\": \"5.00\"}");
        assertThat(afterScan.status()).as(afterScan.body()).isEqualTo(409);
        assertThat(afterScan.json().path("detail").asString()).contains("the carrier scanned the parcel");

        String receivedId = requestReturn(deliveredOrder(), "refund");
        receive(receivedId);
        Api.Response afterReceipt =
                api.post("/api/v1/returns/" + receivedId + "/offer-retention", "{\"amount\": \"5.00\"}");
        assertThat(afterReceipt.status()).as(afterReceipt.body()).isEqualTo(409);
        assertThat(afterReceipt.json().path("detail").asString()).contains("units of the return were received");

        String exchangeId = requestReturn(deliveredOrder(), "exchange");
        Api.Response onExchange =
                api.post("/api/v1/returns/" + exchangeId + "/offer-retention", "{\"amount\": \"5.00\"}");
        assertThat(onExchange.status()).isEqualTo(409);
        assertThat(onExchange.json().path("detail").asString()).contains("refunds nothing");
    }

    @Test
    void anOfferAboveTheRefundableAmountIsRefusedNamingTheAmount() {
        String returnId = requestReturn(deliveredOrder(), "refund");

        Api.Response tooMuch = api.post("/api/v1/returns/" + returnId + "/offer-retention", "{\"amount\": \"56.51\"}");
        assertThat(tooMuch.status()).as(tooMuch.body()).isEqualTo(400);
        assertThat(tooMuch.json().path("errors").get(0).path("field").asString())
                .isEqualTo("amount");
        assertThat(tooMuch.json().path("errors").get(0).path("reason").asString())
                .contains("56.50");
        Api.Response missing = api.post("/api/v1/returns/" + returnId + "/offer-retention", "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errors").get(0).path("field").asString())
                .isEqualTo("amount");

        assertThat(offer(returnId, "56.50").path("retention").path("amount").asString())
                .as("the whole refundable amount may be offered")
                .isEqualTo("56.50");
    }

    @Test
    void aScanWhileTheOfferIsOpenLetsItLapse() {
        String returnId = requestReturn(deliveredOrder(), "refund");
        offer(returnId, "5.00");

        JsonNode scanned = expect(
                        api.post("/api/v1/returns/" + returnId + "/pickup-scanned", "{\"carrier\": \"SF\"}"), 200)
                .json();

        assertThat(scanned.path("retention").path("status").asString()).isEqualTo("lapsed");
        assertThat(scanned.path("refund").path("status").asString()).isEqualTo("held");
        assertThat(api.post("/api/v1/returns/" + returnId + "/accept-retention", null)
                        .status())
                .isEqualTo(409);

        String closedId = requestReturn(deliveredOrder(), "refund");
        offer(closedId, "5.00");
        JsonNode closed = expect(api.post("/api/v1/returns/" + closedId + "/close", null), 200)
                .json();
        assertThat(closed.path("retention").path("status").asString())
                .as("closing the return withdraws the open offer")
                .isEqualTo("lapsed");
    }

    private JsonNode offer(String returnId, String amount) {
        return expect(
                        api.post(
                                "/api/v1/returns/" + returnId + "/offer-retention", "{\"amount\": \"" + amount + "\"}"),
                        200)
                .json();
    }

    private JsonNode receive(String returnId) {
        return expect(
                        api.post(
                                "/api/v1/returns/" + returnId + "/receive",
                                "{\"locationId\": \"WH-KEEP\", \"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1}]}"),
                        200)
                .json();
    }

    private String requestReturn(String orderId, String resolution) {
        JsonNode created = expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/returns",
                                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"changed_mind\"}], "
                                        + "\"resolution\": \"" + resolution + "\", \"method\": \"pickup\"}"),
                        201)
                .json();
        assertThat(created.path("status").asString()).isEqualTo("approved");
        return created.path("id").asString();
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

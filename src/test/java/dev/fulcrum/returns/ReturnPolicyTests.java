package dev.fulcrum.returns;

import static dev.fulcrum.returns.ReturnApiTests.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestClock;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** The return policy (acceptance 3) and the refund running beside the pickup (acceptance 5) of issue 12. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReturnPolicyTests {

    private static final String ONE_UNIT =
            "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"changed_mind\"}], \"method\": \"pickup\"}";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void newTenant() {
        api = new Api(port, TestTenant.create(context).apiKey());
        expect(api.put("/api/v1/locations/WH-RET", """
                        {"name": "Returns desk", "type": "warehouse", "latitude": 31.2, "longitude": 121.5,
                         "country": "CN", "timeZone": "Asia/Shanghai"}"""), 200);
    }

    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    @Test
    void aRequestOutsideTheWindowWaitsForReviewWithTheReasonAndTheValuesShown() {
        String orderId = deliveredOrder(OrderMother.paidOrder());
        TestClock.advance(Duration.ofDays(31));

        JsonNode waiting = expect(api.post("/api/v1/orders/" + orderId + "/returns", ONE_UNIT), 201)
                .json();
        assertThat(waiting.path("status").asString()).isEqualTo("requested");
        assertThat(waiting.path("decision").path("outcome").asString()).isEqualTo("review");
        assertThat(waiting.path("reviewReason").asString())
                .contains("outside the return window")
                .contains("31 days ago");
        JsonNode window = waiting.path("decision").path("rules").get(0);
        assertThat(window.path("rule").asString()).isEqualTo("window");
        assertThat(window.path("matched").asBoolean()).isTrue();
        assertThat(window.path("values").path("request.daysSinceDelivery").asInt())
                .isEqualTo(31);
        assertThat(api.get("/api/v1/returns?status=requested").json().path("items"))
                .hasSize(1);

        JsonNode approved = expect(
                        api.post(
                                "/api/v1/returns/" + waiting.path("id").asString() + "/approve",
                                "{\"note\": \"loyal customer\"}"),
                        200)
                .json();
        assertThat(approved.path("status").asString()).isEqualTo("approved");
        assertThat(approved.path("reviewReason").isNull()).isTrue();
        assertThat(api.post("/api/v1/returns/" + waiting.path("id").asString() + "/approve", null)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aNonReturnableItemWaitsForReviewOrIsRejectedByPolicy() {
        expect(api.put("/api/v1/items/TEA-001", "{\"name\": \"Longjing\", \"returnable\": false}"), 200);
        String orderId = deliveredOrder(OrderMother.paidOrder());

        JsonNode waiting = expect(api.post("/api/v1/orders/" + orderId + "/returns", ONE_UNIT), 201)
                .json();
        assertThat(waiting.path("status").asString()).isEqualTo("requested");
        assertThat(waiting.path("reviewReason").asString())
                .contains("not returnable")
                .contains("TEA-001");
        expect(api.post("/api/v1/returns/" + waiting.path("id").asString() + "/reject", "{\"reason\": \"food\"}"), 200);

        JsonNode policy = expect(api.put("/api/v1/return-policy", "{\"nonReturnable\": \"reject\"}"), 200)
                .json();
        assertThat(policy.path("version").asInt()).isEqualTo(1);
        JsonNode rejected = expect(api.post("/api/v1/orders/" + orderId + "/returns", ONE_UNIT), 201)
                .json();
        assertThat(rejected.path("status").asString()).isEqualTo("rejected");
        assertThat(rejected.path("policyVersion").asInt()).isEqualTo(1);
        assertThat(rejected.path("decision").path("outcome").asString()).isEqualTo("rejected");
        assertThat(rejected.path("timeline").toString()).contains("not returnable");
        assertThat(api.get("/api/v1/orders/" + orderId)
                        .json()
                        .path("lines")
                        .get(0)
                        .path("quantities")
                        .path("returnRequested")
                        .asInt())
                .as("a rejected request holds no units")
                .isZero();
        assertThat(api.awaitEvents("type=return.rejected&orderId=" + orderId, 2))
                .hasSize(2);
    }

    @Test
    void aPolicyWithARuleThatDoesNotCompileIsRefusedNamingTheRule() {
        Api.Response refused = api.put(
                "/api/v1/return-policy",
                "{\"rules\": [{\"name\": \"big\", \"when\": \"request.units >\", \"decision\": \"review\", "
                        + "\"reason\": \"big\"}]}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("field").asString())
                .isEqualTo("rules[0].when");
        assertThat(api.get("/api/v1/return-policy").json().path("version").asInt())
                .isZero();

        expect(
                api.put(
                        "/api/v1/return-policy",
                        "{\"rules\": [{\"name\": \"frequent_returner\", \"when\": \"customer.returns >= 1\", "
                                + "\"decision\": \"review\", \"reason\": \"returns often\"}], "
                                + "\"restockingFeePercent\": {\"changed_mind\": 10}}"),
                200);
        String orderId = deliveredOrder(OrderMother.paidOrder());
        JsonNode first = expect(api.post("/api/v1/orders/" + orderId + "/returns", ONE_UNIT), 201)
                .json();
        assertThat(first.path("status").asString()).isEqualTo("approved");
        // 59.00 − 2.50 discount share = 56.50; 10 % restocking fee 5.65
        assertThat(first.path("lines").get(0).path("restockingFee").asString()).isEqualTo("5.65");
        assertThat(first.path("refund").path("amount").asString()).isEqualTo("50.85");
        JsonNode second = expect(api.post("/api/v1/orders/" + orderId + "/returns", ONE_UNIT), 201)
                .json();
        assertThat(second.path("status").asString()).isEqualTo("requested");
        assertThat(second.path("reviewReason").asString()).isEqualTo("returns often");
    }

    @Test
    void aTrustedCustomerIsRefundedAtThePickupScanAnotherAfterInspectionWhileBothParcelsTravel() {
        expect(api.put("/api/v1/return-policy", "{\"instantRefundWhen\": \"'trusted' in order.tags\"}"), 200);
        String trustedOrder = deliveredOrder(OrderMother.paidOrder().replace("\"vip\"", "\"trusted\""));
        String otherOrder = deliveredOrder(OrderMother.paidOrder());

        JsonNode trusted = expect(api.post("/api/v1/orders/" + trustedOrder + "/returns", ONE_UNIT), 201)
                .json();
        JsonNode other = expect(api.post("/api/v1/orders/" + otherOrder + "/returns", ONE_UNIT), 201)
                .json();
        assertThat(trusted.path("refund").path("timing").asString()).isEqualTo("at_pickup_scan");
        assertThat(other.path("refund").path("timing").asString()).isEqualTo("after_inspection");
        String trustedId = trusted.path("id").asString();
        String otherId = other.path("id").asString();

        JsonNode trustedScanned = expect(
                        api.post("/api/v1/returns/" + trustedId + "/pickup-scanned", "{\"carrier\": \"SF\"}"), 200)
                .json();
        JsonNode otherScanned = expect(
                        api.post("/api/v1/returns/" + otherId + "/pickup-scanned", "{\"carrier\": \"SF\"}"), 200)
                .json();
        assertThat(trustedScanned.path("refund").path("status").asString())
                .as("refunded at the scan")
                .isEqualTo("refunded");
        assertThat(trustedScanned.path("status").asString())
                .as("while the parcel is still on its way back")
                .isEqualTo("approved");
        assertThat(otherScanned.path("refund").path("status").asString()).isEqualTo("held");
        assertThat(api.awaitEvents("type=return.refunded&orderId=" + trustedOrder, 1))
                .hasSize(1);
        assertThat(api.get("/api/v1/events?type=return.refunded&orderId=" + otherOrder)
                        .json()
                        .path("events"))
                .isEmpty();

        String receive = "{\"locationId\": \"WH-RET\", \"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1}]}";
        JsonNode trustedBack = expect(api.post("/api/v1/returns/" + trustedId + "/receive", receive), 200)
                .json();
        JsonNode otherBack = expect(api.post("/api/v1/returns/" + otherId + "/receive", receive), 200)
                .json();
        assertThat(trustedBack.path("status").asString()).isEqualTo("refunded");
        assertThat(otherBack.path("status").asString()).isEqualTo("refunded");
        assertThat(otherBack.path("refund").path("status").asString()).isEqualTo("refunded");
        assertThat(api.awaitEvents("type=return.refunded&orderId=" + trustedOrder, 1))
                .as("refunded once")
                .hasSize(1);
        assertThat(api.awaitEvents("type=return.refunded&orderId=" + otherOrder, 1))
                .hasSize(1);
    }

    @Test
    void keepItBelowTheThresholdIsRefundedAtOnceAndTheUnitsCountAsReturned() {
        expect(api.put("/api/v1/return-policy", "{\"keepItBelow\": \"60.00\"}"), 200);
        String orderId = deliveredOrder(OrderMother.paidOrder());
        JsonNode kept = expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/returns",
                                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"damaged\"}], "
                                        + "\"resolution\": \"keep_it\"}"),
                        201)
                .json();
        assertThat(kept.path("status").asString()).isEqualTo("refunded");
        assertThat(kept.path("method").asString()).isEqualTo("none");
        assertThat(kept.path("refund").path("timing").asString()).isEqualTo("immediately");
        JsonNode quantities =
                api.get("/api/v1/orders/" + orderId).json().path("lines").get(0).path("quantities");
        assertThat(quantities.path("returned").asInt()).isEqualTo(1);
        assertThat(quantities.path("returnRequested").asInt()).isZero();

        JsonNode dearer = expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/returns",
                                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"damaged\"}], "
                                        + "\"resolution\": \"keep_it\"}"),
                        201)
                .json();
        assertThat(dearer.path("status").asString())
                .as("the second unit's discount share is 2.50 too, but 56.50 < 60: approved")
                .isEqualTo("refunded");
        Api.Response none = api.post(
                "/api/v1/orders/" + orderId + "/returns",
                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"damaged\"}], "
                        + "\"resolution\": \"keep_it\"}");
        assertThat(none.status()).isEqualTo(409);
    }

    /** A placed order shipped and delivered in full. */
    @Test
    void theNearestLocationWithTheReturnsCapabilityTakesTheReturnWhenThePolicySaysSo() {
        // WH-RET in Shanghai is nearest the customer but does not take returns; Hangzhou does, and Beijing, farther
        expect(api.put("/api/v1/locations/RET-HZ", """
                        {"name": "Hangzhou returns", "type": "warehouse", "latitude": 30.27, "longitude": 120.15,
                         "country": "CN", "timeZone": "Asia/Shanghai", "capabilities": ["returns"]}"""), 200);
        expect(api.put("/api/v1/locations/RET-BJ", """
                        {"name": "Beijing returns", "type": "warehouse", "latitude": 39.9, "longitude": 116.4,
                         "country": "CN", "timeZone": "Asia/Shanghai", "capabilities": ["returns"]}"""), 200);
        Api.Response unknown = api.put("/api/v1/return-policy", "{\"returnLocation\": \"cheapest\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("errors").get(0).path("field").asString())
                .isEqualTo("returnLocation");
        expect(api.put("/api/v1/return-policy", "{\"returnLocation\": \"nearest_returns\"}"), 200);
        assertThat(api.get("/api/v1/return-policy")
                        .json()
                        .path("policy")
                        .path("returnLocation")
                        .asString())
                .isEqualTo("nearest_returns");
        String orderId = deliveredOrder(OrderMother.paidOrder());

        JsonNode requested = expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/returns",
                                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"changed_mind\"}]}"),
                        201)
                .json();

        assertThat(requested.path("returnLocation").asString()).isEqualTo("RET-HZ");
    }

    private String deliveredOrder(String document) {
        String id = expect(api.post("/api/v1/orders", document), 201)
                .json()
                .path("id")
                .asString();
        expect(api.post("/api/v1/orders/" + id + "/ship", "{\"carrier\": \"SF\"}"), 200);
        expect(api.post("/api/v1/orders/" + id + "/deliver", null), 200);
        return id;
    }
}

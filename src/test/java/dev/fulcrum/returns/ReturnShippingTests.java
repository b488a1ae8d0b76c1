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
 * A return's shipping, customer address to return location, is quoted from the carriers' rate cards (or the
 * documented estimate), and the customer pays it out of the refund only where the policy says so (issue 12, "Stock
 * and money").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReturnShippingTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void newTenant() {
        api = new Api(port, TestTenant.create(context).apiKey());
        expect(api.put("/api/v1/locations/WH-RS", """
                        {"name": "Returns centre", "type": "warehouse", "latitude": 30.27, "longitude": 120.15,
                         "country": "CN", "region": "ZJ", "postalCode": "310000", "timeZone": "Asia/Shanghai",
                         "capabilities": ["returns"]}"""), 200);
        expect(
                api.put(
                        "/api/v1/locations/WH-RS/stock",
                        "{\"asOf\": \"2026-11-01T00:00:00Z\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 10}]}"),
                200);
    }

    @Test
    void theReturnShippingIsQuotedFromTheCheapestRateCardIntoTheReturnLocationAndTheMerchantPaysByDefault() {
        carrier("SF-RET", "SF", "*,CN,ZJ,,0,30,2.00,12.00,2,3,\n");
        carrier("YTO-RET", "YTO", "*,CN,,,0,30,3.00,15.00,3,4,\n");
        String orderId = deliveredOrder();

        JsonNode returned = requestReturn(orderId, "changed_mind");

        JsonNode shipping = returned.path("returnShipping");
        assertThat(shipping.path("carrier").asString()).isEqualTo("SF");
        assertThat(shipping.path("serviceCode").asString()).isEqualTo("SF-RET");
        assertThat(shipping.path("amount").asString()).isEqualTo("12.00");
        assertThat(shipping.path("currency").asString()).isEqualTo("CNY");
        assertThat(shipping.path("estimated").asBoolean()).isFalse();
        assertThat(shipping.path("customerPays").asBoolean()).isFalse();
        assertThat(returned.path("refund").path("amount").asString())
                .as("the merchant pays: 59.00 less half of the 5.00 discount, nothing deducted")
                .isEqualTo("56.50");
        assertThat(api.get("/api/v1/returns/" + returned.path("id").asString())
                        .json()
                        .path("returnShipping")
                        .path("amount")
                        .asString())
                .isEqualTo("12.00");
    }

    @Test
    void withoutALaneTheReturnShippingIsTheDocumentedEstimate() {
        String orderId = deliveredOrder();

        JsonNode shipping = requestReturn(orderId, "changed_mind").path("returnShipping");

        assertThat(shipping.path("estimated").asBoolean()).isTrue();
        assertThat(shipping.path("carrier").asString()).isEqualTo("estimate");
        // 6.00 fixed plus 0.0005 per kg·km: TEA-001 has no recorded weight, so the fixed charge alone
        assertThat(shipping.path("amount").asString()).isEqualTo("6.00");
    }

    @Test
    void theCustomerPaysTheReturnShippingOutOfTheRefundOnlyForTheReasonsThePolicyNames() {
        carrier("SF-RET", "SF", "*,CN,,,0,30,2.00,12.00,2,3,\n");
        expect(
                api.put(
                        "/api/v1/return-policy",
                        "{\"customerPaysReturnShipping\": [\"changed_mind\"], \"returnLocation\": \"nearest_returns\"}"),
                200);

        JsonNode changedMind = requestReturn(deliveredOrder(), "changed_mind");
        assertThat(changedMind.path("returnShipping").path("customerPays").asBoolean())
                .isTrue();
        assertThat(changedMind.path("returnShipping").path("deducted").asString())
                .isEqualTo("12.00");
        assertThat(changedMind.path("refund").path("amount").asString()).isEqualTo("44.50");
        assertThat(changedMind.path("lines").get(0).path("refundAmount").asString())
                .as("the line still says what it refunds; the shipping comes off the return's refund")
                .isEqualTo("56.50");

        JsonNode damaged = requestReturn(deliveredOrder(), "damaged");
        assertThat(damaged.path("returnShipping").path("customerPays").asBoolean())
                .isFalse();
        assertThat(damaged.path("refund").path("amount").asString()).isEqualTo("56.50");

        Api.Response unknownReason = api.put("/api/v1/return-policy", "{\"customerPaysReturnShipping\": [\"bored\"]}");
        assertThat(unknownReason.status()).isEqualTo(400);
        assertThat(unknownReason.json().path("errors").get(0).path("field").asString())
                .isEqualTo("customerPaysReturnShipping[0]");
    }

    @Test
    void aKeepItReturnSendsNothingBackAndHasNoReturnShipping() {
        expect(api.put("/api/v1/return-policy", "{\"keepItBelow\": \"100.00\"}"), 200);
        JsonNode kept = expect(
                        api.post(
                                "/api/v1/orders/" + deliveredOrder() + "/returns",
                                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"damaged\"}], "
                                        + "\"resolution\": \"keep_it\"}"),
                        201)
                .json();
        assertThat(kept.path("returnShipping").isNull()).isTrue();
    }

    private void carrier(String code, String carrier, String lane) {
        expect(api.put("/api/v1/carriers/" + code, "{\"carrier\": \"" + carrier + "\"}"), 200);
        expect(
                api.putText(
                        "/api/v1/carriers/" + code + "/rates",
                        "origin,destCountry,destRegion,destPostalPrefix,minKg,maxKg,ratePerKg,minimumCharge,"
                                + "transitDaysTypical,transitDaysP90,emissionFactor\n" + lane),
                200);
    }

    private JsonNode requestReturn(String orderId, String reason) {
        return expect(
                        api.post(
                                "/api/v1/orders/" + orderId + "/returns",
                                "{\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"" + reason
                                        + "\"}], \"resolution\": \"refund\", \"method\": \"pickup\"}"),
                        201)
                .json();
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

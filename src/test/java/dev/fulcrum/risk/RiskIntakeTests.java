package dev.fulcrum.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.util.ArrayList;
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

/**
 * Risk at intake end to end over HTTP on the embedded PostgreSQL: acceptance 1 (deny list rejects and releases, allow
 * list skips scoring), 2 (the sixth order from one device within a minute goes to review; approving sources it,
 * rejecting cancels it and frees its stock) and 3 (base plus contributions is the score) of issue 13.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RiskIntakeTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    OrderManagement orders;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void newTenantWithStock() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        expect(api.put("/api/v1/locations/WH-RISK", """
                        {"name": "Risk warehouse", "type": "warehouse", "latitude": 31.2, "longitude": 121.5,
                         "country": "CN", "timeZone": "Asia/Shanghai"}"""), 200);
        expect(
                api.put(
                        "/api/v1/locations/WH-RISK/stock",
                        "{\"asOf\": \"2026-11-01T00:00:00Z\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 40}]}"),
                200);
    }

    @Test
    void anOrderWhoseEmailIsDeniedIsRejectedNamingTheEntryAndHoldsNoStock() {
        JsonNode entry = expect(
                        api.put(
                                "/api/v1/risk/lists/email/Denied@Example.com",
                                "{\"list\": \"deny\", \"reason\": \"chargebacks in October\"}"),
                        200)
                .json();
        assertThat(entry.path("value").asString()).isEqualTo("denied@example.com");
        int before = available();

        String id = place(order("W-DENY-" + UUID.randomUUID(), "C-DENY", "denied@example.com", null));

        JsonNode order = api.get("/api/v1/orders/" + id).json();
        assertThat(order.path("status").asString()).isEqualTo("cancelled");
        JsonNode risk = expect(api.get("/api/v1/orders/" + id + "/risk"), 200).json();
        assertThat(risk.path("decision").asString()).isEqualTo("reject");
        assertThat(risk.path("score").asInt()).isEqualTo(100);
        JsonNode match = risk.path("explanation").path("lists").get(0);
        assertThat(match.path("kind").asString()).isEqualTo("email");
        assertThat(match.path("value").asString()).isEqualTo("denied@example.com");
        assertThat(match.path("list").asString()).isEqualTo("deny");
        assertThat(match.path("reason").asString()).isEqualTo("chargebacks in October");
        assertThat(risk.path("explanation").path("summary").asString())
                .contains("deny list", "denied@example.com", "chargebacks in October");
        assertAddsUp(risk);
        assertThat(available()).as("a rejected order holds no stock").isEqualTo(before);
        assertThat(api.get("/api/v1/orders/" + id + "/timeline").json().toString())
                .contains("order.cancelled", "deny list");

        expect(api.delete("/api/v1/risk/lists/email/denied@example.com"), 204);
        assertThat(api.get("/api/v1/risk/lists/email/denied@example.com").status())
                .isEqualTo(404);
    }

    @Test
    void anAllowListedCustomerSkipsScoringEvenWhereTheDeviceWouldSendItToReview() {
        String device = "D-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            place(order("W-ALLOW-" + i + "-" + UUID.randomUUID(), "C-" + i, null, device));
        }
        expect(api.put("/api/v1/risk/lists/customer/C-TRUSTED", """
                        {"list": "allow", "reason": "key account", "expiresAt": "2099-01-01T00:00:00Z"}"""), 200);

        String id = place(order("W-ALLOW-" + UUID.randomUUID(), "C-TRUSTED", null, device));

        JsonNode risk = api.get("/api/v1/orders/" + id + "/risk").json();
        assertThat(risk.path("decision").asString()).isEqualTo("accept");
        assertThat(risk.path("score").asInt()).isZero();
        assertThat(risk.path("explanation").path("factors")).isEmpty();
        assertThat(risk.path("explanation").path("rulesFired")).isEmpty();
        assertThat(risk.path("explanation").path("lists").get(0).path("list").asString())
                .isEqualTo("allow");
        assertThat(risk.path("explanation").path("summary").asString()).contains("allow list", "key account");
        assertThat(risk.path("features").path("deviceOrders1h").asDouble())
                .as("the features are still computed and counted")
                .isEqualTo(6.0);
        assertThat(api.get("/api/v1/orders/" + id).json().path("holds")).isEmpty();
    }

    @Test
    void theSixthOrderFromOneDeviceGoesToReviewAndApprovingItAllocatesItsFrozenStock() {
        String device = "D-" + UUID.randomUUID();
        List<String> ids = sixFromOneDevice(device);
        String sixth = ids.get(5);
        int afterSix = available();
        for (String first : ids.subList(0, 5)) {
            assertThat(api.get("/api/v1/orders/" + first + "/risk")
                            .json()
                            .path("decision")
                            .asString())
                    .isEqualTo("accept");
        }
        JsonNode risk = api.get("/api/v1/orders/" + sixth + "/risk").json();
        assertThat(risk.path("decision").asString()).isEqualTo("review");
        assertThat(risk.path("explanation").path("rulesFired").toString()).contains("device_velocity");
        JsonNode factor = factor(risk, "device_velocity");
        assertThat(factor.path("values").path("deviceOrders1h").asDouble()).isEqualTo(6.0);
        assertThat(factor.path("contribution").asInt()).isEqualTo(60);
        assertAddsUp(risk);

        JsonNode held = api.get("/api/v1/orders/" + sixth).json();
        assertThat(held.path("holds").get(0).path("type").asString()).isEqualTo("risk");
        assertThat(held.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("allocated")
                        .asInt())
                .as("frozen: reserved, not allocated")
                .isZero();
        assertThat(api.get("/api/v1/orders/" + sixth + "/sourcing")
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("reserved");

        JsonNode review = openReviewOf(sixth);
        JsonNode approved = expect(
                        api.post(
                                "/api/v1/risk/reviews/" + review.path("id").asString() + "/approve",
                                "{\"reason\": \"called the customer\"}"),
                        200)
                .json();
        assertThat(approved.path("status").asString()).isEqualTo("approved");
        assertThat(approved.path("decidedBy").asString()).isNotBlank();
        assertThat(approved.path("reason").asString()).isEqualTo("called the customer");

        JsonNode released = api.get("/api/v1/orders/" + sixth).json();
        assertThat(released.path("holds")).isEmpty();
        assertThat(released.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("allocated")
                        .asInt())
                .isEqualTo(2);
        assertThat(api.get("/api/v1/orders/" + sixth + "/sourcing")
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("allocated");
        assertThat(available()).as("the frozen units were already taken").isEqualTo(afterSix);
        assertThat(api.post("/api/v1/risk/reviews/" + review.path("id").asString() + "/reject", null)
                        .status())
                .isEqualTo(409);
        assertThat(api.awaitEvents("type=risk.review-decided&orderId=" + sixth, 1))
                .hasSize(1);
        assertThat(api.awaitEvents("type=risk.review-opened&orderId=" + sixth, 1))
                .hasSize(1);
        assertThat(api.awaitEvents("type=order.risk-assessed&orderId=" + sixth, 1)
                        .get(0)
                        .path("data")
                        .path("decision")
                        .asString())
                .isEqualTo("review");
    }

    @Test
    void rejectingTheCaseCancelsTheOrderAndItsStockIsAvailableAgain() {
        String device = "D-" + UUID.randomUUID();
        int beforeAll = available();
        List<String> ids = sixFromOneDevice(device);
        String sixth = ids.get(5);
        assertThat(available()).as("six orders of two units, the sixth frozen").isEqualTo(beforeAll - 12);

        JsonNode review = openReviewOf(sixth);
        JsonNode rejected = expect(
                        api.post(
                                "/api/v1/risk/reviews/" + review.path("id").asString() + "/reject",
                                "{\"reason\": \"stolen card\"}"),
                        200)
                .json();
        assertThat(rejected.path("status").asString()).isEqualTo("rejected");

        JsonNode order = api.get("/api/v1/orders/" + sixth).json();
        assertThat(order.path("status").asString()).isEqualTo("cancelled");
        assertThat(available()).as("the frozen units are available again").isEqualTo(beforeAll - 10);
        assertThat(api.get("/api/v1/orders/" + sixth + "/timeline").json().toString())
                .contains("stolen card");
        assertThat(api.get("/api/v1/risk/reviews?status=open")
                        .json()
                        .path("items")
                        .toString())
                .doesNotContain(sixth);
    }

    @Test
    void ordersPlacedTogetherAreAssessedTogetherAndTheSixthOfTheBatchIsHeld() {
        String device = "D-" + UUID.randomUUID();
        List<NewOrder> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            NewOrder base = OrderMother.newPaidOrder();
            batch.add(new NewOrder(
                    base.channel(),
                    "W-BATCH-" + i + "-" + UUID.randomUUID(),
                    base.currency(),
                    base.placedAt(),
                    base.customer(),
                    base.shippingAddress(),
                    base.billingAddress(),
                    base.lines(),
                    base.payment(),
                    base.notes(),
                    base.tags(),
                    Map.of("device", Map.of("id", device))));
        }
        List<Order> placed = tenant.call(() -> orders.placeAll(batch));

        for (int i = 0; i < 5; i++) {
            JsonNode risk =
                    api.get("/api/v1/orders/" + placed.get(i).id() + "/risk").json();
            assertThat(risk.path("decision").asString()).isEqualTo("accept");
            assertThat(risk.path("features").path("deviceOrders1h").asDouble()).isEqualTo(i + 1.0);
        }
        JsonNode sixth = api.get("/api/v1/orders/" + placed.get(5).id()).json();
        assertThat(sixth.path("holds").get(0).path("type").asString()).isEqualTo("risk");
        assertThat(api.get("/api/v1/orders/" + placed.get(0).id()).json().path("holds"))
                .isEmpty();
    }

    @Test
    void everyExplanationAddsUpToItsScoreAndAClampSaysHowMuchItCut() {
        expect(api.put("/api/v1/risk/policies/1", """
                        {"base": 30, "reviewAt": 60, "rejectAt": 95,
                         "rules": [{"name": "big", "when": "order.total > 100.0", "points": 50},
                                   {"name": "vip", "when": "'vip' in order.tags", "points": 40},
                                   {"name": "never", "when": "features.units > 1000.0", "points": 10}]}"""), 200);
        JsonNode draftScore = expect(api.post("/api/v1/risk/score", OrderMother.paidOrder()), 200)
                .json();
        assertThat(draftScore.path("policyVersion").asInt())
                .as("a draft decides nothing")
                .isZero();
        expect(api.post("/api/v1/risk/policies/1/activate", null), 200);

        JsonNode scored = expect(api.post("/api/v1/risk/score", OrderMother.paidOrder()), 200)
                .json();
        assertThat(scored.path("policyVersion").asInt()).isEqualTo(1);
        assertThat(scored.path("score").asInt()).isEqualTo(100);
        assertThat(scored.path("explanation").path("rulesFired").toString()).contains("big", "vip");
        assertThat(factor(scored, "clamp").path("contribution").asInt()).isEqualTo(-20);
        assertAddsUp(scored);
        assertThat(api.get("/api/v1/risk/reviews?status=open").json().path("items"))
                .as("scoring places nothing")
                .isEmpty();

        String id = place(OrderMother.paidOrder("W-CLAMP-" + UUID.randomUUID()));
        JsonNode risk = api.get("/api/v1/orders/" + id + "/risk").json();
        assertThat(risk.path("decision").asString()).isEqualTo("reject");
        assertAddsUp(risk);

        Api.Response broken = api.put("/api/v1/risk/policies/2", """
                {"rules": [{"name": "typo", "when": "features.deviceOrders1h >= 6", "points": 10}]}""");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().path("errors").get(0).path("field").asString()).isEqualTo("rules[0].when");
        JsonNode dryRun = expect(api.post("/api/v1/risk/policies/0/dry-run", "{\"days\": 7}"), 200)
                .json();
        assertThat(dryRun.path("orders").asInt()).isEqualTo(1);
        assertThat(dryRun.path("changes").path("reject->accept").asInt()).isEqualTo(1);
        assertThat(dryRun.path("examples").get(0).path("orderId").asString()).isEqualTo(id);
    }

    @Test
    void anAcceptedOrderStoresOnlyTheRulesThatFiredAndItsExplanationIsRebuiltTheSame() {
        expect(api.put("/api/v1/risk/policies/1", """
                        {"base": 5, "reviewAt": 60, "rejectAt": 95,
                         "rules": [{"name": "some_value", "when": "order.total > 1.0", "points": 10,
                                    "description": "any order worth more than 1"},
                                   {"name": "never", "when": "features.units > 1000.0", "points": 10}]}"""), 200);
        expect(api.post("/api/v1/risk/policies/1/activate", null), 200);
        JsonNode scored = expect(api.post("/api/v1/risk/score", OrderMother.paidOrder()), 200)
                .json();

        String id = place(OrderMother.paidOrder("W-COMPACT-" + UUID.randomUUID()));
        Map<String, @org.jspecify.annotations.Nullable Object> stored = tenant.call(() -> transactions.execute(
                status -> jdbc.sql("select explanation is null compact, rules_fired::text fired from risk_assessments"
                                + " where order_id = ?::uuid")
                        .params(id)
                        .query()
                        .singleRow()));
        assertThat(stored)
                .as("an accepted order scored by rules alone keeps the names of the rules that fired (ADR 0150)")
                .containsEntry("compact", true)
                .containsEntry("fired", "{some_value}");

        JsonNode risk = api.get("/api/v1/orders/" + id + "/risk").json();
        assertThat(risk.path("decision").asString()).isEqualTo("accept");
        assertThat(risk.path("score").asInt()).isEqualTo(15);
        assertThat(risk.path("explanation").toString())
                .as("rebuilt on read exactly as scored")
                .isEqualTo(scored.path("explanation").toString());
        assertThat(factor(risk, "some_value").path("detail").asString()).isEqualTo("any order worth more than 1");
        assertAddsUp(risk);
    }

    private List<String> sixFromOneDevice(String device) {
        List<String> ids = new ArrayList<>();
        String customer = "C-" + UUID.randomUUID();
        for (int i = 0; i < 6; i++) {
            ids.add(place(order("W-DEV-" + i + "-" + UUID.randomUUID(), customer, null, device)));
        }
        return ids;
    }

    private JsonNode openReviewOf(String orderId) {
        for (JsonNode review :
                api.get("/api/v1/risk/reviews?status=open").json().path("items")) {
            if (review.path("orderId").asString().equals(orderId)) {
                return review;
            }
        }
        throw new AssertionError("no open review of order " + orderId);
    }

    private static JsonNode factor(JsonNode assessment, String name) {
        for (JsonNode factor : assessment.path("explanation").path("factors")) {
            if (factor.path("name").asString().equals(name)) {
                return factor;
            }
        }
        throw new AssertionError("no factor " + name + " in " + assessment);
    }

    /** Acceptance 3: the base and the contributions add up to the score exactly. */
    private static void assertAddsUp(JsonNode assessment) {
        int sum = assessment.path("explanation").path("base").asInt();
        for (JsonNode factor : assessment.path("explanation").path("factors")) {
            sum += factor.path("contribution").asInt();
        }
        assertThat(sum)
                .as("base + contributions of " + assessment)
                .isEqualTo(assessment.path("score").asInt());
    }

    private static String order(
            String externalId,
            String customerId,
            @org.jspecify.annotations.Nullable String email,
            @org.jspecify.annotations.Nullable String device) {
        return """
                {"channel": "web", "externalId": "%s", "currency": "CNY",
                 "customer": {"id": "%s", "name": "Test", "email": %s},
                 "shippingAddress": {"name": "Test", "line1": "人民路 1 号", "city": "上海", "postalCode": "200001",
                   "country": "CN"},
                 "lines": [{"sku": "TEA-001", "quantity": 2, "unitPrice": "59.00"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "118.00"},
                 "attributes": %s}
                """.formatted(
                        externalId,
                        customerId,
                        email == null ? "null" : "\"" + email + "\"",
                        device == null ? "{}" : "{\"device\": {\"id\": \"" + device + "\"}, \"ip\": \"203.0.113.7\"}");
    }

    private String place(String document) {
        return expect(api.post("/api/v1/orders", document), 201)
                .json()
                .path("id")
                .asString();
    }

    private int available() {
        return api.get("/api/v1/availability?sku=TEA-001")
                .json()
                .path("available")
                .asInt();
    }

    private static Api.Response expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}

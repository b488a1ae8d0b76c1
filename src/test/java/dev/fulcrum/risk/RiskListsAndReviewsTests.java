package dev.fulcrum.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.risk.model.TrainingExamples;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Lists by CIDR block, the review SLA deciding by policy, and outcomes as training examples, over HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RiskListsAndReviewsTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ReviewDeadlines deadlines;

    @Autowired
    TrainingExamples examples;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
    }

    @Test
    void anIpInADeniedBlockIsRejectedAndABadBlockIsRefused() {
        assertThat(api.put("/api/v1/risk/lists/ip/203.0.113.0/24", "{\"list\": \"deny\", \"reason\": \"proxy range\"}")
                        .status())
                .isEqualTo(200);
        Api.Response bad = api.put("/api/v1/risk/lists/ip/203.0.113.0/99", "{\"list\": \"deny\", \"reason\": \"x\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("value");
        assertThat(api.put("/api/v1/risk/lists/colour/red", "{\"list\": \"deny\", \"reason\": \"x\"}")
                        .status())
                .isEqualTo(400);

        String id = place(order("C-" + UUID.randomUUID(), "D-" + UUID.randomUUID(), "203.0.113.77"));

        JsonNode risk = api.get("/api/v1/orders/" + id + "/risk").json();
        assertThat(risk.path("decision").asString()).isEqualTo("reject");
        assertThat(risk.path("explanation").path("lists").get(0).path("value").asString())
                .isEqualTo("203.0.113.0/24");
        assertThat(api.get("/api/v1/risk/lists?kind=ip").json().path("items")).hasSize(1);
    }

    @Test
    void aCasePastItsSlaIsDecidedAsThePolicySays() {
        assertThat(api.put("/api/v1/risk/policies/1", """
                                {"reviewSlaMinutes": 5, "onOverdue": "reject"}""").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/risk/policies/1/activate", null).status()).isEqualTo(200);
        String device = "D-" + UUID.randomUUID();
        String customer = "C-" + UUID.randomUUID();
        String sixth = null;
        for (int i = 0; i < 6; i++) {
            sixth = place(order(customer, device, null));
        }
        String orderId = java.util.Objects.requireNonNull(sixth);
        JsonNode review =
                api.get("/api/v1/risk/reviews?status=open").json().path("items").get(0);
        assertThat(review.path("orderId").asString()).isEqualTo(orderId);

        tenant.call(() -> transactions.execute(status -> jdbc.sql(
                        "update risk_reviews set due_at = now() - interval '1 minute' where order_id = ?::uuid")
                .params(orderId)
                .update()));
        deadlines.handleOverdue();

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode decided = api.get(
                            "/api/v1/risk/reviews/" + review.path("id").asString())
                    .json();
            assertThat(decided.path("status").asString()).isEqualTo("rejected");
            assertThat(decided.path("decidedBy").asString()).isEqualTo("system:risk-sla");
        });
        assertThat(api.get("/api/v1/orders/" + orderId).json().path("status").asString())
                .isEqualTo("cancelled");
    }

    @Test
    void outcomesAreRecordedAndBecomeLabelledExamples() {
        String fraud = place(order("C-" + UUID.randomUUID(), null, null));
        String fine = place(order("C-" + UUID.randomUUID(), null, null));
        assertThat(api.post("/api/v1/orders/" + fraud + "/risk/outcome", "{\"outcome\": \"chargeback\"}")
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/orders/" + fine + "/risk/outcome", "{\"outcome\": \"legitimate\"}")
                        .status())
                .isEqualTo(200);
        Api.Response wrong = api.post("/api/v1/orders/" + fine + "/risk/outcome", "{\"outcome\": \"maybe\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().path("errors").get(0).path("field").asString()).isEqualTo("outcome");

        List<TrainingExamples.Example> labelled = tenant.call(() -> examples.labelled(tenant.id(), 10));
        assertThat(labelled).hasSize(2);
        assertThat(labelled)
                .filteredOn(example -> example.order().toString().equals(fraud))
                .singleElement()
                .satisfies(example -> {
                    assertThat(example.fraud()).isTrue();
                    assertThat(example.features()).containsKey("customerOrders1h");
                });
        assertThat(labelled)
                .filteredOn(example -> example.order().toString().equals(fine))
                .singleElement()
                .satisfies(example -> assertThat(example.fraud()).isFalse());
    }

    private String place(String document) {
        Api.Response placed = api.post("/api/v1/orders", document);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().path("id").asString();
    }

    private static String order(
            String customer,
            @org.jspecify.annotations.Nullable String device,
            @org.jspecify.annotations.Nullable String ip) {
        String attributes = "{" + (device == null ? "" : "\"device\": {\"id\": \"" + device + "\"}")
                + (device != null && ip != null ? ", " : "") + (ip == null ? "" : "\"ip\": \"" + ip + "\"") + "}";
        return """
                {"channel": "web", "externalId": "W-%s", "currency": "CNY",
                 "customer": {"id": "%s", "name": "Test"},
                 "shippingAddress": {"name": "Test", "line1": "人民路 1 号", "city": "上海", "country": "CN"},
                 "lines": [{"sku": "TEA-001", "quantity": 1, "unitPrice": "59.00"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "59.00"},
                 "attributes": %s}
                """.formatted(UUID.randomUUID(), customer, attributes);
    }
}

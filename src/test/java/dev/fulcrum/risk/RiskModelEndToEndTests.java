package dev.fulcrum.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, acceptance 4, end to end on orders placed over the API: the assessments intake stored, labelled with
 * outcomes, train a model that scores the known pattern higher than ordinary orders on later, unseen orders, reports
 * its AUC, and once activated is the {@code modelVersion} of every new assessment.
 *
 * <p>The pattern: an account created ten minutes before the order, and an order of 1,800 (fifteen times an ordinary
 * one). Every fourth order has it and turns out fraud; the others are legitimate, except every thirteenth, a
 * chargeback without the pattern, so the model has noise to see through. Every order has its own customer and
 * address, as unrelated buyers do.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RiskModelEndToEndTests {

    private static final int LABELLED = 120;

    /** Each order goes to an address of its own: no address velocity, only the pattern tells orders apart. */
    private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES =
            new java.util.concurrent.atomic.AtomicInteger(1);

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void aModelLearnedFromLabelledOrdersScoresThePatternHigherOnLaterOrdersAndNamesItsVersion() {
        Api api = new Api(port, TestTenant.create(context).apiKey());
        expect(api.put("/api/v1/locations/WH-LEARN", """
                        {"name": "Learning warehouse", "type": "warehouse", "latitude": 31.2, "longitude": 121.5,
                         "country": "CN", "timeZone": "Asia/Shanghai"}"""), 200);
        expect(
                api.put(
                        "/api/v1/locations/WH-LEARN/stock",
                        "{\"asOf\": \"2026-11-01T00:00:00Z\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 100000}]}"),
                200);

        for (int i = 0; i < LABELLED; i++) {
            boolean pattern = i % 4 == 0;
            String id = place(api, pattern);
            String outcome = pattern ? "fraud" : i % 13 == 0 ? "chargeback" : "legitimate";
            expect(api.post("/api/v1/orders/" + id + "/risk/outcome", "{\"outcome\": \"" + outcome + "\"}"), 200);
        }
        JsonNode before = expect(api.get("/api/v1/orders/" + place(api, true) + "/risk"), 200)
                .json();
        assertThat(before.path("modelVersion").asString()).startsWith("rules");

        expect(api.post("/api/v1/risk/models", "{\"threshold\": 60}"), 202);
        JsonNode model = Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> api.get("/api/v1/risk/models/1").json(),
                        node -> !node.path("status").asString().equals("training"));
        assertThat(model.path("status").asString()).as(model.toString()).isEqualTo("done");
        assertThat(model.path("backtest").path("auc").asDouble())
                .as("AUC on the held-back latest slice of the labelled orders")
                .isGreaterThan(0.8);
        expect(api.post("/api/v1/risk/models/1/activate", null), 200);

        List<Integer> patternScores = new ArrayList<>();
        List<Integer> ordinaryScores = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            for (boolean pattern : new boolean[] {true, false}) {
                JsonNode assessment = expect(api.get("/api/v1/orders/" + place(api, pattern) + "/risk"), 200)
                        .json();
                assertThat(assessment.path("modelVersion").asString()).isEqualTo("learned-1");
                int sum = assessment.path("explanation").path("base").asInt();
                for (JsonNode factor : assessment.path("explanation").path("factors")) {
                    sum += factor.path("contribution").asInt();
                }
                assertThat(sum)
                        .as("base + contributions of " + assessment)
                        .isEqualTo(assessment.path("score").asInt());
                (pattern ? patternScores : ordinaryScores)
                        .add(assessment.path("score").asInt());
            }
        }
        assertThat(patternScores.stream().mapToInt(Integer::intValue).min().orElseThrow())
                .as("every later pattern order (" + patternScores + ") above every ordinary one (" + ordinaryScores
                        + ")")
                .isGreaterThan(ordinaryScores.stream()
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElseThrow());
    }

    private static String place(Api api, boolean pattern) {
        Instant accountCreated = Instant.now().minus(pattern ? Duration.ofMinutes(10) : Duration.ofDays(400));
        String price = pattern ? "900.00" : "59.00";
        String total = pattern ? "1800.00" : "118.00";
        String document = """
                {"channel": "web", "externalId": "W-LEARN-%s", "currency": "CNY",
                 "customer": {"id": "C-%s", "name": "Test"},
                 "shippingAddress": {"name": "Test", "line1": "人民路 %d 号", "city": "上海", "postalCode": "200001",
                   "country": "CN"},
                 "lines": [{"sku": "TEA-001", "quantity": 2, "unitPrice": "%s"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "%s"},
                 "attributes": {"account": {"createdAt": "%s"}}}
                """.formatted(
                UUID.randomUUID(), UUID.randomUUID(), ADDRESSES.getAndIncrement(), price, total, accountCreated);
        return expect(api.post("/api/v1/orders", document), 201)
                .json()
                .path("id")
                .asString();
    }

    private static Api.Response expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}

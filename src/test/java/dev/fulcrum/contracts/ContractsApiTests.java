package dev.fulcrum.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Issue 15, acceptance 1, over HTTP: the contract registry, soft flags and quality, hard rules, and the dry-run gate. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ContractsApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void tenant() {
        api = new Api(port, TestTenant.create(context).apiKey());
    }

    @Test
    void theOrderContractDescribesEachFieldInEnglishAndChinese() {
        JsonNode list = api.get("/api/v1/contracts").json();
        assertThat(list.path("items").toString()).contains("\"name\":\"order\"");

        Api.Response response = api.get("/api/v1/contracts/order");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode contract = response.json();
        assertThat(contract.path("activeVersion").asInt()).isEqualTo(1);
        JsonNode fields = contract.path("active").path("fields");
        assertThat(fields.size()).isGreaterThan(30);
        for (JsonNode field : fields) {
            assertThat(field.path("meaning").path("en").asString())
                    .as(field.toString())
                    .isNotBlank();
            assertThat(field.path("meaning").path("zh").asString())
                    .as(field.toString())
                    .isNotBlank();
            assertThat(field.path("type").asString()).isNotBlank();
            assertThat(field.path("source").asString()).isNotBlank();
            assertThat(field.path("owner").asString()).isNotBlank();
        }
        JsonNode postalCode = field(fields, "shippingAddress.postalCode");
        assertThat(postalCode.path("meaning").path("zh").asString()).contains("邮政编码");
        assertThat(field(fields, "currency").path("required").asBoolean()).isTrue();
        assertThat(field(fields, "lines[].unitPrice").path("unit").asString()).isEqualTo("currency");
        assertThat(contract.path("active").path("rules").toString())
                .contains("placed-at-not-in-future", "\"hard\"", "cn-postal-code-six-digits", "\"soft\"");
        assertThat(contract.path("active").path("freshness").path("objective").asString())
                .isEqualTo("PT60S");
        assertThat(contract.path("active")
                        .path("quality")
                        .path("minimumSoftPassRatio")
                        .asDouble())
                .isEqualTo(0.995);

        JsonNode schema = api.get("/api/v1/contracts/order/schema").json();
        assertThat(schema.path("$schema").asString()).contains("2020-12");
        JsonNode shipping = schema.path("properties").path("shippingAddress");
        assertThat(shipping.path("properties")
                        .path("postalCode")
                        .path("x-description-zh")
                        .asString())
                .contains("邮政编码");
        assertThat(shipping.path("required").toString()).contains("line1", "country");
        assertThat(schema.path("properties")
                        .path("lines")
                        .path("items")
                        .path("properties")
                        .path("sku")
                        .path("type")
                        .asString())
                .isEqualTo("string");
        assertThat(api.get("/api/v1/contracts/nothing-like-this").status()).isEqualTo(404);
    }

    @Test
    void aSoftViolationFlagsTheOrderAndLowersTheQualityFigure() {
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/v1/orders", OrderMother.paidOrder()).status())
                    .isEqualTo(201);
        }
        JsonNode before = api.get("/api/v1/contracts/order/quality?window=PT1H").json();
        assertThat(before.path("checked").asLong()).isEqualTo(3);
        assertThat(before.path("quality").asDouble()).isEqualTo(1.0);
        assertThat(before.path("met").asBoolean()).isTrue();

        Api.Response placed = api.post(
                "/api/v1/orders",
                OrderMother.paidOrder().replace("\"postalCode\": \"200001\"", "\"postalCode\": \"20001\""));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        String id = placed.json().path("id").asString();
        JsonNode order = api.get("/api/v1/orders/" + id).json();
        JsonNode flags = order.path("contractFlags");
        assertThat(flags.size()).as(order.toString()).isEqualTo(1);
        assertThat(flags.get(0).path("rule").asString()).isEqualTo("cn-postal-code-six-digits");
        assertThat(flags.get(0).path("field").asString()).isEqualTo("shippingAddress.postalCode");
        assertThat(flags.get(0).path("message").asString()).contains("6 digits");
        String clean =
                api.get("/api/v1/orders").json().path("items").get(1).path("id").asString();
        assertThat(api.get("/api/v1/orders/" + clean)
                        .json()
                        .path("contractFlags")
                        .size())
                .isZero();

        JsonNode after = api.get("/api/v1/contracts/order/quality?window=PT1H").json();
        assertThat(after.path("checked").asLong()).isEqualTo(4);
        assertThat(after.path("flagged").asLong()).isEqualTo(1);
        assertThat(after.path("quality").asDouble()).isEqualTo(0.75);
        assertThat(after.path("threshold").asDouble()).isEqualTo(0.995);
        assertThat(after.path("met").asBoolean()).isFalse();

        assertThat(api.get("/api/v1/contracts/order/quality?window=P30D").status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/contracts/order/quality?window=soon").body())
                .contains("window");
    }

    @Test
    void aHardRuleRejectsTheOrderWithAProblemNamingTheRule() {
        Api.Response refused = api.post(
                "/api/v1/orders", OrderMother.paidOrder().replace("2026-11-20T10:00:00Z", "2099-01-01T00:00:00Z"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        JsonNode error = refused.json().path("errors").get(0);
        assertThat(error.path("rule").asString()).isEqualTo("placed-at-not-in-future");
        assertThat(error.path("field").asString()).isEqualTo("placedAt");
        assertThat(error.path("reason").asString()).contains("placed-at-not-in-future", "future");
        assertThat(api.get("/api/v1/orders").json().path("items")).isEmpty();
    }

    @Test
    void theChannelPathQuarantinesAPayloadBreakingAHardRuleNamingTheRule() {
        Api.Response created = api.post(
                "/api/v1/channels/connections",
                Api.json(Map.of("type", "generic", "name", "Shop " + UUID.randomUUID(), "mapping", """
                        {"externalId": $string(ref), "currency": "CNY", "placedAt": at,
                         "customer": {"name": buyer}, "shippingAddress": {"name": buyer, "line1": "人民路 1 号",
                         "city": "上海", "postalCode": "200001", "country": "CN"},
                         "lines": [{"sku": "TEA-1", "quantity": 1, "unitPrice": "10.00"}]}""")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String base =
                "/api/v1/channels/connections/" + created.json().path("id").asString();

        Api.Response received =
                api.post(base + "/orders", "{\"ref\": \"F-1\", \"buyer\": \"王芳\", \"at\": \"2099-01-01T00:00:00Z\"}");
        assertThat(received.status()).as(received.toString()).isEqualTo(202);
        JsonNode entry = api.get("/api/v1/quarantine").json().path("items").get(0);
        assertThat(entry.path("reasons").toString()).contains("placed-at-not-in-future", "placedAt");

        Api.Response fine =
                api.post(base + "/orders", "{\"ref\": \"F-2\", \"buyer\": \"王芳\", \"at\": \"2026-11-20T10:00:00Z\"}");
        assertThat(fine.status()).as(fine.toString()).isEqualTo(201);
    }

    @Test
    void aStricterVersionIsActivatedOnlyAfterADryRunAndThenRefusesWhatItMust() {
        assertThat(api.post("/api/v1/orders", OrderMother.paidOrder()).status()).isEqualTo(201);
        ObjectNode document =
                (ObjectNode) api.get("/api/v1/contracts/order").json().path("active");
        ArrayNode rules = (ArrayNode) document.path("rules");
        rules.add(JSON.readTree("""
                {"name": "single-unit-lines", "severity": "hard", "field": "lines[].quantity",
                 "expression": "order.lines.all(l, l.quantity <= 1)",
                 "message": {"en": "each line holds one unit", "zh": "每行只能有一件商品"}}"""));

        Api.Response stored = api.put("/api/v1/contracts/order", document.toString());
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        int version = stored.json().path("version").asInt();
        assertThat(version).isEqualTo(2);
        assertThat(stored.json().path("status").asString()).isEqualTo("draft");

        Api.Response gated = api.post("/api/v1/contracts/order/versions/2/activate", null);
        assertThat(gated.status()).as(gated.toString()).isEqualTo(409);
        assertThat(gated.body()).contains("dry-run", "single-unit-lines");

        Api.Response dryRun = api.post("/api/v1/contracts/order/versions/2/dry-run?days=1", null);
        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(200);
        JsonNode result = dryRun.json();
        assertThat(result.path("checked").asInt()).isEqualTo(1);
        assertThat(result.path("refused").asInt()).isEqualTo(1);
        assertThat(result.path("newlyRefused").asInt()).isEqualTo(1);
        assertThat(result.path("examples").get(0).path("violations").toString()).contains("single-unit-lines");
        assertThat(api.post("/api/v1/contracts/order/versions/2/dry-run?days=91", null)
                        .status())
                .isEqualTo(400);

        Api.Response activated = api.post("/api/v1/contracts/order/versions/2/activate", null);
        assertThat(activated.status()).as(activated.toString()).isEqualTo(200);
        assertThat(activated.json().path("activeVersion").asInt()).isEqualTo(2);
        Api.Response refused = api.post("/api/v1/orders", OrderMother.paidOrder());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").get(0).path("rule").asString()).isEqualTo("single-unit-lines");

        assertThat(api.post("/api/v1/contracts/order/versions/1/activate", null)
                        .json()
                        .path("activeVersion")
                        .asInt())
                .isEqualTo(1);
        assertThat(api.post("/api/v1/orders", OrderMother.paidOrder()).status()).isEqualTo(201);
    }

    @Test
    void aNewVersionIsCheckedBeforeItIsStored() {
        ObjectNode document =
                (ObjectNode) api.get("/api/v1/contracts/order").json().path("active");
        ((ArrayNode) document.path("rules")).add(JSON.readTree("""
                {"name": "broken", "severity": "soft", "field": "lines[].colour", "expression": "order.lines.all(",
                 "message": {"en": "broken"}}"""));
        ((ArrayNode) document.path("fields")).add(JSON.readTree("""
                {"path": "lines[].colour", "type": "string", "source": "channel", "owner": "x", "required": false,
                 "meaning": {"en": "colour", "zh": "颜色"}}"""));
        Api.Response refused = api.put("/api/v1/contracts/order", document.toString());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.body())
                .contains("lines[].colour is not a field the code accepts")
                .contains("expression", "does not compile")
                .contains("message.zh");
        assertThat(api.put("/api/v1/contracts/order", "[]").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/contracts/order").json().path("versions").size())
                .isEqualTo(1);
    }

    private static JsonNode field(JsonNode fields, String path) {
        for (JsonNode field : fields) {
            if (field.path("path").asString().equals(path)) {
                return field;
            }
        }
        throw new AssertionError("no field " + path);
    }
}

package dev.fulcrum.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** Orders and rules over the API for the rule tests. */
final class RuleOrders {

    private RuleOrders() {}

    /** Places an order of one line at {@code price}, unpaid or paid; answers its id. */
    static String place(Api api, String price, boolean paid) {
        String payment = paid
                ? ", \"payment\": {\"status\": \"captured\", \"method\": \"alipay\", \"amount\": \"" + price + "\"}"
                : "";
        Api.Response placed =
                api.post("/api/v1/orders", """
                {"channel": "web", "externalId": "W-%s", "currency": "CNY",
                 "customer": {"id": "C-%s", "name": "Test"},
                 "shippingAddress": {"name": "Test", "line1": "人民路 1 号", "city": "上海", "country": "CN"},
                 "lines": [{"sku": "TEA-001", "quantity": 1, "unitPrice": "%s"}]%s}
                """.formatted(UUID.randomUUID(), UUID.randomUUID(), price, payment));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().path("id").asString();
    }

    static void pay(Api api, String orderId) {
        Api.Response paid = api.post("/api/v1/orders/" + orderId + "/pay", null);
        assertThat(paid.status()).as(paid.body()).isEqualTo(200);
    }

    /** Saves the rule as a new draft and activates it; answers the version. */
    static int activate(Api api, String name, String rule) {
        Api.Response saved = api.put("/api/v1/rules/" + name, rule);
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        int version = saved.json().path("version").asInt();
        Api.Response activated = api.post("/api/v1/rules/" + name + "/versions/" + version + "/activate", null);
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        return version;
    }

    static JsonNode order(Api api, String orderId) {
        return api.get("/api/v1/orders/" + orderId).json();
    }

    static List<String> tags(Api api, String orderId) {
        List<String> tags = new ArrayList<>();
        order(api, orderId).path("tags").values().forEach(tag -> tags.add(tag.asString()));
        return tags;
    }

    static List<String> holds(Api api, String orderId) {
        List<String> holds = new ArrayList<>();
        order(api, orderId)
                .path("holds")
                .values()
                .forEach(hold -> holds.add(hold.path("type").asString()));
        return holds;
    }

    /** The runs of a rule, asked again for up to 15 s until they satisfy {@code done}. */
    static JsonNode awaitRuns(Api api, String rule, String query, Predicate<JsonNode> done) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> api.get("/api/v1/rules/" + rule + "/runs" + query)
                                .json()
                                .path("items"),
                        done);
    }
}

package dev.fulcrum.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance 3: a dry-run of a draft over a period of placed orders reports exactly the orders the rule touches once
 * it is activated over the same period ({@code since}), and it changes nothing itself; try shows one order's outcome.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DryRunTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;

    @BeforeEach
    void newTenant() {
        api = new Api(port, TestTenant.create(context).apiKey());
    }

    @Test
    void aDryRunReportsTheOrdersTheRuleLaterTouches() {
        Instant from = Instant.now().minus(Duration.ofMinutes(1));
        String bigPaid = RuleOrders.place(api, "1500.00", true);
        String bigUnpaid = RuleOrders.place(api, "2500.00", false);
        String small = RuleOrders.place(api, "50.00", true);
        Instant to = Instant.now().plus(Duration.ofMinutes(1));

        Api.Response saved = api.put("/api/v1/rules/big", """
                {"trigger": {"event": "order.placed"}, "when": "order.total > 1000.0",
                 "actions": [{"type": "add-tag", "tag": "big"}, {"type": "task", "team": "ops", "title": "check"}]}""");
        assertThat(saved.status()).as(saved.body()).isEqualTo(201);

        Api.Response tried = api.post("/api/v1/rules/big/versions/1/try", "{\"orderId\": \"" + bigPaid + "\"}");
        assertThat(tried.json().path("matched").asBoolean()).as(tried.body()).isTrue();
        assertThat(tried.json().path("actions").get(0).path("type").asString()).isEqualTo("add-tag");
        assertThat(api.post("/api/v1/rules/big/versions/1/try", "{\"orderId\": \"" + small + "\"}")
                        .json()
                        .path("matched")
                        .asBoolean())
                .isFalse();

        Api.Response dryRun = api.post(
                "/api/v1/rules/big/versions/1/dry-run", "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}");
        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        Set<String> predicted = new HashSet<>();
        dryRun.json().path("orders").values().forEach(order -> {
            if (!order.path("actions").isEmpty()) {
                predicted.add(order.path("orderId").asString());
            }
        });
        assertThat(predicted).containsExactlyInAnyOrder(bigPaid, bigUnpaid);
        assertThat(dryRun.json().path("touched").asInt()).isEqualTo(2);
        assertThat(dryRun.json().path("activeTouched").asInt()).isZero();
        assertThat(RuleOrders.tags(api, bigPaid)).doesNotContain("big");
        assertThat(api.get("/api/v1/rules/tasks").json().path("items")).isEmpty();

        Api.Response activated = api.post("/api/v1/rules/big/versions/1/activate", "{\"since\": \"" + from + "\"}");
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        JsonNode runs = RuleOrders.awaitRuns(api, "big", "?status=succeeded", items -> items.size() >= 2);
        Set<String> touched = new HashSet<>();
        runs.values().forEach(run -> touched.add(run.path("orderId").asString()));
        assertThat(touched).isEqualTo(predicted);
        assertThat(RuleOrders.tags(api, bigPaid)).contains("big");
        assertThat(RuleOrders.tags(api, small)).doesNotContain("big");
        assertThat(api.get("/api/v1/rules/tasks?team=ops").json().path("items")).hasSize(2);

        JsonNode again = api.post(
                        "/api/v1/rules/big/versions/1/dry-run", "{\"from\": \"" + from + "\", \"to\": \"" + to + "\"}")
                .json();
        assertThat(again.path("activeTouched").asInt()).isEqualTo(2);
        assertThat(api.post(
                                "/api/v1/rules/big/versions/1/dry-run",
                                "{\"from\": \"" + to + "\", \"to\": \"" + from + "\"}")
                        .status())
                .isEqualTo(400);
    }
}

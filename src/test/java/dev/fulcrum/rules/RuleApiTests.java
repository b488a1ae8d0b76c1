package dev.fulcrum.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Rules over HTTP: versions and validation, a hold rule acting after payment (acceptance 1, rule half), a rule that
 * would trigger itself refused, and a failing action retried then failed with the order unchanged (acceptance 5).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RuleApiTests {

    static final String BIG_ORDERS_HOLD = """
            {"description": "paid orders over 5,000 need a look",
             "trigger": {"event": "order.paid"}, "when": "order.total > 5000",
             "actions": [{"type": "hold", "hold": "manual", "reason": "over 5,000"}]}""";

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
    void aHoldRuleHoldsAPaidOrderOverFiveThousandWithTheRuleOnTheTimeline() {
        int version = RuleOrders.activate(api, "big-orders", BIG_ORDERS_HOLD);
        String big = RuleOrders.place(api, "6000.00", false);
        String small = RuleOrders.place(api, "100.00", false);
        RuleOrders.pay(api, big);
        RuleOrders.pay(api, small);

        JsonNode runs = RuleOrders.awaitRuns(api, "big-orders", "?status=succeeded", items -> items.size() == 1);
        assertThat(runs.get(0).path("orderId").asString()).isEqualTo(big);
        assertThat(runs.get(0).path("eventType").asString()).isEqualTo("order.paid");
        assertThat(RuleOrders.holds(api, big)).contains("manual");
        assertThat(RuleOrders.holds(api, small)).doesNotContain("manual");

        JsonNode entries = api.get("/api/v1/orders/" + big + "/timeline").json().path("entries");
        List<String> byRule = new ArrayList<>();
        entries.values().forEach(entry -> {
            if (entry.path("actor").asString().equals("rule:big-orders@" + version)) {
                byRule.add(entry.path("action").asString());
            }
        });
        assertThat(byRule).containsExactly("order.held");
        // Once per (rule version, event): later rounds add no run.
        Awaitility.await()
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(
                                api.get("/api/v1/rules/big-orders/runs").json().path("items"))
                        .hasSize(1));
    }

    @Test
    void versionsAreKeptListedAndDiffed() {
        assertThat(api.put("/api/v1/rules/vip", """
                        {"trigger": {"event": "order.placed"}, "when": "order.total > 100.0",
                         "actions": [{"type": "add-tag", "tag": "big"}]}""").status()).isEqualTo(201);
        Api.Response second = api.put("/api/v1/rules/vip", """
                {"trigger": {"event": "order.placed"}, "when": "order.total > 200.0", "priority": 5,
                 "actions": [{"type": "add-tag", "tag": "big"}]}""");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().path("version").asInt()).isEqualTo(2);
        assertThat(second.json().path("status").asString()).isEqualTo("draft");

        assertThat(api.post("/api/v1/rules/vip/versions/1/activate", null).status())
                .isEqualTo(200);
        JsonNode item = api.get("/api/v1/rules").json().path("items").get(0);
        assertThat(item.path("name").asString()).isEqualTo("vip");
        assertThat(item.path("activeVersion").asInt()).isEqualTo(1);
        assertThat(item.path("latestVersion").asInt()).isEqualTo(2);
        assertThat(item.path("status").asString()).isEqualTo("active");

        assertThat(api.post("/api/v1/rules/vip/versions/2/activate", null).status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/rules/vip/versions/1/activate", null).status())
                .isEqualTo(200);
        JsonNode rule = api.get("/api/v1/rules/vip").json();
        assertThat(rule.path("activeVersion").asInt()).isEqualTo(1);
        assertThat(rule.path("versions").get(0).path("status").asString()).isEqualTo("retired");
        assertThat(rule.path("versions").get(0).path("createdBy").asString()).isEqualTo("key:test key");

        JsonNode changes = api.get("/api/v1/rules/vip/versions/1/diff/2").json().path("changes");
        List<String> paths = new ArrayList<>();
        changes.values().forEach(change -> paths.add(change.path("path").asString()));
        assertThat(paths).containsExactlyInAnyOrder("when", "priority");
        assertThat(api.get("/api/v1/rules/fields").json().path("fields").toString())
                .contains("order.total");
    }

    @Test
    void aCelErrorIsRefusedWithItsLineAndColumnAndValidateExplainsIt() {
        String broken = """
                {"trigger": {"event": "order.paid"}, "when": "order.total >",
                 "actions": [{"type": "add-tag", "tag": "x"}]}""";
        Api.Response refused = api.put("/api/v1/rules/broken", broken);
        assertThat(refused.status()).isEqualTo(400);
        JsonNode error = refused.json().path("errors").get(0);
        assertThat(error.path("field").asString()).isEqualTo("when");
        assertThat(error.path("line").asInt()).isEqualTo(1);
        assertThat(error.path("column").asInt()).isPositive();

        Api.Response checked = api.post("/api/v1/rules/validate", broken);
        assertThat(checked.status()).isEqualTo(200);
        assertThat(checked.json().path("valid").asBoolean()).isFalse();
        assertThat(checked.json().path("errors").get(0).path("field").asString())
                .isEqualTo("when");
        assertThat(api.post("/api/v1/rules/validate", BIG_ORDERS_HOLD)
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
        assertThat(api.put("/api/v1/rules/broken", "{\"trigger\": {\"event\": \"order.nope\"}, \"actions\": []}")
                        .json()
                        .path("errors")
                        .toString())
                .contains("trigger.event", "actions");
    }

    @Test
    void aRuleWhoseActionWouldTriggerItselfIsRefusedNamingTheAction() {
        Api.Response refused = api.put("/api/v1/rules/loop", """
                {"trigger": {"event": "order.held"},
                 "actions": [{"type": "add-tag", "tag": "seen"}, {"type": "hold", "hold": "manual"}]}""");
        assertThat(refused.status()).isEqualTo(400);
        JsonNode error = refused.json().path("errors").get(0);
        assertThat(error.path("field").asString()).isEqualTo("actions[1]");
        assertThat(error.path("reason").asString()).contains("order.held", "trigger itself");

        Api.Response tagLoop = api.put("/api/v1/rules/loop", """
                {"trigger": {"event": "order.updated"}, "actions": [{"type": "add-tag", "tag": "seen"}]}""");
        assertThat(tagLoop.status()).isEqualTo(400);
        assertThat(tagLoop.json().path("errors").get(0).path("field").asString())
                .isEqualTo("actions[0]");
    }

    @Test
    void aFailingActionIsRetriedThenShownAsFailedAndTheOrderIsNotHalfChanged() {
        RuleOrders.activate(api, "half", """
                {"trigger": {"event": "order.paid"},
                 "actions": [{"type": "add-tag", "tag": "touched"},
                             {"type": "hold", "hold": "manual", "reason": "first"},
                             {"type": "flow-action", "action": "no_such_action"}]}""");
        String order = RuleOrders.place(api, "80.00", false);
        RuleOrders.pay(api, order);

        JsonNode failed = RuleOrders.awaitRuns(api, "half", "?status=failed", items -> items.size() == 1);
        assertThat(failed.get(0).path("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get(0).path("lastError").asString()).contains("no_such_action");
        assertThat(failed.get(0).path("orderId").asString()).isEqualTo(order);
        assertThat(RuleOrders.tags(api, order)).doesNotContain("touched");
        assertThat(RuleOrders.holds(api, order)).doesNotContain("manual");
        assertThat(api.get("/api/v1/rules/half/runs?status=bogus").status()).isEqualTo(400);
    }

    @Test
    void anApprovalRuleHoldsTheOrderForApprovalOnceApprovalsAreInstalled() {
        boolean approvals = context.getBeanNamesForType(dev.fulcrum.approvals.ApprovalRequests.class).length > 0;
        RuleOrders.activate(api, "finance", """
                {"description": "paid orders over 5,000 need finance approval",
                 "trigger": {"event": "order.paid"}, "when": "order.total > 5000",
                 "actions": [{"type": "approval", "chain": [{"role": "finance"}]}]}""");
        String order = RuleOrders.place(api, "7000.00", false);
        RuleOrders.pay(api, order);
        if (!approvals) {
            // Without the approvals module the action fails with a clear reason, and the order is left as it was.
            JsonNode failed = RuleOrders.awaitRuns(api, "finance", "?status=failed", items -> items.size() == 1);
            assertThat(failed.get(0).path("lastError").asString()).contains("approvals are not available");
            System.out.println(
                    "Skipped the approval half of anApprovalRuleHoldsTheOrderForApprovalOnceApprovalsAreInstalled:"
                            + " no ApprovalRequests bean (the approvals module is not in this build)");
            return;
        }
        RuleOrders.awaitRuns(api, "finance", "?status=succeeded", items -> items.size() == 1);
        assertThat(RuleOrders.holds(api, order)).contains("approval");
        JsonNode entries =
                api.get("/api/v1/orders/" + order + "/timeline").json().path("entries");
        List<String> actors = new ArrayList<>();
        entries.values().forEach(entry -> actors.add(entry.path("actor").asString()));
        assertThat(actors).contains("rule:finance@1");
    }
}

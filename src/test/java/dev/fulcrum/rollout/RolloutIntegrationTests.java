package dev.fulcrum.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.util.ArrayList;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Acceptance 4 of issue 14 over HTTP against the running application: a canary governs its share of new orders and
 * always the same ones, a guard breach rolls back automatically and publishes the event, and rollback re-activates
 * the previous version of a flow and of a sourcing profile.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"fulcrum.rollouts.guard-interval=PT1S", "fulcrum.rollouts.guard-initial-delay=PT1S"})
class RolloutIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    Rollouts rollouts;

    @Autowired
    JdbcClient jdbc;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
    }

    /** Stores the standard flow with a start entry (effects) as a draft version; answers its version. */
    private int draftStandardFlow(String effects) {
        ObjectNode flow = (ObjectNode) api.get("/api/v1/flows/shipped/standard").json();
        flow.set("start", JSON.readTree("[{\"state\": \"paid\", \"effects\": " + effects + "}]"));
        Api.Response drafted = api.put("/api/v1/flows/standard?activate=false", flow.toString());
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(200);
        return drafted.json().path("version").asInt();
    }

    private JsonNode placeOrder() {
        Api.Response placed = api.post("/api/v1/orders", OrderMother.paidOrder("R-" + UUID.randomUUID()));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json();
    }

    @Test
    void aCanaryAtThirtyPercentGovernsItsShareOfNewOrdersAndAlwaysTheSameOnes() {
        int candidate = draftStandardFlow("[{\"type\": \"addTag\", \"value\": \"canary\"}]");
        assertThat(candidate).isEqualTo(2);
        Api.Response started = api.post("/api/v1/flows/standard/versions/2/rollout", "{\"percent\": 30}");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().path("status").asString()).isEqualTo("running");

        // 1,000 new order ids through the bean every module asks: 30 % ± 5 %, the same answer every time.
        List<OrderId> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(new OrderId(Ids.timeOrdered()));
        }
        List<Integer> seen = ids.stream()
                .map(id -> rollouts.versionFor(tenant.id(), "flow", "standard", id, 1))
                .toList();
        assertThat(seen.stream().filter(version -> version == 2).count()).isBetween(250L, 350L);
        assertThat(ids.stream()
                        .map(id -> rollouts.versionFor(tenant.id(), "flow", "standard", id, 1))
                        .toList())
                .isEqualTo(seen);

        // Orders placed over the API run on the version their id's bucket gives.
        int onCanary = 0;
        for (int i = 0; i < 30; i++) {
            JsonNode order = placeOrder();
            OrderId id = new OrderId(UUID.fromString(order.path("id").asString()));
            int expected = Rollouts.bucket(id) < 30 ? 2 : 1;
            assertThat(order.path("flow").path("version").asInt())
                    .as("order %s in bucket %d", id, Rollouts.bucket(id))
                    .isEqualTo(expected);
            assertThat(order.path("tags").toString().contains("canary")).isEqualTo(expected == 2);
            onCanary += expected == 2 ? 1 : 0;
        }
        assertThat(onCanary).isPositive();

        // Activating the version completes the rollout: every new order sees it.
        assertThat(api.post("/api/v1/flows/standard/versions/2/activate", null).status())
                .isEqualTo(200);
        JsonNode ended = api.get("/api/v1/rollouts?kind=flow&name=standard").json();
        assertThat(ended.path("current").size()).isZero();
        assertThat(ended.path("history").get(0).path("outcome").asString()).isEqualTo("completed");
        assertThat(placeOrder().path("flow").path("version").asInt()).isEqualTo(2);
    }

    @Test
    void theSqlBucketExpressionAgreesWithTheJavaOne() {
        for (int i = 0; i < 200; i++) {
            UUID id = Ids.timeOrdered();
            Integer inSql = jdbc.sql(
                            "select (('x' || right(replace(?::text, '-', ''), 8))::bit(32)::bigint % 100)::int")
                    .param(id.toString())
                    .query(Integer.class)
                    .single();
            assertThat(inSql).isEqualTo(Rollouts.bucket(new OrderId(id)));
        }
    }

    @Test
    void aGuardBreachRollsTheCanaryBackAutomaticallyAndPublishesTheEvent() {
        draftStandardFlow("[{\"type\": \"hold\", \"name\": \"manual\", \"reason\": \"held by the canary\"}]");
        Api.Response started = api.post("/api/v1/flows/standard/versions/2/rollout", """
                {"percent": 50, "guard": {"metric": "hold-rate", "max": 0.2, "window": "PT15M", "minOrders": 3}}""");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        int held = 0;
        for (int i = 0; i < 60 && held < 4; i++) {
            JsonNode order = placeOrder();
            if (order.path("flow").path("version").asInt() == 2) {
                assertThat(order.path("holds").toString()).contains("manual");
                held++;
            }
        }
        assertThat(held).isGreaterThanOrEqualTo(3);

        JsonNode rolledBack = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/api/v1/rollouts?kind=flow&name=standard")
                                .json(),
                        answer -> answer.path("history").size() == 1);
        JsonNode rollout = rolledBack.path("history").get(0);
        assertThat(rollout.path("outcome").asString()).isEqualTo("rolled-back");
        assertThat(rollout.path("endedBy").asString()).isEqualTo("system:rollout-guard");
        assertThat(rollout.path("breach").path("metric").asString()).isEqualTo("hold-rate");
        assertThat(rollout.path("breach").path("canary").asDouble()).isEqualTo(1.0);
        assertThat(rollout.path("series").path("points").size()).isPositive();

        JsonNode events = api.awaitEvents("type=flow.rolled-back", 1);
        JsonNode data = events.get(0).path("data");
        assertThat(data.path("name").asString()).isEqualTo("standard");
        assertThat(data.path("fromVersion").asInt()).isEqualTo(2);
        assertThat(data.path("toVersion").asInt()).isEqualTo(1);
        assertThat(data.path("automatic").asBoolean()).isTrue();

        // Another instance's view of the rollout is refreshed within fulcrum.rollouts.active-recheck; allow that bound.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> placeOrder().path("flow").path("version").asInt() == 1);
        for (int i = 0; i < 10; i++) {
            assertThat(placeOrder().path("flow").path("version").asInt()).isEqualTo(1);
        }
    }

    @Test
    void rollbackReactivatesThePreviousVersionOfAFlow() {
        assertThat(placeOrder().path("flow").path("version").asInt()).isEqualTo(1);
        ObjectNode flow = (ObjectNode) api.get("/api/v1/flows/shipped/standard").json();
        flow.put("description", "the second version");
        assertThat(api.put("/api/v1/flows/standard", flow.toString())
                        .json()
                        .path("version")
                        .asInt())
                .isEqualTo(2);
        assertThat(placeOrder().path("flow").path("version").asInt()).isEqualTo(2);

        Api.Response rolledBack = api.post("/api/v1/flows/standard/rollback", "{\"reason\": \"carrier trouble\"}");
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.json().path("outcome").asString()).isEqualTo("rolled-back-by-hand");
        assertThat(placeOrder().path("flow").path("version").asInt()).isEqualTo(1);

        JsonNode versions = api.get("/api/v1/flows/standard/versions").json();
        assertThat(versions.get(0).path("active").asBoolean()).isTrue();
        assertThat(versions.get(1).path("active").asBoolean()).isFalse();
        assertThat(versions.get(0).path("activatedBy").asString()).isNotBlank();
        JsonNode diff = api.get("/api/v1/flows/standard/versions/1/diff/2").json();
        assertThat(diff.path("changes").toString()).contains("/description").contains("the second version");
        assertThat(api.awaitEvents("type=flow.rolled-back", 1)
                        .get(0)
                        .path("data")
                        .path("reason")
                        .asString())
                .isEqualTo("carrier trouble");

        Api.Response nothingBefore = api.post("/api/v1/flows/standard/rollback", null);
        assertThat(nothingBefore.status()).isEqualTo(409);
    }

    @Test
    void rollbackReactivatesTheRetiredPreviousVersionOfASourcingProfile() {
        assertThat(api.get("/api/v1/sourcing/profiles").status()).isEqualTo(200);
        Api.Response drafted = api.put("/api/v1/sourcing/profiles/default", """
                {"strategies": [{"name": "default", "objective": "cost-first"}], "fallback": "backorder"}""");
        assertThat(drafted.status()).as(drafted.body()).isEqualTo(200);
        assertThat(drafted.json().path("version").asInt()).isEqualTo(2);
        assertThat(api.post("/api/v1/sourcing/profiles/default/versions/2/activate", null)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("active");
        assertThat(api.get("/api/v1/sourcing/profiles/default/versions/1")
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("retired");

        Api.Response rolledBack = api.post("/api/v1/sourcing/profiles/default/rollback", null);
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.json().path("version").asInt()).isEqualTo(2);
        assertThat(rolledBack.json().path("previousVersion").asInt()).isEqualTo(1);

        JsonNode versions =
                api.get("/api/v1/sourcing/profiles/default/versions").json();
        assertThat(versions.get(0).path("status").asString()).isEqualTo("active");
        assertThat(versions.get(1).path("status").asString()).isEqualTo("retired");
        assertThat(api.get("/api/v1/sourcing/profiles/default/versions/1/diff/2")
                        .json()
                        .path("changes")
                        .toString())
                .contains("cost-first");
        JsonNode event =
                api.awaitEvents("type=sourcing-profile.rolled-back", 1).get(0).path("data");
        assertThat(event.path("toVersion").asInt()).isEqualTo(1);
        assertThat(event.path("automatic").asBoolean()).isFalse();

        // A running canary of the profile is what rollback ends first: the active version stays.
        Api.Response canary = api.post("/api/v1/sourcing/profiles/default/versions/2/rollout", "{\"percent\": 10}");
        assertThat(canary.status()).as(canary.body()).isEqualTo(200);
        assertThat(rollouts.canary(tenant.id(), "sourcing-profile", "default")).isPresent();
        assertThat(api.post("/api/v1/sourcing/profiles/default/rollback", null)
                        .json()
                        .path("outcome")
                        .asString())
                .isEqualTo("rolled-back-by-hand");
        assertThat(rollouts.canary(tenant.id(), "sourcing-profile", "default")).isEmpty();
        assertThat(api.get("/api/v1/sourcing/profiles/default/versions/1")
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("active");
    }

    @Test
    void badRolloutRequestsAreProblemsNamingTheField() {
        draftStandardFlow("[]");
        Api.Response noShare = api.post("/api/v1/flows/standard/versions/2/rollout", "{\"percent\": 0}");
        assertThat(noShare.status()).isEqualTo(400);
        assertThat(noShare.body()).contains("percent");
        Api.Response badGuard = api.post("/api/v1/flows/standard/versions/2/rollout", """
                {"percent": 10, "guard": {"metric": "happiness", "max": -1, "window": "15 minutes"}}""");
        assertThat(badGuard.status()).isEqualTo(400);
        assertThat(badGuard.body())
                .contains("guard.metric")
                .contains("guard.max")
                .contains("guard.window");
        assertThat(api.post("/api/v1/flows/standard/versions/9/rollout", "{\"percent\": 10}")
                        .status())
                .isEqualTo(404);
        Api.Response active = api.post("/api/v1/flows/standard/versions/1/rollout", "{\"percent\": 10}");
        assertThat(active.status()).isEqualTo(409);
        assertThat(api.get("/api/v1/rollouts?kind=flows").status()).isEqualTo(400);
        assertThat(api.post("/api/v1/flows/standard/versions/2/rollout", "[1]").status())
                .isEqualTo(400);
    }
}

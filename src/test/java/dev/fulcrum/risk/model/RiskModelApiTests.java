package dev.fulcrum.risk.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The learned score over HTTP on the embedded PostgreSQL (acceptance 4 of issue 13): a model trained from labelled
 * orders with a known pattern ({@link KnownPatternOrders}) reports its AUC, and activating it changes the
 * {@code modelVersion} that {@link LearnedScores} answers with. The labelled orders come from a test-only
 * {@link TrainingExamples}, per tenant.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "fulcrum.risk.model.max-examples=5000")
class RiskModelApiTests {

    /** Labelled examples per tenant, set by each test. */
    static final Map<TenantId, List<TrainingExamples.Example>> LABELLED = new ConcurrentHashMap<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class LabelledOrders {

        @Bean
        @Primary
        TrainingExamples labelledOrdersForTests() {
            return (tenant, limit) -> {
                List<TrainingExamples.Example> examples = LABELLED.getOrDefault(tenant, List.of());
                return examples.subList(0, Math.min(limit, examples.size()));
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    LearnedScores learnedScores;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
    }

    @Test
    void aModelTrainedOnLabelledOrdersReportsItsAucAndActivatingItChangesTheModelVersion() {
        LABELLED.put(tenant.id(), KnownPatternOrders.generate(31, 3000, KnownPatternOrders.START));
        assertThat(learnedScores.score(tenant.id(), KnownPatternOrders.patternOrder()))
                .as("no model yet")
                .isEmpty();

        Api.Response started = api.post("/api/v1/risk/models", "{\"threshold\": 60}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().path("version").asInt()).isEqualTo(1);
        assertThat(started.json().path("status").asString()).isEqualTo("training");
        assertThat(started.json().path("phase").asString()).isEqualTo("loaded");
        assertThat(started.json().path("progress").asDouble()).isEqualTo(0.1);
        assertThat(started.json().path("examples").path("total").asInt()).isEqualTo(3000);
        assertThat(started.json().path("examples").path("heldBack").asInt()).isEqualTo(600);
        assertThat(started.json().path("examples").path("cap").asInt()).isEqualTo(5000);

        JsonNode first = awaitDone(1);
        assertThat(first.path("backtest").path("auc").asDouble()).isGreaterThan(0.8);
        assertThat(first.path("backtest").path("examples").asInt()).isEqualTo(600);
        assertThat(first.path("backtest").path("threshold").asDouble()).isEqualTo(60.0);
        assertThat(first.path("backtest").path("recall").isNumber()).isTrue();
        assertThat(first.path("features").size()).isEqualTo(5);
        assertThat(first.path("active").asBoolean()).isFalse();
        assertThat(learnedScores.score(tenant.id(), KnownPatternOrders.patternOrder()))
                .as("trained is not active")
                .isEmpty();

        Api.Response activated = api.post("/api/v1/risk/models/1/activate", null);
        assertThat(activated.status()).as(activated.body()).isEqualTo(200);
        assertThat(activated.json().path("active").asBoolean()).isTrue();
        LearnedScores.Scored pattern = learnedScores
                .score(tenant.id(), KnownPatternOrders.patternOrder())
                .orElseThrow();
        LearnedScores.Scored ordinary = learnedScores
                .score(tenant.id(), KnownPatternOrders.ordinaryOrder())
                .orElseThrow();
        assertThat(pattern.modelVersion()).isEqualTo("learned-1");
        assertThat(pattern.probability()).isGreaterThan(ordinary.probability());

        LABELLED.put(tenant.id(), KnownPatternOrders.generate(32, 4000, KnownPatternOrders.START));
        assertThat(api.post("/api/v1/risk/models", null).status()).isEqualTo(202);
        JsonNode second = awaitDone(2);
        assertThat(second.path("examples").path("total").asInt()).isEqualTo(4000);
        assertThat(learnedScores
                        .score(tenant.id(), KnownPatternOrders.patternOrder())
                        .orElseThrow()
                        .modelVersion())
                .as("a new model is not used before it is activated")
                .isEqualTo("learned-1");
        assertThat(api.post("/api/v1/risk/models/learned-2/activate", null).status())
                .isEqualTo(200);
        assertThat(learnedScores
                        .score(tenant.id(), KnownPatternOrders.patternOrder())
                        .orElseThrow()
                        .modelVersion())
                .isEqualTo("learned-2");

        JsonNode list = api.get("/api/v1/risk/models").json();
        assertThat(list.path("items").size()).isEqualTo(2);
        assertThat(list.path("items").get(0).path("modelVersion").asString()).isEqualTo("learned-2");
        assertThat(list.path("items").get(0).path("active").asBoolean()).isTrue();
        assertThat(list.path("items").get(1).path("active").asBoolean()).isFalse();
        assertThat(list.path("items").get(1).path("features").isNull()).isTrue();
        assertThat(api.get("/api/v1/risk/models?limit=1")
                        .json()
                        .path("nextBefore")
                        .asInt())
                .isEqualTo(2);
        assertThat(api.get("/api/v1/risk/models?limit=1&before=2")
                        .json()
                        .path("items")
                        .get(0)
                        .path("version")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void refusesWhatCannotMakeAModelWithTheReason() {
        LABELLED.put(
                tenant.id(),
                KnownPatternOrders.generate(33, 300, KnownPatternOrders.START).stream()
                        .map(example -> new TrainingExamples.Example(
                                example.order(), example.assessedAt(), example.features(), false))
                        .toList());
        Api.Response oneClass = api.post("/api/v1/risk/models", null);
        assertThat(oneClass.status()).as(oneClass.body()).isEqualTo(422);
        assertThat(oneClass.json().path("type").asString()).endsWith("/one-class");
        assertThat(oneClass.json().path("detail").asString()).contains("all 300 labelled examples are legitimate");

        LABELLED.put(tenant.id(), KnownPatternOrders.generate(36, 5001, KnownPatternOrders.START));
        Api.Response tooMany = api.post("/api/v1/risk/models", null);
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.json().path("type").asString()).endsWith("/too-many-examples");
        assertThat(tooMany.json().path("detail").asString())
                .contains("at most 5000 labelled examples per training run, got 5001");

        LABELLED.put(tenant.id(), KnownPatternOrders.generate(34, 40, KnownPatternOrders.START));
        Api.Response tooFew = api.post("/api/v1/risk/models", null);
        assertThat(tooFew.status()).isEqualTo(422);
        assertThat(tooFew.json().path("type").asString()).endsWith("/not-enough-examples");

        Api.Response badBody = api.post("/api/v1/risk/models", "{\"threshold\": 150, \"heldBackPercent\": 90}");
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(badBody.json().path("errors").findValuesAsString("field"))
                .containsExactlyInAnyOrder("threshold", "heldBackPercent");
        assertThat(api.get("/api/v1/risk/models?limit=501").status()).isEqualTo(400);
        JsonNode listing = api.get("/v3/api-docs").json().path("paths").path("/api/v1/risk/models");
        assertThat(listing.path("get").path("parameters").findValues("maximum"))
                .as("the page size states its maximum")
                .extracting(JsonNode::asInt)
                .containsExactly(500);
        assertThat(listing.path("post").path("description").asString()).contains("50,000");
        assertThat(api.get("/api/v1/risk/models").json().path("items").size())
                .as("nothing was stored")
                .isZero();
    }

    @Test
    void onlyADoneModelCanBeActivated() {
        assertThat(api.post("/api/v1/risk/models/7/activate", null).status()).isEqualTo(404);
        Api.Response notAVersion = api.post("/api/v1/risk/models/seven/activate", null);
        assertThat(notAVersion.status()).isEqualTo(400);
        assertThat(notAVersion.json().path("errors").get(0).path("field").asString())
                .isEqualTo("version");

        insertRun(1, "failed");
        Api.Response failed = api.post("/api/v1/risk/models/1/activate", null);
        assertThat(failed.status()).isEqualTo(409);
        assertThat(failed.json().path("type").asString()).endsWith("/model-not-done");
        assertThat(learnedScores.score(tenant.id(), KnownPatternOrders.patternOrder()))
                .isEmpty();
    }

    @Test
    void aRunGoingBlocksAnotherUntilItStallsAndIsThenShownFailed() {
        LABELLED.put(tenant.id(), KnownPatternOrders.generate(35, 500, KnownPatternOrders.START));
        insertRun(1, "training");
        Api.Response blocked = api.post("/api/v1/risk/models", null);
        assertThat(blocked.status()).as(blocked.body()).isEqualTo(409);
        assertThat(blocked.json().path("type").asString()).endsWith("/training-in-progress");

        // Its instance went away: no progress for longer than the stall timeout (10 minutes).
        RequestContext.runAs(
                tenant.id(),
                "test",
                () -> new TransactionTemplate(transactions)
                        .execute(status -> jdbc.sql("update risk_models set updated_at = now() - interval '11 minutes'"
                                        + " where tenant_id = ? and version = 1")
                                .params(tenant.id().value())
                                .update()));
        JsonNode stalled = api.get("/api/v1/risk/models/1").json();
        assertThat(stalled.path("status").asString()).isEqualTo("failed");
        assertThat(stalled.path("error").asString()).contains("the instance running it stopped");
        assertThat(api.post("/api/v1/risk/models/1/activate", null).status()).isEqualTo(409);

        Api.Response next = api.post("/api/v1/risk/models", null);
        assertThat(next.status()).as(next.body()).isEqualTo(202);
        assertThat(next.json().path("version").asInt()).isEqualTo(2);
        awaitDone(2);
    }

    private void insertRun(int version, String status) {
        RequestContext.runAs(
                tenant.id(),
                "test",
                () -> new TransactionTemplate(transactions)
                        .execute(transaction -> jdbc.sql("""
                        insert into risk_models (tenant_id, version, status, phase, progress, created_at, created_by,
                            updated_at, examples, training_examples, held_back_examples, held_back_percent,
                            fraud_examples, threshold, error)
                        values (?, ?, ?, ?, 0.3, now(), 'test', now(), 100, 80, 20, 20, 10, 60, ?)""")
                                .params(
                                        tenant.id().value(),
                                        version,
                                        status,
                                        status.equals("failed") ? "failed" : "training",
                                        status.equals("failed") ? "boom" : null)
                                .update()));
    }

    private JsonNode awaitDone(int version) {
        JsonNode model = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/api/v1/risk/models/" + version).json(),
                        node -> !node.path("status").asString().equals("training"));
        assertThat(model.path("status").asString()).as(model.toString()).isEqualTo("done");
        assertThat(model.path("progress").asDouble()).isEqualTo(1.0);
        return model;
    }
}

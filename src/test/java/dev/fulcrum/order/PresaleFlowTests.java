package dev.fulcrum.order;

import static dev.fulcrum.order.FlowFixtures.allocated;
import static dev.fulcrum.order.FlowFixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestClock;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** The presale flow over the API: deposit, balance due by a deadline, forfeit on cancel, then sourcing as usual. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PresaleFlowTests {

    private static final String PRESALE = "{\"presale\": true}";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    TestClock clock;

    @Autowired
    FlowDeadlines deadlines;

    Api api;
    TestTenant tenant;
    FlowFixtures fixtures;

    @BeforeEach
    void presaleTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        fixtures = new FlowFixtures(api);
        fixtures.warehouseWithTea(10);
        assertThat(fixtures.publishShipped("presale")).isEqualTo(1);
    }

    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    private long pendingDeadlines(String id) {
        return tenant
                .call(() -> deadlines.of(dev.fulcrum.shared.OrderId.parse(id).orElseThrow()))
                .stream()
                .filter(deadline -> deadline.firedAt() == null)
                .count();
    }

    @Test
    void aDepositOrderWaitsInBalanceDueThenPayingTheBalanceSourcesAndShipsItAsUsual() {
        JsonNode placed = fixtures.place("web", "30.00", PRESALE);
        String id = placed.path("id").asString();
        assertThat(placed.path("flow").path("name").asString()).isEqualTo("presale");
        assertThat(placed.path("flow").path("state").asString()).isEqualTo("balance_due");
        assertThat(placed.path("statusCode").asInt()).isZero();
        assertThat(placed.path("status").asString()).isEqualTo("pending_payment");
        assertThat(placed.path("holds").get(0).path("type").asString()).isEqualTo("balance");
        assertThat(placed.path("attributes").path("deposit").asString()).isEqualTo("30.00");
        assertThat(allocated(fixtures.order(id))).isZero();
        assertThat(fixtures.availableTea()).isEqualTo(10);
        assertThat(pendingDeadlines(id)).isEqualTo(1);

        Api.Response early = api.post("/api/v1/orders/" + id + "/ship", null);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.json().path("detail").asString())
                .contains("balance due")
                .contains("presale v1");
        assertThat(api.post("/api/v1/orders/" + id + "/actions/teleport", null).status())
                .isEqualTo(404);

        JsonNode paid = expect(
                        api.post("/api/v1/orders/" + id + "/actions/pay_balance", "{\"method\": \"alipay\"}"), 200)
                .json();
        assertThat(paid.path("statusCode").asInt()).isEqualTo(1);
        assertThat(paid.path("status").asString()).isEqualTo("paid");
        assertThat(paid.path("flow").has("state")).isFalse();
        assertThat(paid.path("holds").size()).isZero();
        assertThat(paid.path("payment").path("amount").asString()).isEqualTo("113.00");
        assertThat(allocated(fixtures.order(id))).isEqualTo(2);
        assertThat(fixtures.availableTea()).isEqualTo(8);
        assertThat(pendingDeadlines(id)).isZero();

        expect(api.post("/api/v1/orders/" + id + "/ship", null), 200);
        JsonNode delivered = expect(api.post("/api/v1/orders/" + id + "/actions/deliver", null), 200)
                .json();
        assertThat(delivered.path("status").asString()).isEqualTo("completed");
        assertThat(delivered.path("attributes").has("forfeitedDeposit")).isFalse();
    }

    @Test
    void cancellingAfterTheDepositForfeitsItOnTheOrder() {
        String id = fixtures.place("web", "30.00", PRESALE).path("id").asString();

        JsonNode cancelled = expect(
                        api.post("/api/v1/orders/" + id + "/actions/cancel", "{\"reason\": \"changed mind\"}"), 200)
                .json();

        assertThat(cancelled.path("statusCode").asInt()).isEqualTo(4);
        assertThat(cancelled.path("flow").has("state")).isFalse();
        assertThat(cancelled.path("attributes").path("forfeitedDeposit").asString())
                .isEqualTo("30.00");
        assertThat(cancelled.path("tags").toString()).contains("deposit-forfeited");
        assertThat(pendingDeadlines(id)).isZero();
        assertThat(fixtures.order(id)
                        .path("attributes")
                        .path("forfeitedDeposit")
                        .asString())
                .isEqualTo("30.00");
    }

    @Test
    void aBalanceNotPaidByTheDeadlineCancelsTheOrderOnceAndForfeitsTheDeposit() throws Exception {
        String id = fixtures.place("web", "30.00", PRESALE).path("id").asString();
        String paidInTime = fixtures.place("web", "30.00", PRESALE).path("id").asString();
        TestClock.advance(Duration.ofDays(13));
        expect(api.post("/api/v1/orders/" + paidInTime + "/actions/pay_balance", null), 200);
        assertThat(fixtures.availableTea()).isEqualTo(8);

        TestClock.advance(Duration.ofDays(2));
        // Two instances' jobs at once: the deadline fires once.
        List<CompletableFuture<Integer>> jobs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jobs.add(CompletableFuture.supplyAsync(deadlines::fireDue));
        }
        for (CompletableFuture<Integer> job : jobs) {
            job.get();
        }
        deadlines.fireDue();

        JsonNode expired = fixtures.order(id);
        assertThat(expired.path("statusCode").asInt()).isEqualTo(4);
        assertThat(expired.path("tags").toString()).contains("balance-overdue").contains("deposit-forfeited");
        assertThat(expired.path("attributes").path("forfeitedDeposit").asString())
                .isEqualTo("30.00");
        assertThat(expired.path("lines")
                        .get(0)
                        .path("quantities")
                        .path("cancelled")
                        .asInt())
                .isEqualTo(2);
        JsonNode timeline =
                expect(api.get("/api/v1/orders/" + id + "/timeline"), 200).json();
        List<String> expiries = new ArrayList<>();
        timeline.path("entries").forEach(entry -> {
            if (entry.path("action").asString().equals("order.expire")) {
                expiries.add(entry.path("actor").asString());
            }
        });
        assertThat(expiries).containsExactly("system:flow-deadline");
        JsonNode fired = expect(api.get("/api/v1/orders/" + id + "/deadlines"), 200)
                .json()
                .path("deadlines")
                .get(0);
        assertThat(fired.path("action").asString()).isEqualTo("expire");
        assertThat(fired.path("outcome").asString()).isEqualTo("fired");
        assertThat(fired.path("firedAt").asString()).isNotEmpty();
        assertThat(fixtures.order(paidInTime).path("status").asString()).isEqualTo("paid");
        assertThat(fixtures.availableTea()).isEqualTo(8);
    }

    @Test
    void aDeadlineThatCancelsReleasesTheStockReservedForTheOrder() {
        // Unlike presale, this flow lets the unpaid order reserve stock (sourcing reserves for an order held only
        // for payment), to show that a deadline's cancel releases what the order holds.
        expect(api.put("/api/v1/flows/layaway", """
                {"selector": "has(order.attributes.layaway)",
                 "states": [{"name": "reserved", "statusCode": 0, "deadlines": [{"action": "expire", "after": "PT10M"}]},
                            "pending_payment", "paid", "cancelled"],
                 "start": [{"state": "reserved", "when": "!order.paid"}],
                 "transitions": [{"action": "pay", "from": ["reserved", "pending_payment"], "to": "paid"},
                                 {"action": "expire", "from": ["reserved"], "to": "cancelled", "performs": "cancel"}]}"""), 200);
        String id = fixtures.place("web", "authorized", "30.00", "{\"layaway\": true}")
                .path("id")
                .asString();
        assertThat(fixtures.order(id).path("flow").path("state").asString()).isEqualTo("reserved");
        assertThat(fixtures.availableTea()).isEqualTo(8);

        TestClock.advance(Duration.ofMinutes(11));
        deadlines.fireDue();

        assertThat(fixtures.order(id).path("statusCode").asInt()).isEqualTo(4);
        assertThat(fixtures.availableTea()).isEqualTo(10);
    }

    @Test
    void ordersTheSelectorDoesNotMatchRunTheStandardFlow() {
        JsonNode standard = fixtures.place("web", "113.00", "{\"campaign\": \"double-11\"}");
        assertThat(standard.path("flow").path("name").asString()).isEqualTo("standard");
        assertThat(standard.path("status").asString()).isEqualTo("paid");
        assertThat(allocated(fixtures.order(standard.path("id").asString()))).isEqualTo(2);

        JsonNode fullyPaidPresale = fixtures.place("web", "113.00", PRESALE);
        assertThat(fullyPaidPresale.path("flow").path("name").asString()).isEqualTo("presale");
        assertThat(fullyPaidPresale.path("flow").has("state")).isFalse();
        assertThat(fullyPaidPresale.path("statusCode").asInt()).isEqualTo(1);

        expect(api.delete("/api/v1/flows/presale"), 204);
        JsonNode afterwards = fixtures.place("web", "30.00", PRESALE);
        assertThat(afterwards.path("flow").path("name").asString()).isEqualTo("standard");
    }
}

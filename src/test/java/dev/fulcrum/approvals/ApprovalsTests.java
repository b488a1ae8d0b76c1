package dev.fulcrum.approvals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.access.ApiKeys;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestClock;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Approvals over HTTP (issue 14, the approval half of acceptance 1): an order over 5,000 asked for finance approval
 * (through {@link ApprovalRequests}, as the rules' approval action asks) is held {@code approval} and not allocated;
 * approving releases it to sourcing, rejecting cancels it and frees its stock; conditions skip steps; an undecided step
 * escalates when the test clock passes its timeout; a key outside the role gets 403.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApprovalsTests {

    private static final String RULE = "rule:big-orders@3";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    ApprovalRequests requests;

    @Autowired
    ApprovalDeadlines deadlines;

    TestTenant tenant;
    Api api;
    Api finance;
    Api director;

    @BeforeEach
    void tenantWithApproversAndStock() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
        finance = api.withKey(key("finance-bot"));
        director = api.withKey(key("director-bot"));
        expect(api.put("/api/v1/approval-roles/finance", "{\"members\": [\"key:finance-bot\"]}"), 200);
        expect(api.put("/api/v1/approval-roles/director", "{\"members\": [\"key:director-bot\"]}"), 200);
        expect(api.put("/api/v1/locations/WH-SH", """
                {"name": "Shanghai", "type": "warehouse", "latitude": 31.2, "longitude": 121.5, "country": "CN",
                 "region": "SH", "timeZone": "Asia/Shanghai", "handlingCostPerOrder": "2.00", "handlingCostPerUnit": "0.30",
                 "processingHours": 4, "cutoffTime": "16:00", "workingDays": ["MON", "TUE", "WED", "THU", "FRI", "SAT"]}
                """), 200);
        expect(
                api.put(
                        "/api/v1/items/TEA-001",
                        "{\"name\": \"tea\", \"weightGrams\": 500, \"temperature\": \"ambient\"}"),
                200);
        expect(
                api.put(
                        "/api/v1/locations/WH-SH/stock",
                        "{\"asOf\": \"" + Instant.now()
                                + "\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 10}]}"),
                200);
    }

    @Test
    void anOrderOverFiveThousandWaitsForFinanceAndGoesToSourcingWhenApproved() {
        String id = placeAwaitingPayment();
        assertThat(available()).isEqualTo(8);
        UUID approval = request(id, List.of(new ApprovalRequests.Step("finance", List.of(), "order.total > 5000.0")))
                .orElseThrow();
        assertThat(request(id, List.of(new ApprovalRequests.Step("finance", List.of(), null))))
                .as("asking again answers the open approval")
                .contains(approval);

        JsonNode held = order(id);
        assertThat(held.path("holds").toString()).contains("\"approval\"", RULE);
        expect(api.post("/api/v1/orders/" + id + "/pay", null), 200);
        assertThat(allocated(order(id)))
                .as("not released to a warehouse while held")
                .isZero();

        JsonNode inbox = expect(finance.get("/api/v1/approvals?status=pending&role=finance"), 200)
                .json();
        assertThat(inbox.path("items")).hasSize(1);
        assertThat(inbox.path("items").get(0).path("orderTotal").asString()).isEqualTo("6000.00");
        assertThat(inbox.path("items").get(0).path("requestedBy").asString()).isEqualTo(RULE);
        assertThat(expect(api.get("/api/v1/approvals?user=key:finance-bot"), 200)
                        .json()
                        .path("items"))
                .hasSize(1);
        assertThat(expect(api.get("/api/v1/approvals?user=key:director-bot"), 200)
                        .json()
                        .path("items"))
                .isEmpty();

        Api.Response outsider = api.post("/api/v1/approvals/" + approval + "/approve", "{\"comment\": \"me\"}");
        assertThat(outsider.status()).as(outsider.body()).isEqualTo(403);
        assertThat(outsider.contentType()).contains("application/problem+json");
        assertThat(outsider.json().path("detail").asString()).contains("key:test key", "role finance");

        JsonNode approved = expect(
                        finance.post("/api/v1/approvals/" + approval + "/approve", "{\"comment\": \"budget ok\"}"), 200)
                .json();
        assertThat(approved.path("status").asString()).isEqualTo("approved");
        assertThat(approved.path("decisions").get(0).path("decidedBy").asString())
                .isEqualTo("key:finance-bot");
        assertThat(approved.path("decisions").get(0).path("comment").asString()).isEqualTo("budget ok");

        JsonNode released = order(id);
        assertThat(released.path("holds")).isEmpty();
        assertThat(allocated(released)).as("sourced once approved").isEqualTo(2);
        assertThat(available()).isEqualTo(8);
        String timeline =
                expect(api.get("/api/v1/orders/" + id + "/timeline"), 200).body();
        assertThat(timeline).contains(RULE, "key:finance-bot");
        assertThat(api.awaitEvents("type=approval.requested", 1).toString()).contains(approval.toString());
        assertThat(api.awaitEvents("type=approval.decided", 1).toString()).contains("key:finance-bot");
        assertThat(finance.post("/api/v1/approvals/" + approval + "/approve", null)
                        .status())
                .isEqualTo(409);
    }

    @Test
    void rejectingCancelsTheOrderWithTheReasonAndFreesItsStock() {
        String id = placeAwaitingPayment();
        UUID approval = request(id, List.of(new ApprovalRequests.Step(null, List.of("key:finance-bot"), null)))
                .orElseThrow();
        assertThat(available()).isEqualTo(8);

        JsonNode rejected = expect(
                        finance.post("/api/v1/approvals/" + approval + "/reject", "{\"comment\": \"too much\"}"), 200)
                .json();
        assertThat(rejected.path("status").asString()).isEqualTo("rejected");
        JsonNode cancelled = order(id);
        assertThat(cancelled.path("status").asString()).isEqualTo("cancelled");
        assertThat(available()).isEqualTo(10);
        String timeline =
                expect(api.get("/api/v1/orders/" + id + "/timeline"), 200).body();
        assertThat(timeline).contains("approval rejected by key:finance-bot: too much (requested by " + RULE + ")");
        Api.Response bad = finance.post("/api/v1/approvals/" + approval + "/reject", "{\"comment\": 5}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("comment");
    }

    @Test
    void aStepWhoseConditionDoesNotHoldIsSkipped() {
        String id = placeAwaitingPayment();
        assertThat(request(id, List.of(new ApprovalRequests.Step("director", List.of(), "order.total > 50000.0"))))
                .as("no step applies: nothing changes")
                .isEmpty();
        assertThat(order(id).path("holds").toString()).doesNotContain("\"approval\"");

        UUID approval = request(
                        id,
                        List.of(
                                new ApprovalRequests.Step("finance", List.of(), "order.total > 5000.0"),
                                new ApprovalRequests.Step("director", List.of(), "order.total > 50000.0")))
                .orElseThrow();
        JsonNode opened = expect(api.get("/api/v1/approvals/" + approval), 200).json();
        assertThat(opened.path("steps").get(1).path("applies").asBoolean()).isFalse();

        JsonNode approved = expect(finance.post("/api/v1/approvals/" + approval + "/approve", null), 200)
                .json();
        assertThat(approved.path("status").asString()).isEqualTo("approved");
        assertThat(order(id).path("holds").toString()).doesNotContain("\"approval\"");
    }

    @Test
    void aStepNotDecidedInTimeEscalatesToTheNextRole() {
        String id = placeAwaitingPayment();
        UUID approval = request(
                        id,
                        List.of(
                                new ApprovalRequests.Step("finance", List.of(), null),
                                new ApprovalRequests.Step("director", List.of(), "order.total > 5000.0")))
                .orElseThrow();
        assertThat(director.post("/api/v1/approvals/" + approval + "/approve", null)
                        .status())
                .isEqualTo(403);
        try {
            TestClock.advance(Duration.ofHours(2));
            assertThat(deadlines.escalateOverdue()).isPositive();
        } finally {
            TestClock.reset();
        }
        JsonNode escalated =
                expect(api.get("/api/v1/approvals/" + approval), 200).json();
        assertThat(escalated.path("status").asString()).isEqualTo("escalated");
        assertThat(escalated.path("escalatedTo").asString()).isEqualTo("director");
        assertThat(api.awaitEvents("type=approval.escalated", 1).toString()).contains(approval.toString());
        assertThat(expect(api.get("/api/v1/approvals?status=escalated&role=director"), 200)
                        .json()
                        .path("items"))
                .hasSize(1);

        JsonNode next = expect(director.post("/api/v1/approvals/" + approval + "/approve", null), 200)
                .json();
        assertThat(next.path("status").asString()).isEqualTo("pending");
        assertThat(next.path("currentStep").asInt()).isEqualTo(1);
        assertThat(expect(director.post("/api/v1/approvals/" + approval + "/approve", null), 200)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("approved");
    }

    @Test
    void aMalformedRequestNamesTheField() {
        String id = placeAwaitingPayment();
        assertThatThrownBy(() -> request(id, List.of(new ApprovalRequests.Step("finance", List.of(), "order.total >"))))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.getMessage()).contains("chain[0].when"));
        assertThatThrownBy(() -> tenant.call(() -> requests.request(new ApprovalRequests.Request(
                        tenant.id(),
                        OrderId.parse(id).orElseThrow(),
                        List.of(new ApprovalRequests.Step("finance", List.of(), null)),
                        RULE,
                        "nowhere",
                        Duration.ofHours(1)))))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.getMessage()).contains("onReject"));
        assertThat(api.get("/api/v1/approvals?limit=501").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/approvals?status=maybe").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/approvals/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    private Optional<UUID> request(String orderId, List<ApprovalRequests.Step> chain) {
        return tenant.call(() -> requests.request(new ApprovalRequests.Request(
                tenant.id(), OrderId.parse(orderId).orElseThrow(), chain, RULE, "cancel", Duration.ofHours(1))));
    }

    /** Two TEA-001 at 3,000.00 (total 6,000.00 CNY), waiting for payment: sourcing reserves its stock meanwhile. */
    private String placeAwaitingPayment() {
        return expect(api.post("/api/v1/orders", """
                {"channel": "web", "externalId": "A-%s", "currency": "CNY",
                 "customer": {"id": "C-1", "name": "王芳"},
                 "shippingAddress": {"name": "王芳", "line1": "人民路 1 号", "city": "上海", "region": "SH",
                   "postalCode": "200001", "country": "CN", "latitude": 31.23, "longitude": 121.47},
                 "lines": [{"sku": "TEA-001", "quantity": 2, "unitPrice": "3000.00"}],
                 "payment": {"status": "pending", "method": "alipay", "amount": "6000.00"}}
                """.formatted(UUID.randomUUID())), 201)
                .json()
                .path("id")
                .asString();
    }

    private String key(String name) {
        return RequestContext.runAs(
                tenant.id(),
                "test",
                () -> context.getBean(ApiKeys.class)
                        .create(name, List.of("approvals:write", "orders:read"))
                        .key());
    }

    private JsonNode order(String id) {
        return expect(api.get("/api/v1/orders/" + id), 200).json();
    }

    private int available() {
        return expect(api.get("/api/v1/availability?sku=TEA-001"), 200)
                .json()
                .path("available")
                .asInt();
    }

    private static int allocated(JsonNode order) {
        return order.path("lines").get(0).path("quantities").path("allocated").asInt();
    }

    private static Api.Response expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}

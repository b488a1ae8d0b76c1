package dev.fulcrum.order;

import static dev.fulcrum.order.FlowFixtures.allocated;
import static dev.fulcrum.order.FlowFixtures.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** The b2b flow over the API: sourcing allocates nothing until an approver approves the order. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class B2bFlowTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    Api api;
    FlowFixtures fixtures;

    @BeforeEach
    void b2bTenant() {
        api = new Api(port, TestTenant.create(context).apiKey());
        fixtures = new FlowFixtures(api);
        fixtures.warehouseWithTea(10);
        fixtures.publishShipped("b2b");
    }

    @Test
    void aB2bOrderIsAllocatedOnlyAfterItIsApprovedThenShipsAsUsual() {
        JsonNode placed = fixtures.place("b2b", "113.00", "{}");
        String id = placed.path("id").asString();
        assertThat(placed.path("flow").path("name").asString()).isEqualTo("b2b");
        assertThat(placed.path("flow").path("state").asString()).isEqualTo("awaiting_approval");
        assertThat(placed.path("statusCode").asInt()).isZero();
        assertThat(placed.path("holds").get(0).path("type").asString()).isEqualTo("approval");
        assertThat(allocated(fixtures.order(id))).isZero();
        assertThat(fixtures.availableTea()).isEqualTo(10);

        assertThat(api.post("/api/v1/orders/" + id + "/ship", null).status()).isEqualTo(409);
        Api.Response release = api.post("/api/v1/orders/" + id + "/release", "{\"type\": \"approval\"}");
        assertThat(release.status()).isEqualTo(409);
        assertThat(release.json().path("detail").asString()).contains("awaiting approval");
        assertThat(allocated(fixtures.order(id))).isZero();

        JsonNode approved = expect(api.post("/api/v1/orders/" + id + "/actions/approve", null), 200)
                .json();
        assertThat(approved.path("flow").has("state")).isFalse();
        assertThat(approved.path("status").asString()).isEqualTo("paid");
        assertThat(approved.path("statusCode").asInt()).isEqualTo(1);
        assertThat(approved.path("holds").size()).isZero();
        assertThat(approved.path("tags").toString()).contains("approved");
        assertThat(allocated(fixtures.order(id))).isEqualTo(2);
        assertThat(fixtures.availableTea()).isEqualTo(8);
        assertThat(api.post("/api/v1/orders/" + id + "/actions/approve", null).status())
                .isEqualTo(409);

        JsonNode shipped = expect(api.post("/api/v1/orders/" + id + "/actions/ship", "{\"carrier\": \"SF\"}"), 200)
                .json();
        assertThat(shipped.path("status").asString()).isEqualTo("shipped");
        JsonNode events =
                expect(api.get("/api/v1/events?type=order.released"), 200).json();
        assertThat(events.toString()).contains(id).contains("approval");
    }

    @Test
    void rejectingCancelsAndOtherChannelsRunTheStandardFlow() {
        String rejected = fixtures.place("b2b", "113.00", "{}").path("id").asString();
        JsonNode cancelled = expect(api.post("/api/v1/orders/" + rejected + "/actions/reject", null), 200)
                .json();
        assertThat(cancelled.path("statusCode").asInt()).isEqualTo(4);
        assertThat(cancelled.path("tags").toString()).contains("rejected");
        assertThat(fixtures.availableTea()).isEqualTo(10);

        JsonNode web = fixtures.place("web", "113.00", "{}");
        assertThat(web.path("flow").path("name").asString()).isEqualTo("standard");
        assertThat(allocated(fixtures.order(web.path("id").asString()))).isEqualTo(2);
        assertThat(api.post("/api/v1/orders/" + web.path("id").asString() + "/actions/approve", null)
                        .status())
                .isEqualTo(404);
    }
}

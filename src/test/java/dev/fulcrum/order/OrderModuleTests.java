package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.modulith.test.ApplicationModuleTest;
import tools.jackson.databind.JsonNode;

/**
 * The order module booted with only what it depends on (no sourcing, events or channels listening), over its HTTP
 * API and the embedded PostgreSQL: an order is placed, paid and cancelled on its own, so the modules that react to
 * its events are not needed for it to work.
 */
@ApplicationModuleTest(
        mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderModuleTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void anOrderIsPlacedPaidAndCancelledWithoutTheModulesThatListenToIt() {
        Api api = new Api(port, TestTenant.create(context).apiKey());
        Api.Response placed = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines());
        assertThat(placed.status()).isEqualTo(201);
        String id = placed.json().path("id").asString();

        assertThat(api.post("/api/v1/orders/" + id + "/pay", null)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("paid");
        assertThat(api.post("/api/v1/orders/" + id + "/cancel", null)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("cancelled");

        JsonNode read = api.get("/api/v1/orders/" + id).json();
        assertThat(read.path("status").asString()).isEqualTo("cancelled");
        assertThat(api.get("/api/v1/orders/" + id + "/timeline").status()).isEqualTo(200);
    }
}

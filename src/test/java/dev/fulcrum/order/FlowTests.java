package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlowTests {

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
    void aNewFlowVersionGovernsNewOrdersWhileOlderOrdersKeepTheirVersion() {
        String older = api.post("/api/v1/orders", OrderMother.paidOrder())
                .json()
                .path("id")
                .asString();
        String strictFlow = """
                {"states": ["pending_payment", "paid", "partially_shipped", "shipped", "completed", "cancelled"],
                 "transitions": [
                   {"action": "pay", "from": ["pending_payment"]},
                   {"action": "ship", "from": ["paid", "partially_shipped"],
                    "guards": [{"when": "size(order.holds) == 0", "otherwise": "the order is on hold"}],
                    "actions": [{"type": "addTag", "value": "left-warehouse"}]},
                   {"action": "cancel", "from": ["pending_payment", "paid"],
                    "guards": [{"when": "order.total < 100.0", "otherwise": "orders of 100 or more need a supervisor"}]}
                 ]}""";
        Api.Response published = api.put("/api/v1/flows/standard", strictFlow);
        assertThat(published.status()).as(published.body()).isEqualTo(200);
        assertThat(published.json().path("version").asInt()).isEqualTo(2);

        String newer = api.post("/api/v1/orders", OrderMother.paidOrder())
                .json()
                .path("id")
                .asString();
        assertThat(api.get("/api/v1/orders/" + newer)
                        .json()
                        .path("flow")
                        .path("version")
                        .asInt())
                .isEqualTo(2);

        Api.Response refused = api.post("/api/v1/orders/" + newer + "/cancel", null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asString()).contains("need a supervisor");
        assertThat(api.post("/api/v1/orders/" + older + "/cancel", null).status())
                .isEqualTo(200);

        assertThat(api.post("/api/v1/orders/" + newer + "/ship", null)
                        .json()
                        .path("tags")
                        .toString())
                .contains("left-warehouse");
    }

    @Test
    void aFlowWithAnInvalidGuardIsRefused() {
        Api.Response response = api.put("/api/v1/flows/standard", """
                {"states": ["paid"], "transitions": [{"action": "ship", "from": ["paid"],
                  "guards": [{"when": "order.total >", "otherwise": "x"}]}]}""");
        assertThat(response.status()).isEqualTo(400);
        assertThat(api.put(
                                "/api/v1/flows/standard",
                                "{\"states\": [], \"transitions\": [{\"action\": \"ship\", \"from\": [\"flying\"]}]}")
                        .status())
                .isEqualTo(400);
    }
}

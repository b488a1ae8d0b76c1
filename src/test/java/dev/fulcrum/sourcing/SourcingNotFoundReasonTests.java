package dev.fulcrum.sourcing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** An order without a sourcing decision answers 404 with the one reason that applies to it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SourcingNotFoundReasonTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void namesTheReasonAnOrderHasNoDecision() {
        Api api = new Api(port, TestTenant.create(context).apiKey());
        String paid = idOf(api.post("/api/v1/orders", OrderMother.paidOrder()));
        String unpaid = idOf(api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines()));
        String cancelled = idOf(api.post("/api/v1/orders", OrderMother.paidOrder()));
        String held = idOf(api.post("/api/v1/orders", OrderMother.paidOrder()));
        assertThat(api.post("/api/v1/orders/" + cancelled + "/cancel", "{\"reason\": \"test\"}")
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/orders/" + held + "/hold", "{\"type\": \"manual\", \"reason\": \"wait\"}")
                        .status())
                .isEqualTo(200);

        assertThat(reason(api, paid)).contains("no active location");
        assertThat(reason(api, "0190d1d8-0000-7000-8000-000000000000")).contains("does not exist");

        new SourcingFixtures(api).location("WH-1", 31.2, 121.5, "");

        assertThat(reason(api, unpaid)).contains("not paid yet");
        assertThat(reason(api, cancelled)).contains("nothing open");
        assertThat(reason(api, held)).contains("on hold (manual)");
        assertThat(reason(api, paid)).contains("re-source");
    }

    private static String reason(Api api, String orderId) {
        Api.Response response = api.get("/api/v1/orders/" + orderId + "/sourcing");
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        return response.json().path("detail").asString();
    }

    private static String idOf(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asString();
    }
}

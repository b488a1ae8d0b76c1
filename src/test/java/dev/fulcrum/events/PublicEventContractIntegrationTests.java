package dev.fulcrum.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PublicEventContractIntegrationTests {

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    Api api;
    TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
    }

    @Test
    void everyOrderEventIsACloudEventWhoseDataMatchesItsCommittedSchema() {
        String shipped = api.post("/api/v1/orders", OrderMother.paidOrder())
                .json()
                .path("id")
                .asString();
        api.post("/api/v1/orders/" + shipped + "/hold", "{\"type\": \"manual\", \"reason\": \"check address\"}");
        api.post("/api/v1/orders/" + shipped + "/release", null);
        api.post("/api/v1/orders/" + shipped + "/ship", "{\"carrier\": \"SF\", \"trackingNumber\": \"SF123\"}");
        api.post("/api/v1/orders/" + shipped + "/deliver", null);
        String cancelled = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                .json()
                .path("id")
                .asString();
        api.post("/api/v1/orders/" + cancelled + "/pay", null);
        api.post("/api/v1/orders/" + cancelled + "/cancel", "{\"reason\": \"customer asked\"}");

        JsonNode events = api.get("/api/v1/events?limit=100").json().path("events");

        EventCatalogue catalogue = EventCatalogue.load();
        List<String> types = new ArrayList<>();
        for (JsonNode event : events) {
            EventType type = catalogue.find(event.path("type").asString()).orElseThrow();
            types.add(type.name());
            assertThat(event.path("specversion").asString()).isEqualTo("1.0");
            assertThat(event.path("source").asString())
                    .isEqualTo("/fulcrum/tenants/" + tenant.id().value());
            assertThat(event.path("subject").asString())
                    .isEqualTo(event.path("data").path("order").path("id").asString());
            assertThat(event.path("dataschema").asString())
                    .isEqualTo(type.schemaId().toString());
            assertThat(event.path("datacontenttype").asString()).isEqualTo("application/json");
            assertThat(event.path("ordersequence").asInt()).isPositive();
            assertThat(catalogue.validate(type.name(), event.path("data")))
                    .as(event.toString())
                    .isEmpty();
        }
        assertThat(types)
                .contains(
                        "order.placed",
                        "order.paid",
                        "order.held",
                        "order.released",
                        "order.shipped",
                        "order.delivered",
                        "order.cancelled");
    }

    @Test
    void eventsCanBeFilteredByCloudEventsTypeOrShortName() {
        api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines());
        assertThat(api.get("/api/v1/events?type=dev.fulcrum.order.placed.v1")
                        .json()
                        .path("events"))
                .hasSize(1);
        assertThat(api.get("/api/v1/events?type=order.placed").json().path("events"))
                .hasSize(1);
        assertThat(api.get("/api/v1/events?type=order.paid").json().path("events"))
                .isEmpty();
    }
}

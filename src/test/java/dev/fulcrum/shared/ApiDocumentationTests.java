package dev.fulcrum.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentationTests {

    @LocalServerPort
    int port;

    @Test
    void theOpenApiDescriptionCoversTheOrderApiWithoutAKey() {
        Api.Response docs = new Api(port, null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().path("paths").has("/api/v1/orders")).isTrue();
        assertThat(docs.json().path("paths").has("/api/v1/orders/{id}/cancel")).isTrue();
        assertThat(new Api(port, null).get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void theDescriptionStatesTheCapsAndEveryPageSizeItsMaximum() {
        var docs = new Api(port, null).get("/v3/api-docs").json();
        assertThat(docs.path("info").path("description").asString()).contains("10 MB", "docs/guide/limits.md");
        var parameters = docs.path("paths").path("/api/v1/orders").path("get").path("parameters");
        var limit = parameters.values().stream()
                .filter(parameter -> parameter.path("name").asString().equals("limit"))
                .findFirst()
                .orElseThrow();
        assertThat(limit.path("schema").path("maximum").asInt()).isEqualTo(500);
        var events = docs.path("paths").path("/api/v1/events").path("get").path("parameters");
        assertThat(events.values().stream()
                        .filter(parameter -> parameter.path("name").asString().equals("limit"))
                        .findFirst()
                        .orElseThrow()
                        .path("schema")
                        .path("maximum")
                        .asInt())
                .isEqualTo(1000);
    }

    @Test
    void theDescriptionNamesFulcrumOffersBearerKeysTagsByModuleAndShowsExamples() {
        var docs = new Api(port, null).get("/v3/api-docs").json();
        assertThat(docs.path("info").path("title").asString()).isEqualTo("Fulcrum order hub API");
        assertThat(docs.path("info").path("version").asString()).isNotBlank().isNotEqualTo("v0");
        assertThat(docs.path("info").path("description").asString()).contains("Bearer");

        var scheme = docs.path("components").path("securitySchemes").path("apiKey");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(docs.path("security").get(0).has("apiKey")).isTrue();

        assertThat(docs.path("tags").values())
                .extracting(tag -> tag.path("name").asString())
                .contains("Orders", "Channels", "Catalogue", "Inventory", "Sourcing", "Events", "Access", "Platform");
        assertThat(docs.path("paths")
                        .path("/api/v1/orders")
                        .path("post")
                        .path("tags")
                        .get(0)
                        .asString())
                .isEqualTo("Orders");
        assertThat(docs.path("paths")
                        .path("/api/v1/carriers")
                        .path("get")
                        .path("tags")
                        .get(0)
                        .asString())
                .isEqualTo("Sourcing");
        assertThat(docs.path("paths")
                        .path("/api/v1/platform/tenants")
                        .path("post")
                        .path("tags")
                        .get(0)
                        .asString())
                .isEqualTo("Platform");

        var placeOrder = docs.path("paths")
                .path("/api/v1/orders")
                .path("post")
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("examples")
                .path("paidOrder")
                .path("value");
        assertThat(placeOrder.path("lines").get(0).path("sku").asString()).isEqualTo("TEA-001");
        // Amounts are Money in Java and plain decimal strings on the wire; the description says what the wire carries.
        var schemas = docs.path("components").path("schemas");
        var order = schemas.path("Order").path("properties");
        assertThat(order.path("total").path("$ref").asString()).isEqualTo("#/components/schemas/Money");
        assertThat(schemas.path("Money").path("type").asString()).isEqualTo("string");
        assertThat(order.path("currency").path("type").asString()).isEqualTo("string");
        assertThat(docs.path("paths")
                        .path("/api/v1/carriers/{code}/rates")
                        .path("put")
                        .path("requestBody")
                        .path("content")
                        .path("text/csv")
                        .path("examples")
                        .has("rateCard"))
                .isTrue();
    }

    @Test
    void healthAndMetricsAreExposed() {
        assertThat(new Api(port, null).get("/actuator/health").body()).contains("UP");
        assertThat(new Api(port, null).get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
    }
}

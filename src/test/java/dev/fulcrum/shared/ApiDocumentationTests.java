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
    void healthAndMetricsAreExposed() {
        assertThat(new Api(port, null).get("/actuator/health").body()).contains("UP");
        assertThat(new Api(port, null).get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
    }
}

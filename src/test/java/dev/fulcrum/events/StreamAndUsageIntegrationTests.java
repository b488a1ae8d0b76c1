package dev.fulcrum.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StreamAndUsageIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void setUp() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
    }

    /** Opens the stream and returns an iterator over its SSE messages (id, event, data). */
    private Iterator<Map<String, String>> open(String query, @Nullable String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/stream" + query))
                .header("Authorization", "Bearer " + tenant.apiKey())
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        Iterator<String> lines = response.body().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, String> next() {
                Map<String, String> message = new java.util.HashMap<>();
                while (lines.hasNext()) {
                    String line = lines.next();
                    if (line.isEmpty() && message.containsKey("data")) {
                        return message;
                    }
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        message.merge(
                                line.substring(0, colon),
                                line.substring(colon + 1).strip(),
                                (a, b) -> a + b);
                    }
                }
                throw new IllegalStateException("stream ended");
            }
        };
    }

    private Map<String, String> within(Iterator<Map<String, String>> stream) throws Exception {
        return CompletableFuture.supplyAsync(stream::next).get(10, TimeUnit.SECONDS);
    }

    @Test
    void liveStreamShowsNewEventsFilteredByTypeAndResumesFromLastEventId() throws Exception {
        String before = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                .json()
                .path("id")
                .asString();
        Iterator<Map<String, String>> paid = open("?types=order.paid", null);
        String id = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                .json()
                .path("id")
                .asString();
        api.post("/api/v1/orders/" + id + "/pay", null);

        Map<String, String> message = within(paid);
        assertThat(message.get("event")).isEqualTo("order.paid");
        JsonNode event = JSON.readTree(message.get("data"));
        assertThat(event.path("type").asString()).isEqualTo("dev.fulcrum.order.paid.v1");
        assertThat(event.path("subject").asString()).isEqualTo(id);

        Iterator<Map<String, String>> all = open("?orderId=" + id, "0-0");
        assertThat(JSON.readTree(within(all).get("data")).path("type").asString())
                .isEqualTo("dev.fulcrum.order.placed.v1");
        Map<String, String> second = within(all);
        assertThat(JSON.readTree(second.get("data")).path("type").asString()).isEqualTo("dev.fulcrum.order.paid.v1");
        assertThat(before).isNotEqualTo(id);
    }

    @Test
    void consoleStreamNeedsASignedInUser() throws Exception {
        HttpResponse<Void> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/stream"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/login");
    }

    @Test
    void usageCountsTheOrdersAndCallsThisTestMade() {
        String id = null;
        for (int i = 0; i < 3; i++) {
            id = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines())
                    .json()
                    .path("id")
                    .asString();
        }
        api.get("/api/v1/orders/" + id);
        api.get("/api/v1/orders/" + id);
        api.get("/api/v1/orders/not-an-id");

        JsonNode days = api.get("/api/v1/usage").json().path("days");
        JsonNode today = days.get(days.size() - 1);
        assertThat(today.path("ordersPlaced").asLong()).isEqualTo(3);
        assertThat(today.path("apiCalls").asLong()).isEqualTo(6);
        Map<String, Long> byEndpoint = new java.util.HashMap<>();
        today.path("apiCallsByEndpoint")
                .forEach(calls -> byEndpoint.put(
                        calls.path("endpoint").asString(), calls.path("calls").asLong()));
        assertThat(byEndpoint).containsEntry("POST /api/v1/orders", 3L).containsEntry("GET /api/v1/orders/{id}", 3L);
        assertThat(today.path("apiCallsByEndpoint").get(0).path("apiKey").asString())
                .isEqualTo("key:test key");
        assertThat(api.get("/api/v1/usage")
                        .json()
                        .path("days")
                        .get(days.size() - 1)
                        .path("apiCalls")
                        .asLong())
                .as("the first usage call is counted too")
                .isEqualTo(7);
        assertThat(api.get("/api/v1/usage?from=2026-13-01").status()).isEqualTo(400);
    }

    @Test
    void prometheusShowsEventAndApiMetrics() {
        api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines());
        String metrics = new Api(port, null).get("/actuator/prometheus").body();
        assertThat(metrics).contains("fulcrum_events_published_total", "fulcrum_api_calls_total");
    }
}

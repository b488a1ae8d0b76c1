package dev.fulcrum.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for black-box API tests: real requests to the running application. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final @Nullable String apiKey;

    public Api(int port, @Nullable String apiKey) {
        this.baseUrl = "http://localhost:" + port;
        this.apiKey = apiKey;
    }

    public Api withKey(@Nullable String otherKey) {
        return new Api(Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1)), otherKey);
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    /**
     * The {@code events} of {@code GET /api/v1/events?query}, asked again for up to 10 s until there are at least
     * {@code expected}: the log shows an event only once every older transaction has ended (commit order), so under
     * load an event may appear a moment after the request that caused it has answered.
     */
    public JsonNode awaitEvents(String query, int expected) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/v1/events?" + query).json().path("events"), events -> events.size() >= expected);
    }

    public Response post(String path, @Nullable String body, String... headers) {
        HttpRequest.Builder request = request(path)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public Response put(String path, String body) {
        return send(request(path)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    public Response putText(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "text/csv"));
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** A response: status, raw body and content type; {@link #json()} parses the body. */
    public record Response(int status, String body, String contentType) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}

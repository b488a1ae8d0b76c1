package dev.fulcrum.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fulcrum's own REST API as the demo calls it: real HTTP requests to this instance with an API key of the demo
 * tenant, so that demo data goes through exactly the validation, audit and events a user's calls go through.
 */
final class DemoApi {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final String apiKey;
    private final JsonMapper json;

    DemoApi(int port, String apiKey, JsonMapper json) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.apiKey = apiKey;
        this.json = json;
    }

    JsonNode put(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body)), "application/json");
    }

    JsonNode putCsv(String path, String csv) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(csv)), "text/csv");
    }

    JsonNode post(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)), "application/json");
    }

    JsonNode get(String path) {
        return send(request(path).GET(), null);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey);
    }

    private JsonNode send(HttpRequest.Builder request, @org.jspecify.annotations.Nullable String contentType) {
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpRequest built = request.build();
        HttpResponse<String> response;
        try {
            response = client.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading demo data", interrupted);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(built.method() + " " + built.uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    }
}

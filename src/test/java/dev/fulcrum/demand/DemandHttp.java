package dev.fulcrum.demand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

/** The demand API's calls the tests share: CSV uploads (which {@link Api} does not send) and awaiting jobs. */
final class DemandHttp {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final int port;
    private final String apiKey;
    final Api api;

    DemandHttp(int port, String apiKey) {
        this.port = port;
        this.apiKey = apiKey;
        this.api = new Api(port, apiKey);
    }

    Api.Response postCsv(String query, HttpRequest.BodyPublisher body) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/demand/history" + query))
                .timeout(Duration.ofMinutes(1))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "text/csv")
                .POST(body)
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Api.Response(
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

    Api.Response postCsv(String query, String csv) {
        return postCsv(query, HttpRequest.BodyPublishers.ofString(csv));
    }

    Api.Response postCsv(String query, Path file) {
        try {
            return postCsv(query, HttpRequest.BodyPublishers.ofFile(file));
        } catch (java.io.FileNotFoundException missing) {
            throw new IllegalStateException(missing);
        }
    }

    /** Imports {@code csv} and waits until the import has finished; returns its final progress. */
    JsonNode imported(Api.Response started) {
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asString();
        return Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/api/v1/demand/history/imports/" + id).json(),
                        progress -> !progress.path("status").asString().equals("running"));
    }

    /** Starts a run and waits until it is no longer running; returns the run as GET answers it. */
    JsonNode ran(String body) {
        Api.Response started = api.post("/api/v1/forecasts", body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asString();
        return Awaitility.await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> api.get("/api/v1/forecasts/" + id + "?limit=1000").json(),
                        run -> !run.path("status").asString().equals("running"));
    }
}

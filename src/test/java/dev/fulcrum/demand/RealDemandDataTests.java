package dev.fulcrum.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The real files of ../shared/data load through the history import with their documented column mappings, unedited
 * (skipped with a message where the folder is absent). Acceptance 1 of issue 16, the run part: the Walmart file at
 * location level with the origin 26 weeks before its end reports, per store and overall, the WAPE of seasonal naive
 * and of the chosen models over those 26 weeks, with the real model selection ({@code demand.models.ModelSelection}),
 * whose chosen mix beats seasonal naive.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"fulcrum.demand.job-task=forecast-partition-real", "fulcrum.demand.job-polling=PT0.5S"})
class RealDemandDataTests {

    /** The shared data beside the checkout, or beside the folder of worktrees. */
    static final List<Path> DATA = List.of(Path.of("../shared/data"), Path.of("../../shared/data"));

    static final String WALMART_MAPPING = """
            {"weekColumn": "Date", "dateFormat": "dd-MM-yyyy", "locationColumn": "Store", "sku": "ALL",
             "quantityColumn": "Weekly_Sales", "holidayColumn": "Holiday_Flag"}""";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    TestTenant tenant;
    DemandHttp http;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        http = new DemandHttp(port, tenant.apiKey());
    }

    static Path data(String file) {
        Path found = DATA.stream()
                .map(folder -> folder.resolve(file))
                .filter(Files::exists)
                .findFirst()
                .orElse(null);
        assumeTrue(
                found != null,
                "real demand data is absent (" + DATA.getFirst().resolve(file).toAbsolutePath() + "): skipping");
        return found;
    }

    @Test
    void walmartLoadsWithItsMappingAndARunReportsTheWapeOfSeasonalNaiveAndTheChosenModels() throws IOException {
        Path walmart = data("sales/walmart_weekly_store_sales_train.csv");
        JsonNode imported = http.imported(multipart(walmart, WALMART_MAPPING));
        assertThat(imported.path("status").asString()).as(imported.toString()).isEqualTo("completed");
        assertThat(imported.path("rowsRejected").asLong())
                .as(imported.toString())
                .isZero();
        assertThat(imported.path("rowsLoaded").asLong()).isEqualTo(45 * 117);

        LocalDate end = LocalDate.parse("2012-04-27");
        LocalDate origin = end.minusWeeks(26);
        JsonNode run = http.ran("{\"level\": \"location\", \"horizonWeeks\": 26, \"origin\": \"" + origin + "\"}");
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("done");
        assertThat(run.path("series")).hasSize(45);
        JsonNode overall = run.path("evaluation");
        assertThat(overall.path("weeks").asInt()).isEqualTo(45 * 26);
        double naive = overall.path("wapeSeasonalNaive").asDouble();
        double chosen = overall.path("wapeChosen").asDouble();
        System.out.printf(
                "Walmart, 45 stores, origin %s, 26 weeks: WAPE seasonal naive %.4f, chosen %.4f%n",
                origin, naive, chosen);
        assertThat(naive).isBetween(0.005, 0.5);
        assertThat(chosen).as("the chosen mix beats seasonal naive").isLessThan(naive);
        for (JsonNode store : run.path("series")) {
            assertThat(store.path("sku").isNull()).isTrue();
            assertThat(store.path("points")).hasSize(26);
            assertThat(store.path("points").get(0).path("week").asString())
                    .isEqualTo(origin.plusWeeks(1).toString());
            assertThat(store.path("points").get(25).path("week").asString()).isEqualTo(end.toString());
            JsonNode evaluation = store.path("evaluation");
            assertThat(evaluation.path("weeks").asInt()).isEqualTo(26);
            assertThat(evaluation.path("wapeSeasonalNaive").asDouble()).isPositive();
            assertThat(evaluation.path("wapeChosen").asDouble()).isPositive();
            assertThat(store.path("backtests")).isNotEmpty();
        }
        JsonNode store1 = http.api
                .get("/api/v1/forecasts/" + run.path("id").asString() + "/series?location=1")
                .json();
        assertThat(store1.path("history")).hasSize(117);
        assertThat(store1.path("history").get(0).path("week").asString()).isEqualTo("2010-02-05");
        assertThat(store1.path("history").get(0).path("quantity").asDouble()).isEqualTo(1643690.9);
    }

    @Test
    void onlineRetailInvoiceLinesLoadAsWeeklySkuDemand() {
        Path retail = data("retail/online_retail_train.csv");
        JsonNode imported = http.imported(http.postCsv(
                "?weekColumn=InvoiceDate&dateFormat=yyyy-MM-dd%20HH:mm:ss&dates=days&skuColumn=StockCode"
                        + "&quantityColumn=Quantity&location=UK-ONLINE",
                retail));
        assertThat(imported.path("status").asString()).as(imported.toString()).isEqualTo("completed");
        long lines;
        try (Stream<String> all = Files.lines(retail, StandardCharsets.UTF_8)) {
            lines = all.count() - 1;
        } catch (IOException unreadable) {
            throw new java.io.UncheckedIOException(unreadable);
        }
        assertThat(imported.path("rowsRead").asLong()).isEqualTo(lines);
        assertThat(imported.path("rowsLoaded").asLong()).isGreaterThan(lines * 99 / 100);
        System.out.printf(
                "Online Retail: %d invoice lines, %d loaded, %d rejected into %d SKU-weeks%n",
                imported.path("rowsRead").asLong(),
                imported.path("rowsLoaded").asLong(),
                imported.path("rowsRejected").asLong(),
                imported.path("weeksWritten").asLong());

        JsonNode run = http.ran("{\"level\": \"sku\", \"horizonWeeks\": 4, \"origin\": \"2011-08-01\"}");
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("done");
        assertThat(run.path("progress").path("seriesDone").asInt()).isGreaterThan(3000);
        assertThat(run.path("progress").path("partitionsTotal").asInt()).isGreaterThan(10);
    }

    private Api.Response multipart(Path file, String mapping) throws IOException {
        String boundary = "fulcrum-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"mapping\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + mapping + "\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
                        + "\"\r\nContent-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] content = Files.readAllBytes(file);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/demand/history"))
                .timeout(Duration.ofMinutes(1))
                .header("Authorization", "Bearer " + tenant.apiKey())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            return new Api.Response(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.fulcrum.demand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Demand history and forecast runs over HTTP on the embedded PostgreSQL, with the test-only seasonal naive
 * forecaster: imports with their per-row problems, runs at every level through the job library, series, CSV export,
 * bad input as problems, orders as history, and acceptance 2 of issue 16 (a series whose level jumps is re-fitted by
 * the drift check, with the reason recorded).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"fulcrum.demand.job-task=forecast-partition-tests", "fulcrum.demand.job-polling=PT0.5S"})
@Import(SeasonalNaiveForecaster.Config.class)
class DemandForecastApiTests {

    static final LocalDate FIRST_WEEK = LocalDate.parse("2024-01-01");

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    DemandForecasts forecasts;

    TestTenant tenant;
    DemandHttp http;
    Api api;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        http = new DemandHttp(port, tenant.apiKey());
        api = http.api;
    }

    /** The same pattern every 52 weeks: seasonal naive forecasts it exactly. */
    static double seasonal(int week, double level) {
        return Math.round(level * (1 + 0.3 * Math.sin(2 * Math.PI * (week % 52) / 52.0)));
    }

    static LocalDate week(int index) {
        return FIRST_WEEK.plusWeeks(index);
    }

    @Test
    void importsHistoryWithRowProblemsAndForecastsEachSeriesOfEachLevel() {
        StringBuilder csv = new StringBuilder("week,location,sku,quantity,holiday\n");
        for (int i = 0; i < 104; i++) {
            csv.append(week(i)).append(",WH-A,TEA,").append(seasonal(i, 100)).append(",0\n");
            csv.append(week(i))
                    .append(",WH-A,COFFEE,")
                    .append(seasonal(i, 50))
                    .append(",")
                    .append(i % 52 == 50 ? 1 : 0)
                    .append('\n');
            csv.append(week(i)).append(",WH-B,TEA,").append(seasonal(i, 80)).append(",0\n");
        }
        csv.append("2024-13-45,WH-A,TEA,lots,0\n");
        JsonNode imported = http.imported(http.postCsv("", csv.toString()));
        assertThat(imported.path("status").asString()).isEqualTo("completed");
        assertThat(imported.path("rowsTotal").asLong()).isEqualTo(313);
        assertThat(imported.path("rowsLoaded").asLong()).isEqualTo(312);
        assertThat(imported.path("rowsRejected").asLong()).isEqualTo(1);
        JsonNode problem = imported.path("problems").get(0);
        assertThat(problem.path("field").asString()).isEqualTo("row 314");
        assertThat(problem.path("reason").asString()).contains("week", "yyyy-MM-dd", "quantity", "lots");

        JsonNode run = http.ran("{\"level\": \"sku-location\", \"horizonWeeks\": 8, \"origin\": \"" + week(95) + "\"}");
        assertThat(run.path("status").asString()).as(run.toString()).isEqualTo("done");
        assertThat(run.path("progress").path("seriesDone").asInt()).isEqualTo(3);
        assertThat(run.path("series")).hasSize(3);
        // Weeks 96 to 103 happened: 8 weeks of 3 series, forecast exactly by seasonal naive.
        assertThat(run.path("evaluation").path("weeks").asInt()).isEqualTo(24);
        assertThat(run.path("evaluation").path("wapeSeasonalNaive").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(run.path("evaluation").path("wapeChosen").asDouble()).isCloseTo(0, within(1e-9));
        JsonNode coffee = run.path("series").get(0);
        assertThat(coffee.path("location").asString()).isEqualTo("WH-A");
        assertThat(coffee.path("sku").asString()).isEqualTo("COFFEE");
        assertThat(coffee.path("model").asString()).isEqualTo("seasonal-naive");
        assertThat(coffee.path("points")).hasSize(8);
        assertThat(coffee.path("points").get(0).path("week").asString()).isEqualTo(week(96).toString());
        assertThat(coffee.path("points").get(0).path("forecast").asDouble()).isEqualTo(seasonal(96, 50));
        assertThat(coffee.path("backtests").get(0).path("model").asString()).isEqualTo("seasonal-naive");

        String runId = run.path("id").asString();
        JsonNode one = api.get("/api/v1/forecasts/" + runId + "/series?location=WH-B&sku=TEA")
                .json();
        assertThat(one.path("series").path("points")).hasSize(8);
        assertThat(one.path("history")).hasSize(104);
        assertThat(one.path("history").get(3).path("quantity").asDouble()).isEqualTo(seasonal(3, 80));

        Api.Response export = api.get("/api/v1/forecasts/" + runId + "/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("text/csv");
        List<String> lines = export.body().lines().toList();
        assertThat(lines).hasSize(1 + 24);
        assertThat(lines.getFirst()).isEqualTo("location,sku,model,week,forecast,lower,upper");
        assertThat(lines.get(1)).startsWith("WH-A,COFFEE,seasonal-naive," + week(96) + ",");

        JsonNode byLocation =
                http.ran("{\"level\": \"location\", \"horizonWeeks\": 4, \"origin\": \"" + week(99) + "\"}");
        assertThat(byLocation.path("series")).hasSize(2);
        JsonNode warehouseA = byLocation.path("series").get(0);
        assertThat(warehouseA.path("location").asString()).isEqualTo("WH-A");
        assertThat(warehouseA.path("sku").isNull()).isTrue();
        assertThat(warehouseA.path("points").get(0).path("forecast").asDouble())
                .isEqualTo(seasonal(100, 100) + seasonal(100, 50));

        JsonNode bySku = http.ran("{\"level\": \"sku\", \"horizonWeeks\": 4, \"origin\": \"" + week(99) + "\"}");
        assertThat(bySku.path("series")).hasSize(2);
        assertThat(api.get("/api/v1/forecasts/" + bySku.path("id").asString() + "/series?sku=TEA")
                        .json()
                        .path("series")
                        .path("points")
                        .get(0)
                        .path("forecast")
                        .asDouble())
                .isEqualTo(seasonal(100, 100) + seasonal(100, 80));

        DemandForecasts.SeriesForecast latest = tenant.call(
                () -> forecasts.latest(new Sku("TEA"), new LocationId("WH-A")).orElseThrow());
        assertThat(latest.model()).isEqualTo("seasonal-naive");
        assertThat(latest.weeks()).hasSize(8);
        assertThat(latest.weeks().getFirst().forecast()).isEqualTo(seasonal(96, 100));
        assertThat(tenant.call(() -> forecasts.latest(new Sku("TEA"), new LocationId("WH-Z"))))
                .isEmpty();
    }

    @Test
    void refusesBadRunsAndFilesWithProblemsNamingTheField() {
        JsonNode noHistory =
                expect(api.post("/api/v1/forecasts", "{\"level\": \"location\", \"horizonWeeks\": 4}"), 422);
        assertThat(noHistory.path("type").asString()).endsWith("/no-demand-history");

        JsonNode bad = expect(
                api.post("/api/v1/forecasts", "{\"level\": \"region\", \"horizonWeeks\": 500, \"origin\": \"soon\"}"),
                400);
        assertThat(fields(bad)).containsExactlyInAnyOrder("origin");
        JsonNode level = expect(api.post("/api/v1/forecasts", "{\"level\": \"region\", \"horizonWeeks\": 4}"), 400);
        assertThat(fields(level)).containsExactly("level");
        JsonNode horizon = expect(api.post("/api/v1/forecasts", "{\"level\": \"sku\", \"horizonWeeks\": 500}"), 400);
        assertThat(horizon.path("errors").get(0).path("reason").asString()).contains("between 1 and 104", "500");
        expect(api.post("/api/v1/forecasts", "[1]"), 400);

        JsonNode missing = expect(http.postCsv("?quantityColumn=Weekly_Sales", "week,location,sku,quantity\n"), 400);
        assertThat(fields(missing)).containsExactly("quantityColumn");
        assertThat(missing.path("errors").get(0).path("reason").asString()).contains("Weekly_Sales", "week, location");
        JsonNode dates = expect(http.postCsv("?dates=months&dateFormat=qqqqqq", "week\n"), 400);
        assertThat(fields(dates)).containsExactlyInAnyOrder("dates", "dateFormat");

        expect(api.get("/api/v1/forecasts/" + UUID.randomUUID()), 404);
        expect(api.get("/api/v1/forecasts/not-a-run"), 404);
        expect(api.get("/api/v1/forecasts?limit=5000"), 400);
        expect(api.get("/api/v1/demand/history/imports/" + UUID.randomUUID()), 404);
    }

    /** Acceptance 2: a series whose demand level jumps is re-fitted by the drift check, which records why. */
    @Test
    void reFitsASeriesWhoseLevelJumpsAndRecordsWhy() {
        StringBuilder csv = new StringBuilder("week,location,sku,quantity\n");
        for (int i = 0; i < 104; i++) {
            csv.append(week(i)).append(",WH-D,STEADY,").append(seasonal(i, 100)).append('\n');
            csv.append(week(i)).append(",WH-D,JUMP,").append(seasonal(i, 100)).append('\n');
        }
        assertThat(http.imported(http.postCsv("", csv.toString()))
                        .path("status")
                        .asString())
                .isEqualTo("completed");
        JsonNode run =
                http.ran("{\"level\": \"sku-location\", \"horizonWeeks\": 12, \"origin\": \"" + week(103) + "\"}");
        assertThat(run.path("status").asString()).isEqualTo("done");
        String runId = run.path("id").asString();

        // Four more weeks happen: STEADY goes on as forecast, JUMP sells three times as much.
        StringBuilder later = new StringBuilder("week,location,sku,quantity\n");
        for (int i = 104; i < 108; i++) {
            later.append(week(i))
                    .append(",WH-D,STEADY,")
                    .append(seasonal(i, 100))
                    .append('\n');
            later.append(week(i))
                    .append(",WH-D,JUMP,")
                    .append(3 * seasonal(i, 100))
                    .append('\n');
        }
        assertThat(http.imported(http.postCsv("", later.toString()))
                        .path("status")
                        .asString())
                .isEqualTo("completed");

        JsonNode jump = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/api/v1/forecasts/" + runId + "/series?location=WH-D&sku=JUMP")
                                .json()
                                .path("series"),
                        series -> !series.path("refits").isEmpty());
        JsonNode refit = jump.path("refits").get(0);
        assertThat(refit.path("reason").asString())
                .contains(
                        "rolling WAPE 0.667",
                        "4 weeks",
                        week(104).toString(),
                        week(107).toString(),
                        "exceeds");
        assertThat(refit.path("rollingWape").asDouble()).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(refit.path("backtestWape").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(refit.path("previousOrigin").asString()).isEqualTo(week(103).toString());
        assertThat(refit.path("origin").asString()).isEqualTo(week(107).toString());
        assertThat(jump.path("origin").asString()).isEqualTo(week(107).toString());
        assertThat(jump.path("points").get(0).path("week").asString())
                .isEqualTo(week(108).toString());

        JsonNode steady = api.get("/api/v1/forecasts/" + runId + "/series?location=WH-D&sku=STEADY")
                .json()
                .path("series");
        assertThat(steady.path("refits")).isEmpty();
        assertThat(steady.path("origin").asString()).isEqualTo(week(103).toString());
        assertThat(api.get("/api/v1/forecasts/" + runId).json().path("refits").asInt())
                .isEqualTo(1);
        // Checked again, nothing has drifted since the re-fit.
        assertThat(api.post("/api/v1/forecasts/" + runId + "/drift-check", null)
                        .json()
                        .path("refitted"))
                .isEmpty();
    }

    @Test
    void ordersAllocatedToALocationAreItsDemand() {
        expect(api.put("/api/v1/locations/WH-ORD", """
                        {"name": "Order demand", "type": "warehouse", "latitude": 31.2, "longitude": 121.5,
                         "country": "CN", "timeZone": "Asia/Shanghai"}"""), 200);
        expect(
                api.put(
                        "/api/v1/locations/WH-ORD/stock",
                        "{\"asOf\": \"2026-11-01T00:00:00Z\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 50}]}"),
                200);
        for (int i = 0; i < 3; i++) {
            expect(api.post("/api/v1/orders", OrderMother.paidOrder("DEMAND-" + UUID.randomUUID())), 201);
        }
        LocalDate thisWeek = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        JsonNode run = http.ran("{\"level\": \"sku-location\", \"horizonWeeks\": 2, \"origin\": \"" + thisWeek + "\"}");
        assertThat(run.path("status").asString()).isEqualTo("done");
        JsonNode one = api.get("/api/v1/forecasts/" + run.path("id").asString() + "/series?location=WH-ORD&sku=TEA-001")
                .json();
        assertThat(one.path("history")).hasSize(1);
        assertThat(one.path("history").get(0).path("week").asString()).isEqualTo(thisWeek.toString());
        assertThat(one.path("history").get(0).path("quantity").asDouble()).isEqualTo(6);
    }

    static JsonNode expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response.json();
    }

    static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(error -> fields.add(error.path("field").asString()));
        return fields;
    }
}

package dev.fulcrum.demand.web;

import dev.fulcrum.demand.DemandHistory;
import dev.fulcrum.demand.ForecastRun;
import dev.fulcrum.demand.ForecastRuns;
import dev.fulcrum.demand.ForecastSeries;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Forecast runs: start one, follow it, read its series, export it as CSV, check it for drift. */
@RestController
@RequestMapping("/api/v1/forecasts")
@Tag(name = "Forecasts")
class ForecastController {

    private final ForecastRuns runs;
    private final DemandHistory history;

    ForecastController(ForecastRuns runs, DemandHistory history) {
        this.runs = runs;
        this.history = history;
    }

    /** A run and, once it is done, one page of its series. */
    record RunDetail(
            UUID id,
            String level,
            int horizonWeeks,
            LocalDate origin,
            String status,
            ForecastRun.Progress progress,
            ForecastRun.Evaluation evaluation,
            int refits,
            @Nullable String error,
            Instant createdAt,
            @Nullable Instant finishedAt,
            @Nullable List<ForecastSeries> series,
            @Nullable SeriesPage seriesPage) {

        static RunDetail of(ForecastRun run, @Nullable List<ForecastSeries> series, @Nullable SeriesPage page) {
            return new RunDetail(
                    run.id(),
                    run.level(),
                    run.horizonWeeks(),
                    run.origin(),
                    run.status(),
                    run.progress(),
                    run.evaluation(),
                    run.refits(),
                    run.error(),
                    run.createdAt(),
                    run.finishedAt(),
                    series,
                    page);
        }
    }

    /** Where this page of series starts, how many it holds at most, and the next page's address (null at the end). */
    record SeriesPage(
            long offset, int limit, int total, @Nullable String next) {}

    record RunList(List<ForecastRun> runs) {}

    record SeriesDetail(ForecastSeries series, List<ForecastSeries.HistoryWeek> history) {}

    record DriftOutcome(List<ForecastSeries> refitted) {}

    @PostMapping
    @Operation(
            summary = "Start a forecast run",
            description = "Body: {\"level\": \"location\" | \"sku\" | \"sku-location\", \"horizonWeeks\": 26 (1 to"
                    + " fulcrum.demand.max-horizon-weeks, 104), \"origin\": \"2012-04-27\" (the last week of history"
                    + " the run learns from; default the last complete week)}. Answers 202 with the run; follow"
                    + " GET /api/v1/forecasts/{id}.")
    ResponseEntity<RunDetail> start(@RequestBody(required = false) @Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("body", "must be a JSON object with level, horizonWeeks and origin");
        }
        List<FieldProblem> problems = new ArrayList<>();
        JsonNode level = body.path("level");
        if (!level.isString() || level.asString().isBlank()) {
            problems.add(new FieldProblem("level", "is required: location, sku or sku-location"));
        }
        JsonNode horizon = body.path("horizonWeeks");
        int horizonWeeks = 26;
        if (!horizon.isMissingNode() && !horizon.isNull()) {
            if (!horizon.isIntegralNumber() || !horizon.canConvertToInt()) {
                problems.add(new FieldProblem("horizonWeeks", "must be a whole number of weeks"));
            } else {
                horizonWeeks = horizon.asInt();
            }
        }
        LocalDate origin = null;
        JsonNode originNode = body.path("origin");
        if (!originNode.isMissingNode() && !originNode.isNull()) {
            try {
                origin = LocalDate.parse(originNode.asString());
            } catch (DateTimeParseException notADate) {
                problems.add(new FieldProblem("origin", "must be an ISO date such as 2012-04-27"));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        ForecastRun run = runs.start(level.asString(), horizonWeeks, origin);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/forecasts/" + run.id()))
                .body(RunDetail.of(run, null, null));
    }

    @GetMapping
    @Operation(summary = "The newest forecast runs first (at most limit, 20 by default, 100 at most)")
    RunList list(
            @Parameter(
                            description = "Runs per answer",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
                    @RequestParam(defaultValue = "20")
                    int limit) {
        return new RunList(runs.list(RequestLimits.pageSize("limit", limit, 100)));
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "A forecast run: status, progress, evaluation and, when done, a page of its series",
            description = "Series are ordered by location and SKU; limit (default 100, at most 1000) and offset page"
                    + " through them, and seriesPage.next names the next page.")
    RunDetail get(
            @PathVariable String id,
            @Parameter(
                            description = "Series per answer",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "100"))
                    @RequestParam(defaultValue = "" + ForecastRuns.DEFAULT_SERIES_PAGE)
                    int limit,
            @RequestParam(defaultValue = "0") long offset) {
        int size = RequestLimits.pageSize("limit", limit, ForecastRuns.MAX_SERIES_PAGE);
        if (offset < 0) {
            throw ApiProblem.invalid("offset", "must not be negative, got " + offset);
        }
        ForecastRun run = runs.get(runId(id));
        if (!run.status().equals("done")) {
            return RunDetail.of(run, null, null);
        }
        List<ForecastSeries> series = runs.series(run.id(), size, offset);
        int total = run.progress().seriesDone();
        String next = offset + series.size() < total
                ? "/api/v1/forecasts/" + run.id() + "?limit=" + size + "&offset=" + (offset + series.size())
                : null;
        return RunDetail.of(run, series, new SeriesPage(offset, size, total, next));
    }

    @GetMapping("/{id}/series")
    @Operation(
            summary = "One series of a run, with its weekly history",
            description = "location and sku name the series; leave out location at the sku level and sku at the"
                    + " location level.")
    SeriesDetail series(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String location,
            @RequestParam(required = false) @Nullable String sku) {
        ForecastSeries series = runs.oneSeries(runId(id), blankToNull(location), blankToNull(sku));
        return new SeriesDetail(
                series,
                history.weeks(
                        series.location() == null ? "" : series.location(), series.sku() == null ? "" : series.sku()));
    }

    @GetMapping(value = "/{id}/export", produces = "text/csv")
    @Operation(summary = "Every point of a run as CSV: location,sku,model,week,forecast,lower,upper (streamed)")
    void export(@PathVariable String id, HttpServletResponse response) throws IOException {
        UUID run = runId(id);
        runs.get(run);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"forecast-" + run + ".csv\"");
        // Written as it is read, a thousand series at a time: the response is chunked, never held whole.
        runs.export(run, response.getWriter());
    }

    @PostMapping("/{id}/drift-check")
    @Operation(
            summary = "Compare the completed weeks with the run's forecasts and re-fit the series that drifted",
            description = "A series is re-fitted when the WAPE of its last 4 compared weeks exceeds 1.5 x its chosen"
                    + " model's backtest WAPE + 0.05 (fulcrum.demand.drift.*); each re-fit records why. Also runs by"
                    + " itself after every demand history import, on the latest done run of each level.")
    DriftOutcome driftCheck(@PathVariable String id) {
        return new DriftOutcome(runs.checkDrift(runId(id)));
    }

    private static UUID runId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("forecast run " + id + " does not exist");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

package dev.fulcrum.demand;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.demand.internal.DriftCheck;
import dev.fulcrum.demand.internal.ForecastJobs;
import dev.fulcrum.demand.internal.HistoryStore;
import dev.fulcrum.demand.internal.PartitionWork;
import dev.fulcrum.demand.internal.RunStore;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.RequestLimits;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forecast runs: start one at a level, follow it, read its series, export it, check it for drift. A run's series are
 * split into partitions of {@code fulcrum.demand.partition-series} series (200), each a job that any instance claims
 * through the job library. Caps (docs/guide/limits.md): a horizon of at most {@code fulcrum.demand.max-horizon-weeks}
 * (104) weeks, at most {@code fulcrum.demand.max-series-per-run} series (100,000), pages of at most
 * {@value #MAX_SERIES_PAGE} series.
 */
@Service
public class ForecastRuns {

    public static final Set<String> LEVELS = Set.of("location", "sku", "sku-location");
    public static final int MAX_SERIES_PAGE = 1000;
    public static final int DEFAULT_SERIES_PAGE = 100;

    private final HistoryStore history;
    private final RunStore runs;
    private final ForecastJobs jobs;
    private final DriftCheck drift;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int maxHorizonWeeks;
    private final int maxSeries;
    private final int partitionSeries;

    ForecastRuns(
            HistoryStore history,
            RunStore runs,
            ForecastJobs jobs,
            DriftCheck drift,
            AuditLog audit,
            PlatformTransactionManager transactionManager,
            Clock clock,
            @Value("${fulcrum.demand.max-horizon-weeks:104}") int maxHorizonWeeks,
            @Value("${fulcrum.demand.max-series-per-run:100000}") int maxSeries,
            @Value("${fulcrum.demand.partition-series:200}") int partitionSeries) {
        this.history = history;
        this.runs = runs;
        this.jobs = jobs;
        this.drift = drift;
        this.audit = audit;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.maxHorizonWeeks = maxHorizonWeeks;
        this.maxSeries = maxSeries;
        this.partitionSeries = Math.max(1, partitionSeries);
    }

    public int maxHorizonWeeks() {
        return maxHorizonWeeks;
    }

    /**
     * Starts a run in the background and returns it, running. Without {@code origin} the run learns from the last
     * complete week: the latest week with demand that ended before today (UTC).
     *
     * @throws ApiProblem 400 for an unknown level or a horizon outside 1 to the cap; 413 for more series than the cap;
     *     422 when there is no history up to the origin
     */
    public ForecastRun start(String level, int horizonWeeks, @Nullable LocalDate origin) {
        String normalized = level.strip().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(normalized)) {
            throw ApiProblem.invalid("level", "must be location, sku or sku-location, got " + level);
        }
        if (horizonWeeks < 1 || horizonWeeks > maxHorizonWeeks) {
            throw ApiProblem.invalid(
                    "horizonWeeks",
                    "must be between 1 and " + maxHorizonWeeks + " (fulcrum.demand.max-horizon-weeks), got "
                            + horizonWeeks);
        }
        UUID id = Ids.timeOrdered();
        List<PartitionWork.Job> scheduled = transactions.execute(tx -> {
            LocalDate from = origin != null ? origin : lastCompleteWeek();
            List<HistoryStore.SeriesKey> series = history.seriesOf(normalized, from, maxSeries + 1);
            if (series.isEmpty()) {
                throw ApiProblem.unprocessable(
                        "no-demand-history",
                        "there is no demand history up to " + from
                                + ": import some (POST /api/v1/demand/history) or choose a later origin");
            }
            if (series.size() > maxSeries) {
                throw ApiProblem.tooLarge(
                        "level",
                        RequestLimits.overCap(series.size(), maxSeries, "series per run")
                                        .replace("got " + series.size(), "got more")
                                + " (fulcrum.demand.max-series-per-run)");
            }
            List<List<HistoryStore.SeriesKey>> partitions = new ArrayList<>();
            for (int i = 0; i < series.size(); i += partitionSeries) {
                partitions.add(series.subList(i, Math.min(series.size(), i + partitionSeries)));
            }
            runs.insertRun(id, normalized, horizonWeeks, from, partitions, series.size(), clock.instant());
            audit.record(
                    "forecast.run.started",
                    "forecast-run",
                    id.toString(),
                    Map.of("level", normalized, "horizonWeeks", horizonWeeks, "origin", from.toString()));
            List<PartitionWork.Job> partitionJobs = new ArrayList<>();
            for (int i = 0; i < partitions.size(); i++) {
                partitionJobs.add(new PartitionWork.Job(RequestContext.require().tenantId(), id, i));
            }
            return partitionJobs;
        });
        // After the commit, so that whichever instance claims a partition finds the run.
        jobs.schedule(scheduled);
        return get(id);
    }

    private LocalDate lastCompleteWeek() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate last = history.lastWeek().orElse(null);
        if (last == null) {
            return today.with(java.time.temporal.TemporalAdjusters.previous(DayOfWeek.MONDAY));
        }
        // A week is complete once its seventh day has passed.
        return last.plusDays(6).isBefore(today) ? last : last.minusWeeks(1);
    }

    /**
     * A run of the current tenant.
     *
     * @throws ApiProblem 404 when the run does not exist for this tenant
     */
    public ForecastRun get(UUID id) {
        return transactions
                .execute(tx -> runs.run(id))
                .orElseThrow(() -> ApiProblem.notFound("forecast run " + id + " does not exist"));
    }

    /** The newest runs first. */
    public List<ForecastRun> list(int limit) {
        return transactions.execute(tx -> runs.runs(limit));
    }

    /** A page of a run's series ordered by location and SKU. */
    public List<ForecastSeries> series(UUID runId, int limit, long offset) {
        get(runId);
        return transactions.execute(tx -> runs.series(runId, limit, offset));
    }

    /**
     * One series of a run; {@code location} or {@code sku} null for "all" (the location and SKU levels).
     *
     * @throws ApiProblem 404 when the run or the series does not exist
     */
    public ForecastSeries oneSeries(UUID runId, @Nullable String location, @Nullable String sku) {
        get(runId);
        String at = location == null ? "" : location;
        String of = sku == null ? "" : sku;
        return transactions
                .execute(tx -> runs.oneSeries(runId, at, of))
                .orElseThrow(() -> ApiProblem.notFound("forecast run " + runId + " has no series for location "
                        + (location == null ? "(all)" : location) + " and sku " + (sku == null ? "(all)" : sku)));
    }

    /**
     * Writes every point of a run as CSV ({@code location,sku,model,week,forecast,lower,upper}), reading
     * {@value #MAX_SERIES_PAGE} series at a time so that a run of any size streams in bounded memory.
     */
    public void export(UUID runId, Writer out) throws IOException {
        get(runId);
        out.write("location,sku,model,week,forecast,lower,upper\n");
        String location = "";
        String sku = "";
        boolean first = true;
        while (true) {
            String afterLocation = location;
            String afterSku = sku;
            boolean firstPage = first;
            List<ForecastSeries> page = transactions.execute(tx -> firstPage
                    ? runs.series(runId, MAX_SERIES_PAGE, 0)
                    : runs.seriesAfter(runId, afterLocation, afterSku, MAX_SERIES_PAGE));
            for (ForecastSeries series : page) {
                for (ForecastSeries.Point point : series.points()) {
                    out.write(csv(series.location()) + "," + csv(series.sku()) + "," + csv(series.model()) + ","
                            + point.week() + "," + number(point.forecast()) + "," + number(point.lower()) + ","
                            + number(point.upper()) + "\n");
                }
            }
            out.flush();
            if (page.size() < MAX_SERIES_PAGE) {
                return;
            }
            ForecastSeries last = page.getLast();
            location = last.location() == null ? "" : last.location();
            sku = last.sku() == null ? "" : last.sku();
            first = false;
        }
    }

    /** Checks the tenant's latest done run of each level for drift; returns the series re-fitted. */
    public List<ForecastSeries> checkDrift() {
        List<UUID> latest = transactions.execute(tx -> runs.latestDoneRuns());
        List<ForecastSeries> refitted = new ArrayList<>();
        latest.forEach(run -> refitted.addAll(drift.check(run)));
        return refitted;
    }

    /** Checks one run for drift; returns the series re-fitted. */
    public List<ForecastSeries> checkDrift(UUID runId) {
        ForecastRun run = get(runId);
        if (!run.status().equals("done")) {
            throw ApiProblem.conflict("run-not-done", "forecast run " + runId + " is " + run.status() + ", not done");
        }
        return drift.check(runId);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String csv(@Nullable String value) {
        if (value == null) {
            return "";
        }
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\""
                : value;
    }
}

package dev.fulcrum.demand.internal;

import dev.fulcrum.demand.ForecastRun;
import dev.fulcrum.demand.ForecastSeries;
import dev.fulcrum.demand.models.Forecaster;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forecasts one partition of a run: reads its series' history set-based, hands the history up to the origin to the
 * {@link Forecaster} in one call (global models learn across the partition), scores each series against the weeks
 * after the origin, and writes the series and the run's progress in one transaction. A partition that another instance
 * finished first is written once: the loser's transaction finds it no longer pending and writes nothing.
 */
@Component
public class PartitionWork {

    private static final Logger log = LoggerFactory.getLogger(PartitionWork.class);

    private final HistoryStore history;
    private final RunStore runs;
    private final ObjectProvider<Forecaster> forecaster;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String claimant = "instance-" + UUID.randomUUID();

    PartitionWork(
            HistoryStore history,
            RunStore runs,
            ObjectProvider<Forecaster> forecaster,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.history = history;
        this.runs = runs;
        this.forecaster = forecaster;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** A job's data: tenant, run and partition number, as the job library stores it. */
    public record Job(TenantId tenant, UUID runId, int partitionNo) {

        public String data() {
            return tenant.value() + "/" + runId + "/" + partitionNo;
        }

        public static Job parse(String data) {
            String[] parts = data.split("/", 3);
            return new Job(
                    new TenantId(UUID.fromString(parts[0])), UUID.fromString(parts[1]), Integer.parseInt(parts[2]));
        }
    }

    public void run(Job job) {
        RequestContext.runAs(job.tenant(), "forecast-job", () -> {
            try {
                forecast(job);
            } catch (RuntimeException failed) {
                log.warn("forecast run {} partition {} failed", job.runId(), job.partitionNo(), failed);
                transactions.executeWithoutResult(tx -> {
                    if (runs.finishPartition(job.runId(), job.partitionNo(), "failed", claimant)) {
                        runs.failRun(
                                job.runId(),
                                "partition " + job.partitionNo() + " failed: " + failed.getMessage(),
                                clock.instant());
                    }
                });
            }
            return null;
        });
    }

    private void forecast(Job job) {
        ForecastRun run = transactions.execute(tx -> runs.run(job.runId())).orElse(null);
        List<HistoryStore.SeriesKey> keys = transactions
                .execute(tx -> runs.pendingPartition(job.runId(), job.partitionNo()))
                .orElse(null);
        if (run == null || keys == null || !run.status().equals("running")) {
            return;
        }
        Forecaster models = forecaster.getIfAvailable();
        if (models == null) {
            throw new IllegalStateException("no Forecaster is configured on this instance");
        }
        Map<String, List<Forecaster.WeeklyPoint>> all = transactions.execute(tx -> history.weeks(keys));
        LocalDate origin = run.origin();
        Map<String, List<Forecaster.WeeklyPoint>> fit = new LinkedHashMap<>();
        all.forEach((id, points) -> {
            List<Forecaster.WeeklyPoint> known = Scores.upTo(points, origin);
            if (!known.isEmpty()) {
                fit.put(id, known);
            }
        });
        Map<String, Forecaster.Forecast> forecasts = fit.isEmpty()
                ? Map.of()
                : models.forecast(fit, run.horizonWeeks(), Scores.holidayWeeks(fit, origin, run.horizonWeeks()));
        List<RunStore.StoredSeries> stored = new ArrayList<>();
        Scores.Score total = Scores.Score.NONE;
        for (HistoryStore.SeriesKey key : keys) {
            Forecaster.Forecast forecast = forecasts.get(key.id());
            if (forecast == null) {
                continue;
            }
            List<ForecastSeries.Point> points = Scores.points(forecast);
            Scores.Score score = Scores.score(all.getOrDefault(key.id(), List.of()), origin, points);
            total = new Scores.Score(
                    total.weeks() + score.weeks(),
                    total.actualSum() + score.actualSum(),
                    total.absErrorNaive() + score.absErrorNaive(),
                    total.absErrorChosen() + score.absErrorChosen());
            stored.add(new RunStore.StoredSeries(
                    key,
                    origin,
                    forecast.model(),
                    points,
                    Scores.backtests(forecast),
                    Scores.errorStdDev(points),
                    score));
        }
        Scores.Score sum = total;
        transactions.executeWithoutResult(tx -> {
            if (!runs.finishPartition(job.runId(), job.partitionNo(), "done", claimant)) {
                return;
            }
            runs.saveSeries(job.runId(), stored);
            runs.addPartition(job.runId(), stored.size(), sum, clock.instant());
        });
    }
}

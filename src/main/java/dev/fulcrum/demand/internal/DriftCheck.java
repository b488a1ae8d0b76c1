package dev.fulcrum.demand.internal;

import dev.fulcrum.demand.ForecastRun;
import dev.fulcrum.demand.ForecastSeries;
import dev.fulcrum.demand.models.Forecaster;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compares each completed week after a series' origin with what was forecast for it. When the WAPE of the last
 * {@code fulcrum.demand.drift.window-weeks} compared weeks (4; at least {@code min-weeks}, 2) exceeds
 * {@code factor} (1.5) times the chosen model's backtest WAPE plus {@code margin} (0.05), the series is re-fitted on
 * all its history, its origin moves to its latest week, and the series records why.
 */
@Component
public class DriftCheck {

    private static final int PAGE = 500;

    private final RunStore runs;
    private final HistoryStore history;
    private final ObjectProvider<Forecaster> forecaster;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final double factor;
    private final double margin;
    private final int windowWeeks;
    private final int minWeeks;

    DriftCheck(
            RunStore runs,
            HistoryStore history,
            ObjectProvider<Forecaster> forecaster,
            PlatformTransactionManager transactionManager,
            Clock clock,
            @Value("${fulcrum.demand.drift.factor:1.5}") double factor,
            @Value("${fulcrum.demand.drift.margin:0.05}") double margin,
            @Value("${fulcrum.demand.drift.window-weeks:4}") int windowWeeks,
            @Value("${fulcrum.demand.drift.min-weeks:2}") int minWeeks) {
        this.runs = runs;
        this.history = history;
        this.forecaster = forecaster;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.factor = factor;
        this.margin = margin;
        this.windowWeeks = windowWeeks;
        this.minWeeks = minWeeks;
    }

    /** Checks every series of a done run; returns the series it re-fitted, each with its newest refit. */
    public List<ForecastSeries> check(UUID runId) {
        ForecastRun run = transactions.execute(tx -> runs.run(runId)).orElse(null);
        if (run == null || !run.status().equals("done")) {
            return List.of();
        }
        Forecaster models = forecaster.getIfAvailable();
        if (models == null) {
            return List.of();
        }
        List<ForecastSeries> refitted = new ArrayList<>();
        long offset = 0;
        while (true) {
            long from = offset;
            List<ForecastSeries> page = transactions.execute(tx -> runs.series(runId, PAGE, from));
            if (page.isEmpty()) {
                break;
            }
            offset += page.size();
            List<HistoryStore.SeriesKey> keys =
                    page.stream().map(DriftCheck::key).toList();
            Map<String, List<Forecaster.WeeklyPoint>> weeks = transactions.execute(tx -> history.weeks(keys));
            for (ForecastSeries series : page) {
                List<Forecaster.WeeklyPoint> actual =
                        weeks.getOrDefault(key(series).id(), List.of());
                ForecastSeries after = checkOne(run, series, actual, models);
                if (after != null) {
                    transactions.executeWithoutResult(tx -> runs.refit(runId, after));
                    refitted.add(after);
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        return refitted;
    }

    private @Nullable ForecastSeries checkOne(
            ForecastRun run, ForecastSeries series, List<Forecaster.WeeklyPoint> actual, Forecaster models) {
        Map<LocalDate, Double> happened = new java.util.HashMap<>();
        actual.forEach(point -> happened.put(point.week(), point.quantity()));
        List<ForecastSeries.Point> compared = series.points().stream()
                .filter(point -> point.week().isAfter(series.origin()) && happened.containsKey(point.week()))
                .sorted(Comparator.comparing(ForecastSeries.Point::week))
                .toList();
        if (compared.size() < minWeeks) {
            return null;
        }
        List<ForecastSeries.Point> window =
                compared.subList(Math.max(0, compared.size() - windowWeeks), compared.size());
        double actualSum = 0;
        double errorSum = 0;
        for (ForecastSeries.Point point : window) {
            double units = java.util.Objects.requireNonNull(happened.get(point.week()));
            actualSum += Math.abs(units);
            errorSum += Math.abs(units - point.forecast());
        }
        if (actualSum <= 0) {
            return null;
        }
        double rolling = errorSum / actualSum;
        double backtest = series.backtests().stream()
                .filter(b -> b.model().equals(series.model()))
                .mapToDouble(ForecastSeries.Backtest::wape)
                .findFirst()
                .orElse(series.backtests().stream()
                        .mapToDouble(ForecastSeries.Backtest::wape)
                        .min()
                        .orElse(0));
        double threshold = factor * backtest + margin;
        if (rolling <= threshold) {
            return null;
        }
        LocalDate newOrigin = actual.stream()
                .map(Forecaster.WeeklyPoint::week)
                .max(Comparator.naturalOrder())
                .orElse(series.origin());
        String id = key(series).id();
        Map<String, List<Forecaster.WeeklyPoint>> fit = Map.of(id, Scores.upTo(actual, newOrigin));
        Map<String, Forecaster.Forecast> forecast =
                models.forecast(fit, run.horizonWeeks(), Scores.holidayWeeks(fit, newOrigin, run.horizonWeeks()));
        Forecaster.Forecast refit = forecast.get(id);
        if (refit == null) {
            return null;
        }
        String reason = String.format(
                Locale.ROOT,
                "rolling WAPE %.3f over the %d weeks %s to %s exceeds %.2f x backtest WAPE %.3f (%s) + %.2f: re-fitted"
                        + " on the history up to %s",
                rolling,
                window.size(),
                window.getFirst().week(),
                window.getLast().week(),
                factor,
                backtest,
                series.model(),
                margin,
                newOrigin);
        List<ForecastSeries.Point> points = Scores.points(refit);
        List<ForecastSeries.Refit> refits = new ArrayList<>(series.refits());
        refits.add(new ForecastSeries.Refit(
                clock.instant(),
                reason,
                rolling,
                backtest,
                window.size(),
                series.origin(),
                series.model(),
                newOrigin,
                refit.model()));
        return new ForecastSeries(
                series.location(),
                series.sku(),
                newOrigin,
                refit.model(),
                Scores.errorStdDev(points),
                points,
                Scores.backtests(refit),
                series.evaluation(),
                List.copyOf(refits));
    }

    private static HistoryStore.SeriesKey key(ForecastSeries series) {
        return new HistoryStore.SeriesKey(
                series.location() == null ? "" : series.location(), series.sku() == null ? "" : series.sku());
    }
}

package dev.fulcrum.demand.internal;

import dev.fulcrum.demand.ForecastSeries;
import dev.fulcrum.demand.models.Forecaster;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The arithmetic of a run's evaluation: seasonal naive (the same week a year before, from the history up to the origin)
 * and the chosen model against what happened after the origin, as sums for the weighted absolute percentage error
 * (WAPE = sum of absolute errors / sum of actual units), so that series and partitions add up to the run's figure.
 */
public final class Scores {

    /** Days in the 52-week season of weekly series. */
    static final long SEASON_DAYS = 364;
    /** The z of an 80 % two-sided normal interval: the interval is the forecast ± z standard deviations. */
    static final double Z_80 = 1.2816;

    private Scores() {}

    /** Sums over the weeks after the origin that have history and both forecasts. */
    public record Score(int weeks, double actualSum, double absErrorNaive, double absErrorChosen) {

        static final Score NONE = new Score(0, 0, 0, 0);
    }

    public static Score score(
            List<Forecaster.WeeklyPoint> history, LocalDate origin, List<ForecastSeries.Point> points) {
        Map<LocalDate, Double> actual = new HashMap<>();
        history.forEach(point -> actual.put(point.week(), point.quantity()));
        int weeks = 0;
        double actualSum = 0;
        double naiveError = 0;
        double chosenError = 0;
        for (ForecastSeries.Point point : points) {
            Double happened = actual.get(point.week());
            Double naive = seasonalNaive(actual, origin, point.week());
            if (!point.week().isAfter(origin) || happened == null || naive == null) {
                continue;
            }
            weeks++;
            actualSum += Math.abs(happened);
            naiveError += Math.abs(happened - naive);
            chosenError += Math.abs(happened - point.forecast());
        }
        return new Score(weeks, actualSum, naiveError, chosenError);
    }

    /** The value of the same week one or more seasons before {@code week}, at or before the origin; null if none. */
    static @Nullable Double seasonalNaive(Map<LocalDate, Double> actual, LocalDate origin, LocalDate week) {
        long ahead = ChronoUnit.DAYS.between(origin, week);
        long seasons = Math.max(1, (ahead + SEASON_DAYS - 1) / SEASON_DAYS);
        return actual.get(week.minusDays(seasons * SEASON_DAYS));
    }

    /** The weeks of the horizon that were holidays a season before in any of the series. */
    public static Set<LocalDate> holidayWeeks(
            Map<String, List<Forecaster.WeeklyPoint>> series, LocalDate origin, int horizonWeeks) {
        Set<LocalDate> holidays = new TreeSet<>();
        LocalDate end = origin.plusWeeks(horizonWeeks);
        for (List<Forecaster.WeeklyPoint> points : series.values()) {
            for (Forecaster.WeeklyPoint point : points) {
                LocalDate next = point.week().plusDays(SEASON_DAYS);
                while (point.holiday() && !next.isAfter(end)) {
                    if (next.isAfter(origin)) {
                        holidays.add(next);
                    }
                    next = next.plusDays(SEASON_DAYS);
                }
            }
        }
        return holidays;
    }

    /** The standard deviation of the weekly forecast error, read back from the first week's 80 % interval. */
    public static double errorStdDev(List<ForecastSeries.Point> points) {
        if (points.isEmpty()) {
            return 0;
        }
        ForecastSeries.Point first = points.getFirst();
        return Math.max(0, (first.upper() - first.lower()) / (2 * Z_80));
    }

    /** The series' history up to and including {@code origin}. */
    public static List<Forecaster.WeeklyPoint> upTo(List<Forecaster.WeeklyPoint> history, LocalDate origin) {
        return history.stream().filter(point -> !point.week().isAfter(origin)).toList();
    }

    public static List<ForecastSeries.Point> points(Forecaster.Forecast forecast) {
        return forecast.points().stream()
                .map(p -> new ForecastSeries.Point(p.week(), p.forecast(), p.lower(), p.upper()))
                .toList();
    }

    public static List<ForecastSeries.Backtest> backtests(Forecaster.Forecast forecast) {
        return forecast.backtests().stream()
                .map(b -> new ForecastSeries.Backtest(b.model(), b.wape(), b.origins()))
                .toList();
    }
}

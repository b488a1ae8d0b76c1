package dev.fulcrum.demand.models;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.StatUtils;
import org.springframework.stereotype.Component;

/**
 * The {@link Forecaster}: fits every candidate model to every series of a partition, backtests each on the history
 * alone from rolling origins, keeps per series the candidate with the lowest backtest error, and forecasts with it,
 * with an 80 % interval from the chosen candidate's backtest errors (ADR 0124). Stateless and thread-safe; series are
 * worked on in parallel (the common fork-join pool).
 *
 * <p><b>Candidates</b>, in the order they are reported (ties go to the earlier): {@code seasonal-naive} (the baseline),
 * {@code holt-winters}, {@code holt-winters-damped}, {@code theta}, {@code global-linear} (learnt across the partition)
 * and {@code combination}, per series the mean of the three base candidates (any of the five before it) with the lowest
 * backtest error. Its own backtest is the same mean over the same origins, so it is measured on the weeks that ranked
 * its members: an optimistic figure, which is why it is not chosen when it only ties.
 *
 * <p><b>Backtest.</b> The window is the last W = min(horizon, longest series / 2) weeks of history. Up to
 * {@value #BACKTEST_ORIGINS} origins lie in it, W, W − s, W − 2s, W − 3s weeks before each series' end (s = ⌈W / 4⌉);
 * from each, every candidate is fitted to the weeks before it and forecasts up to the end of the history. A series uses
 * the origins that leave it half of its history. A candidate's error is its WAPE over all those weeks: the sum of
 * absolute errors over the sum of actual quantities (at least one unit, so a series without demand there reports its
 * absolute error). A series too short for any origin gets seasonal naive, with every backtest reporting 0 origins.
 *
 * <p><b>Interval.</b> The chosen candidate's backtest errors (actual − forecast): with 20 or more, the forecast plus
 * their 10th and 90th percentiles; with fewer, ± 1.2816 times their root mean square (a normal approximation); with
 * none, ± 1.2816 times the history's standard deviation. One width for every week of the horizon. Forecasts and lower
 * bounds are never below zero.
 *
 * <p><b>Bounded work.</b> Only the last {@value #MAX_HISTORY_WEEKS} weeks of a series are used; each optimised fit takes
 * at most {@value Optimisation#MAX_EVALUATIONS} passes over them; the global model is fitted once per origin over at
 * most 156 weeks × 8 horizons rows per series.
 */
@Component
public class ModelSelection implements Forecaster {

    static final String COMBINATION = "combination";
    static final int MAX_HISTORY_WEEKS = 156;
    static final int MAX_HORIZON_WEEKS = 104;
    static final int BACKTEST_ORIGINS = 4;
    static final int MIN_EMPIRICAL_RESIDUALS = 20;
    static final double Z_80 = 1.2815515655446004;

    private static final List<LocalModel> LOCAL_MODELS =
            List.of(new SeasonalNaive(), new HoltWinters(false), new HoltWinters(true), new Theta());
    /** Every candidate, in reporting order; the baseline first. */
    static final List<String> CANDIDATES = List.of(
            SeasonalNaive.NAME,
            HoltWinters.ADDITIVE,
            HoltWinters.DAMPED,
            Theta.NAME,
            GlobalLinearModel.NAME,
            COMBINATION);

    private static final int GLOBAL = 4;
    private static final int COMBINED = 5;
    /** How many of the base candidates, the best by backtest, the combination averages. */
    static final int COMBINED_COUNT = 3;

    @Override
    public Map<String, Forecast> forecast(
            Map<String, List<WeeklyPoint>> series, int horizonWeeks, Set<LocalDate> holidayWeeks) {
        Map<String, Evaluation> evaluations = evaluate(series, horizonWeeks, holidayWeeks);
        Map<String, Forecast> forecasts = new LinkedHashMap<>();
        evaluations.forEach((key, evaluation) -> forecasts.put(key, evaluation.toForecast()));
        return forecasts;
    }

    /** Every candidate's backtest and forecast per series, with the choice: {@link #forecast} and the reports use it. */
    Map<String, Evaluation> evaluate(
            Map<String, List<WeeklyPoint>> series, int horizonWeeks, Set<LocalDate> holidayWeeks) {
        if (horizonWeeks < 1 || horizonWeeks > MAX_HORIZON_WEEKS) {
            throw new IllegalArgumentException(
                    "horizonWeeks must be between 1 and " + MAX_HORIZON_WEEKS + ", was " + horizonWeeks);
        }
        List<String> keys = new ArrayList<>(series.keySet());
        List<SeriesData> prepared = new ArrayList<>(keys.size());
        for (String key : keys) {
            prepared.add(prepare(key, series.getOrDefault(key, List.of()), horizonWeeks, holidayWeeks));
        }
        int[] offsets = backtestOffsets(prepared, horizonWeeks);
        // One global model per origin (offset 0: the whole history), each learnt from every series cut there.
        GlobalLinearModel[] globals = IntStream.rangeClosed(0, offsets.length)
                .parallel()
                .mapToObj(i -> {
                    int offset = i == offsets.length ? 0 : offsets[i];
                    List<SeriesData> cut = new ArrayList<>(prepared.size());
                    for (SeriesData data : prepared) {
                        if (data.length() - offset >= GlobalLinearModel.MIN_WEEKS) {
                            cut.add(data.truncated(data.length() - offset));
                        }
                    }
                    return GlobalLinearModel.fit(cut, i == offsets.length ? horizonWeeks : offset);
                })
                .toArray(GlobalLinearModel[]::new);
        Evaluation[] evaluations = IntStream.range(0, prepared.size())
                .parallel()
                .mapToObj(i -> evaluate(prepared.get(i), horizonWeeks, offsets, globals))
                .toArray(Evaluation[]::new);
        Map<String, Evaluation> result = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            result.put(keys.get(i), evaluations[i]);
        }
        return result;
    }

    private static Evaluation evaluate(SeriesData data, int horizon, int[] offsets, GlobalLinearModel[] globals) {
        int n = data.length();
        int candidates = CANDIDATES.size();
        // Every base candidate's forecast from every origin the series can use, then the combination of the best.
        List<double[][]> originForecasts = new ArrayList<>();
        List<Integer> usedOffsets = new ArrayList<>();
        double[] baseErrors = new double[COMBINED];
        for (int i = 0; i < offsets.length; i++) {
            int offset = offsets[i];
            if (n - offset < Math.max(3, (n + 1) / 2)) {
                continue;
            }
            double[][] forecasts = forecastBase(data.truncated(n - offset), offset, globals[i]);
            for (int c = 0; c < COMBINED; c++) {
                for (int step = 0; step < offset; step++) {
                    baseErrors[c] += Math.abs(data.value(n - offset + step) - forecasts[c][step]);
                }
            }
            originForecasts.add(forecasts);
            usedOffsets.add(offset);
        }
        int origins = usedOffsets.size();
        int[] combined = best(baseErrors, COMBINED_COUNT);
        double[] absoluteErrors = new double[candidates];
        double[][] residuals = new double[candidates][Arrays.stream(offsets).sum()];
        int residualCount = 0;
        double actualSum = 0;
        for (int o = 0; o < origins; o++) {
            int offset = usedOffsets.get(o);
            double[][] forecasts = withCombination(originForecasts.get(o), combined, offset);
            for (int step = 0; step < offset; step++) {
                double actual = data.value(n - offset + step);
                actualSum += Math.abs(actual);
                for (int c = 0; c < candidates; c++) {
                    double error = actual - forecasts[c][step];
                    absoluteErrors[c] += Math.abs(error);
                    residuals[c][residualCount] = error;
                }
                residualCount++;
            }
        }
        double[][] forecasts = withCombination(forecastBase(data, horizon, globals[offsets.length]), combined, horizon);
        int chosen = 0;
        for (int c = 1; c < candidates && origins > 0; c++) {
            if (absoluteErrors[c] < absoluteErrors[chosen]) {
                chosen = c;
            }
        }
        List<Backtest> backtests = new ArrayList<>(candidates);
        for (int c = 0; c < candidates; c++) {
            backtests.add(new Backtest(CANDIDATES.get(c), absoluteErrors[c] / Math.max(actualSum, 1), origins));
        }
        double[] interval = interval(Arrays.copyOf(residuals[chosen], residualCount), data.values());
        Map<String, double[]> byName = new LinkedHashMap<>();
        for (int c = 0; c < candidates; c++) {
            byName.put(CANDIDATES.get(c), forecasts[c]);
        }
        return new Evaluation(CANDIDATES.get(chosen), data.weekAt(n), byName, backtests, interval[0], interval[1]);
    }

    /** The indices of the {@code count} lowest errors, lowest first (ties: the earlier). */
    private static int[] best(double[] errors, int count) {
        return IntStream.range(0, errors.length)
                .boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> errors[c]).thenComparing(c -> c))
                .limit(count)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** The base candidates' forecasts followed by the combination's: the mean of the chosen base candidates. */
    private static double[][] withCombination(double[][] base, int[] combined, int horizon) {
        double[][] all = Arrays.copyOf(base, CANDIDATES.size());
        double[] combination = new double[horizon];
        for (int step = 0; step < horizon; step++) {
            double sum = 0;
            for (int c : combined) {
                sum += base[c][step];
            }
            combination[step] = sum / combined.length;
        }
        all[COMBINED] = combination;
        return all;
    }

    /** The base candidates' forecasts (all but the combination), in {@link #CANDIDATES} order, clipped at zero. */
    private static double[][] forecastBase(SeriesData history, int horizon, GlobalLinearModel global) {
        double[][] forecasts = new double[COMBINED][];
        for (int m = 0; m < LOCAL_MODELS.size(); m++) {
            forecasts[m] = LOCAL_MODELS.get(m).forecast(history.values(), horizon);
        }
        forecasts[GLOBAL] = global.forecast(history, horizon);
        for (double[] forecast : forecasts) {
            for (int step = 0; step < horizon; step++) {
                forecast[step] = Math.max(0, forecast[step]);
            }
        }
        return forecasts;
    }

    /** The offsets from the end of history of the backtest origins, longest first; none for too short a partition. */
    static int[] backtestOffsets(List<SeriesData> partition, int horizon) {
        int longest = partition.stream().mapToInt(SeriesData::length).max().orElse(0);
        int window = Math.min(horizon, longest / 2);
        if (window < 1) {
            return new int[0];
        }
        int step = (window + BACKTEST_ORIGINS - 1) / BACKTEST_ORIGINS;
        return IntStream.range(0, BACKTEST_ORIGINS)
                .map(i -> window - i * step)
                .filter(offset -> offset > 0)
                .distinct()
                .toArray();
    }

    /** The offsets of the 80 % interval from the forecast: {lower, upper}. */
    static double[] interval(double[] residuals, double[] history) {
        if (residuals.length >= MIN_EMPIRICAL_RESIDUALS) {
            return new double[] {
                Math.min(0, StatUtils.percentile(residuals, 10)), Math.max(0, StatUtils.percentile(residuals, 90))
            };
        }
        double spread;
        if (residuals.length > 0) {
            double squares = 0;
            for (double residual : residuals) {
                squares += residual * residual;
            }
            spread = Math.sqrt(squares / residuals.length);
        } else {
            spread = history.length > 1 ? Math.sqrt(StatUtils.variance(history)) : 0;
        }
        return new double[] {-Z_80 * spread, Z_80 * spread};
    }

    /**
     * One series as consecutive weeks from its first: a week missing between two present ones had no demand (0), two
     * points in one week are added up. Only the last {@value #MAX_HISTORY_WEEKS} weeks are kept. The holiday flags run
     * on over the horizon from {@code holidayWeeks}.
     */
    static SeriesData prepare(String key, List<WeeklyPoint> points, int horizon, Set<LocalDate> holidayWeeks) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("series " + key + " has no history");
        }
        List<WeeklyPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparing(WeeklyPoint::week));
        LocalDate first = sorted.getFirst().week();
        int weeks = (int) (ChronoUnit.DAYS.between(first, sorted.getLast().week()) / 7) + 1;
        int dropped = Math.max(0, weeks - MAX_HISTORY_WEEKS);
        int length = weeks - dropped;
        double[] values = new double[length];
        boolean[] holidays = new boolean[length + horizon];
        for (WeeklyPoint point : sorted) {
            int index = (int) (ChronoUnit.DAYS.between(first, point.week()) / 7) - dropped;
            if (index >= 0) {
                values[index] += point.quantity();
                holidays[index] |= point.holiday();
            }
        }
        LocalDate start = first.plusWeeks(dropped);
        for (int step = 0; step < horizon; step++) {
            holidays[length + step] = holidayWeeks.contains(start.plusWeeks(length + step));
        }
        return new SeriesData(start, values, holidays);
    }

    /** One series' result: the choice, every candidate's forecast and backtest, and the interval's offsets. */
    record Evaluation(
            String chosen,
            LocalDate firstWeek,
            Map<String, double[]> forecasts,
            List<Backtest> backtests,
            double lowerOffset,
            double upperOffset) {

        Forecast toForecast() {
            double[] values = forecasts.getOrDefault(chosen, new double[0]);
            List<ForecastPoint> points = new ArrayList<>(values.length);
            for (int step = 0; step < values.length; step++) {
                double forecast = values[step];
                points.add(new ForecastPoint(
                        firstWeek.plusWeeks(step),
                        forecast,
                        Math.max(0, forecast + lowerOffset),
                        forecast + upperOffset));
            }
            return new Forecast(chosen, List.copyOf(points), List.copyOf(backtests));
        }
    }
}

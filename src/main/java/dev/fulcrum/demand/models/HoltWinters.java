package dev.fulcrum.demand.models;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Exponential smoothing with an additive trend (optionally damped) and additive 52-week seasonality (Holt-Winters). The
 * smoothing parameters minimise the sum of squared one-step errors over the history (BOBYQA, bounded evaluations).
 *
 * <p>With a season of history and at least {@value #MIN_SEASONAL_FIT_WEEKS} weeks more, the first season sets the
 * level (its mean), the seasonal indices (each week's difference from its trend line) and, with two full seasons, the trend (the
 * difference of the two seasons' means per week); the fit starts after it. A shorter history is fitted without
 * seasonality (Holt's linear trend, damped or not); fewer than four weeks repeat the last week.
 */
final class HoltWinters implements LocalModel {

    static final String ADDITIVE = "holt-winters";
    static final String DAMPED = "holt-winters-damped";
    static final int MIN_SEASONAL_FIT_WEEKS = 13;

    private static final int SEASON = SeasonalNaive.SEASON_WEEKS;
    private static final double PENALTY = 1e300;

    private final boolean damped;

    HoltWinters(boolean damped) {
        this.damped = damped;
    }

    @Override
    public String name() {
        return damped ? DAMPED : ADDITIVE;
    }

    @Override
    public double[] forecast(double[] history, int horizon) {
        int n = history.length;
        if (n < 4) {
            return SeasonalNaive.flat(history, horizon);
        }
        boolean seasonal = n >= SEASON + MIN_SEASONAL_FIT_WEEKS;
        // alpha (level), beta (trend), gamma (season), phi (damping); unused ones are held at their bound.
        double[] lower = {0.01, 0.0, 0.0, 0.8};
        double[] upper = {0.99, 0.3, seasonal ? 0.5 : 0.2, damped ? 0.98 : 1.0};
        double[] start = {0.3, 0.05, seasonal ? 0.1 : 0.0, damped ? 0.9 : 1.0};
        int free = damped ? 4 : 3;
        if (!seasonal) {
            // Without seasonality gamma is not a parameter: drop it from the search.
            double[] chosen = Optimisation.minimise(
                    p -> run(history, seasonal, p[0], p[1], 0, damped ? p[2] : 1, 0, null),
                    damped ? new double[] {start[0], start[1], start[3]} : new double[] {start[0], start[1]},
                    damped ? new double[] {lower[0], lower[1], lower[3]} : new double[] {lower[0], lower[1]},
                    damped ? new double[] {upper[0], upper[1], upper[3]} : new double[] {upper[0], upper[1]});
            double[] out = new double[horizon];
            run(history, false, chosen[0], chosen[1], 0, damped ? chosen[2] : 1, horizon, out);
            return out;
        }
        double[] chosen = Optimisation.minimise(
                p -> run(history, true, p[0], p[1], p[2], free == 4 ? p[3] : 1, 0, null),
                Arrays.copyOf(start, free),
                Arrays.copyOf(lower, free),
                Arrays.copyOf(upper, free));
        double[] out = new double[horizon];
        run(history, true, chosen[0], chosen[1], chosen[2], free == 4 ? chosen[3] : 1, horizon, out);
        return out;
    }

    /**
     * Runs the recursions over the history; returns the sum of squared one-step errors and, when {@code out} is given,
     * fills it with the forecasts of the next {@code horizon} weeks.
     */
    static double run(
            double[] y,
            boolean seasonal,
            double alpha,
            double beta,
            double gamma,
            double phi,
            int horizon,
            double @Nullable [] out) {
        int n = y.length;
        double[] season = new double[seasonal ? SEASON : 1];
        double level;
        double trend;
        int begin;
        if (seasonal) {
            double firstMean = mean(y, 0, SEASON);
            trend = n >= 2 * SEASON ? (mean(y, SEASON, 2 * SEASON) - firstMean) / SEASON : 0;
            for (int i = 0; i < SEASON; i++) {
                // Each week's difference from the first season's trend line.
                season[i] = y[i] - (firstMean + trend * (i - (SEASON - 1) / 2.0));
            }
            // The first season's mean is the level at its middle; carry it to its last week.
            level = firstMean + trend * (SEASON - 1) / 2.0;
            begin = SEASON;
        } else {
            level = y[0];
            trend = y[1] - y[0];
            begin = 1;
        }
        double sse = 0;
        for (int t = begin; t < n; t++) {
            double seasonal0 = seasonal ? season[t % SEASON] : 0;
            double predicted = level + phi * trend + seasonal0;
            double error = y[t] - predicted;
            sse += error * error;
            double previousLevel = level;
            level = alpha * (y[t] - seasonal0) + (1 - alpha) * (level + phi * trend);
            trend = beta * (level - previousLevel) + (1 - beta) * phi * trend;
            if (seasonal) {
                season[t % SEASON] = gamma * (y[t] - level) + (1 - gamma) * seasonal0;
            }
        }
        if (out != null) {
            double damping = 0;
            double factor = 1;
            for (int step = 1; step <= horizon; step++) {
                factor *= phi;
                damping += factor;
                out[step - 1] = level + damping * trend + (seasonal ? season[(n + step - 1) % SEASON] : 0);
            }
        }
        return Double.isFinite(sse) ? sse : PENALTY;
    }

    private static double mean(double[] y, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += y[i];
        }
        return sum / (to - from);
    }
}

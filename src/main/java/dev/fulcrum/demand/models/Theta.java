package dev.fulcrum.demand.models;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The Theta method (Assimakopoulos and Nikolopoulos, 2000) in the form Hyndman and Billah (2003) showed it to be:
 * simple exponential smoothing of the seasonally adjusted series with a drift of half its linear trend's slope, the
 * smoothing parameter chosen by least squares of the one-step errors (Brent), then seasonality put back. A series too
 * short or without significant seasonality ({@link SeasonalProfile}) is not adjusted; fewer than three weeks repeat the
 * last week.
 */
final class Theta implements LocalModel {

    static final String NAME = "theta";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double[] forecast(double[] history, int horizon) {
        int n = history.length;
        if (n < 3) {
            return SeasonalNaive.flat(history, horizon);
        }
        SeasonalProfile profile = SeasonalProfile.of(history);
        double[] adjusted = new double[n];
        for (int t = 0; t < n; t++) {
            adjusted[t] = profile.adjust(history[t], t);
        }
        double slope = slope(adjusted);
        double alpha = Optimisation.minimise(a -> smooth(adjusted, a)[1], 0.01, 0.99);
        double level = smooth(adjusted, alpha)[0];
        // Hyndman and Billah's drift: half the slope, with SES's start-up correction.
        double startUp = (1 - Math.pow(1 - alpha, n)) / alpha;
        double[] forecast = new double[horizon];
        for (int step = 1; step <= horizon; step++) {
            double value = level + slope / 2 * (step - 1 + startUp);
            forecast[step - 1] = profile.restore(value, n + step - 1);
        }
        return forecast;
    }

    /** Simple exponential smoothing from the first value: the final level and the sum of squared one-step errors. */
    private static double[] smooth(double[] x, double alpha) {
        double level = x[0];
        double sse = 0;
        for (int t = 1; t < x.length; t++) {
            double error = x[t] - level;
            sse += error * error;
            level += alpha * error;
        }
        return new double[] {level, sse};
    }

    /** The least-squares slope of the series against time. */
    static double slope(double[] x) {
        SimpleRegression regression = new SimpleRegression();
        for (int t = 0; t < x.length; t++) {
            regression.addData(t, x[t]);
        }
        return regression.getSlope();
    }
}

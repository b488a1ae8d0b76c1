package dev.fulcrum.demand.models;

import java.util.Arrays;

/**
 * The baseline every figure is compared with: each week forecast as the same week one season (52 weeks) earlier. A
 * history shorter than a season has no such week: then the last week is repeated (the naive forecast).
 */
final class SeasonalNaive implements LocalModel {

    static final String NAME = "seasonal-naive";
    static final int SEASON_WEEKS = 52;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double[] forecast(double[] history, int horizon) {
        int n = history.length;
        if (n < SEASON_WEEKS) {
            return flat(history, horizon);
        }
        double[] forecast = new double[horizon];
        for (int step = 0; step < horizon; step++) {
            forecast[step] = history[n - SEASON_WEEKS + step % SEASON_WEEKS];
        }
        return forecast;
    }

    /** The last week repeated; zero for an empty history. */
    static double[] flat(double[] history, int horizon) {
        double[] forecast = new double[horizon];
        Arrays.fill(forecast, history.length == 0 ? 0 : history[history.length - 1]);
        return forecast;
    }
}

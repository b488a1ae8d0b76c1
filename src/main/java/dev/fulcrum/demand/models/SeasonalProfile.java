package dev.fulcrum.demand.models;

import java.util.Arrays;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/**
 * The 52-week seasonal pattern of a series, for models that work on seasonally adjusted data (Theta), as in the
 * classical decomposition: each week's ratio to (or, where a ratio cannot be taken, difference from) the mean of the
 * 52-week window around it, averaged per week of the season. A window is centred where the history allows and
 * otherwise the first or last 52 weeks, so a series of one and a half seasons still gets every week's index.
 *
 * <p>A series counts as seasonal only with at least {@value #MIN_WEEKS} weeks and a significant correlation between
 * weeks a season apart ({@link #seasonal}). The classical Theta method's lag-52 autocorrelation test cannot pass with
 * two seasons of history even for a pure season (its autocorrelation at lag 52 is at most one half there).
 */
final class SeasonalProfile {

    static final int SEASON = SeasonalNaive.SEASON_WEEKS;
    static final int MIN_WEEKS = SEASON + HoltWinters.MIN_SEASONAL_FIT_WEEKS;

    static final SeasonalProfile NONE = new SeasonalProfile(new double[SEASON], false);

    private final double[] indices;
    private final boolean multiplicative;

    private SeasonalProfile(double[] indices, boolean multiplicative) {
        this.indices = indices;
        this.multiplicative = multiplicative;
    }

    static SeasonalProfile of(double[] y) {
        if (!seasonal(y)) {
            return NONE;
        }
        double[] levels = levels(y);
        boolean ratios = true;
        for (int t = 0; t < y.length; t++) {
            ratios &= levels[t] > 0 && y[t] >= 0;
        }
        if (ratios) {
            double[] indices = average(y, levels, true);
            boolean usable = true;
            for (double index : indices) {
                // A week with (almost) no demand cannot be divided by: fall back to differences.
                usable &= index >= 0.05;
            }
            if (usable) {
                return new SeasonalProfile(indices, true);
            }
        }
        return new SeasonalProfile(average(y, levels, false), false);
    }

    private static double[] average(double[] y, double[] levels, boolean ratios) {
        double[] sums = new double[SEASON];
        int[] counts = new int[SEASON];
        for (int t = 0; t < y.length; t++) {
            sums[t % SEASON] += ratios ? y[t] / levels[t] : y[t] - levels[t];
            counts[t % SEASON]++;
        }
        double total = 0;
        for (int i = 0; i < SEASON; i++) {
            sums[i] /= counts[i];
            total += sums[i];
        }
        double centre = total / SEASON;
        for (int i = 0; i < SEASON; i++) {
            sums[i] = ratios ? sums[i] / centre : sums[i] - centre;
        }
        return sums;
    }

    /**
     * Whether weeks a season apart move together: the correlation of each week's change from the week before with the
     * same change a season earlier, above the one-sided 90 % limit for no correlation (1.2816 / √pairs). Changes, not
     * levels, so that a trend alone does not look seasonal.
     */
    static boolean seasonal(double[] y) {
        int n = y.length;
        if (n < MIN_WEEKS) {
            return false;
        }
        double[] changes = new double[n - 1];
        for (int t = 1; t < n; t++) {
            changes[t - 1] = y[t] - y[t - 1];
        }
        double[] now = Arrays.copyOfRange(changes, SEASON, changes.length);
        double[] seasonBefore = Arrays.copyOfRange(changes, 0, changes.length - SEASON);
        double correlation = new PearsonsCorrelation().correlation(now, seasonBefore);
        return Double.isFinite(correlation) && correlation > 1.2816 / Math.sqrt(now.length);
    }

    /** Each week's 52-week mean: the window centred on it where the history allows, else the first or last 52. */
    private static double[] levels(double[] y) {
        int n = y.length;
        double[] prefix = new double[n + 1];
        for (int t = 0; t < n; t++) {
            prefix[t + 1] = prefix[t] + y[t];
        }
        double[] levels = new double[n];
        for (int t = 0; t < n; t++) {
            int start = Math.clamp(t - SEASON / 2, 0, n - SEASON);
            levels[t] = (prefix[start + SEASON] - prefix[start]) / SEASON;
        }
        return levels;
    }

    boolean isSeasonal() {
        return this != NONE;
    }

    double adjust(double value, int week) {
        return multiplicative ? value / indices[week % SEASON] : value - indices[week % SEASON];
    }

    double restore(double value, int week) {
        return multiplicative ? value * indices[week % SEASON] : value + indices[week % SEASON];
    }
}

package dev.fulcrum.demand.models;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.regression.MillerUpdatingRegression;
import org.jspecify.annotations.Nullable;

/**
 * One linear model learnt across all series of a partition: each (week, weeks ahead) of each series is a row, scaled
 * by its series' recent mean (so a store selling millions and one selling thousands teach the same shape), with lag,
 * rolling-mean, holiday and week-of-year features. Least squares by Apache Commons Math's updating QR regression
 * (Miller's AS 274), which takes the rows one at a time, so memory does not grow with the partition; a small ridge
 * penalty (one pseudo-row per feature) keeps it solvable when features coincide (no series a year long yet: the
 * season features are all 0).
 *
 * <p>Forecasts are direct, not recursive: the features of a week h weeks past the origin use only what was known at
 * the origin, and h is a feature. The model learns from rows at h = 1, 2, 4, 8, 13, 26, 39 and 52 (up to the horizon,
 * and the horizon itself). A recursive model trained on one-week-ahead rows carried a peak (Christmas) on into the
 * weeks after it.
 *
 * <p>Features of week t forecast from origin o (quantities divided by the series' scale): intercept; the last two
 * weeks before o; the week a season before t and the same moved by the change of the 13-week mean over the season
 * before o (both 0 without a season of history, which a feature of its own flags); 4- and 13-week means before o; the
 * holiday flag of t; three sine and cosine pairs of t's day of year; (h − 1) / 52.
 */
final class GlobalLinearModel {

    static final String NAME = "global-linear";
    /** Rows need 13 weeks before their origin; a series needs at least one row. */
    static final int MIN_WEEKS = 14;
    /** Target weeks taken per series, the most recent: bounds a fit at 156 weeks × 8 horizons rows per series. */
    static final int TRAINING_WEEKS = 156;

    private static final int SEASON = SeasonalNaive.SEASON_WEEKS;
    private static final int FEATURES = 16;
    /** Small against the rows' sums of squares: it only has to keep coinciding features solvable. */
    private static final double RIDGE = 1e-3;

    private static final int FOURIER_PAIRS = 3;
    private static final int[] TRAINING_HORIZONS = {1, 2, 4, 8, 13, 26, 39, 52};

    private final double @Nullable [] coefficients;

    private GlobalLinearModel(double @Nullable [] coefficients) {
        this.coefficients = coefficients;
    }

    /** Learns from every series of the partition, for forecasts up to {@code horizon} weeks ahead. */
    static GlobalLinearModel fit(List<SeriesData> partition, int horizon) {
        int[] horizons = IntStream.concat(
                        Arrays.stream(TRAINING_HORIZONS).filter(h -> h < horizon), IntStream.of(horizon))
                .toArray();
        MillerUpdatingRegression regression = new MillerUpdatingRegression(FEATURES, false);
        double[] row = new double[FEATURES];
        long rows = 0;
        for (SeriesData series : partition) {
            int n = series.length();
            double scale = scale(series.values());
            if (n < MIN_WEEKS || scale <= 0) {
                continue;
            }
            for (int ahead : horizons) {
                for (int t = Math.max(MIN_WEEKS - 2 + ahead, n - TRAINING_WEEKS); t < n; t++) {
                    features(series, series.values(), t, t - ahead + 1, scale, row);
                    regression.addObservation(row, series.value(t) / scale);
                    rows++;
                }
            }
        }
        if (rows < 3L * FEATURES) {
            return new GlobalLinearModel(null);
        }
        double[] penalty = new double[FEATURES];
        for (int feature = 1; feature < FEATURES; feature++) {
            Arrays.fill(penalty, 0);
            penalty[feature] = Math.sqrt(RIDGE);
            regression.addObservation(penalty, 0);
        }
        double[] estimates = regression.regress().getParameterEstimates();
        for (int i = 0; i < estimates.length; i++) {
            // A feature the regression found linearly dependent on others has no estimate: it contributes nothing.
            if (!Double.isFinite(estimates[i])) {
                estimates[i] = 0;
            }
        }
        return new GlobalLinearModel(estimates);
    }

    /** Forecasts one series (of the partition or not); without a fit or enough history, the seasonal naive one. */
    double[] forecast(SeriesData series, int horizon) {
        double[] beta = coefficients;
        int n = series.length();
        double scale = scale(series.values());
        if (beta == null || n < MIN_WEEKS || scale <= 0) {
            return new SeasonalNaive().forecast(series.values(), horizon);
        }
        double[] forecast = new double[horizon];
        double[] row = new double[FEATURES];
        for (int step = 0; step < horizon; step++) {
            features(series, series.values(), n + step, n, scale, row);
            double predicted = 0;
            for (int i = 0; i < FEATURES; i++) {
                predicted += beta[i] * row[i];
            }
            forecast[step] = Math.max(0, predicted * scale);
        }
        return forecast;
    }

    /** The recent mean (the last season, or all weeks when shorter) that puts every series on one scale. */
    static double scale(double[] y) {
        int from = Math.max(0, y.length - SEASON);
        double sum = 0;
        for (int t = from; t < y.length; t++) {
            sum += y[t];
        }
        return y.length == from ? 0 : sum / (y.length - from);
    }

    /** The features of week {@code t} seen from {@code origin}, the first week not known (t ≥ origin ≥ 13). */
    private static void features(SeriesData series, double[] y, int t, int origin, double scale, double[] row) {
        double recent13 = mean(y, origin - 13, origin) / scale;
        // Without that week a season back (or it is not known yet) the season features are 0 and the indicator says
        // so: their coefficients are learnt from the rows that have them only.
        boolean yearAgo = t >= SEASON && t - SEASON < origin;
        double lastSeason = yearAgo ? y[t - SEASON] / scale : 0;
        row[0] = 1;
        row[1] = y[origin - 1] / scale;
        row[2] = y[origin - 2] / scale;
        row[3] = lastSeason;
        row[4] = yearAgo && origin >= SEASON + 13
                ? lastSeason + recent13 - mean(y, origin - SEASON - 13, origin - SEASON) / scale
                : lastSeason;
        row[5] = yearAgo ? 0 : 1;
        row[6] = mean(y, origin - 4, origin) / scale;
        row[7] = recent13;
        row[8] = series.holidayAt(t) ? 1 : 0;
        // The middle of the week, as a fraction of the year.
        double angle = 2 * Math.PI * (series.weekAt(t).getDayOfYear() + 2) / 365.25;
        for (int k = 1; k <= FOURIER_PAIRS; k++) {
            row[7 + 2 * k] = Math.sin(k * angle);
            row[8 + 2 * k] = Math.cos(k * angle);
        }
        row[15] = (t - origin) / (double) SEASON;
    }

    private static double mean(double[] y, int from, int to) {
        double sum = 0;
        for (int t = from; t < to; t++) {
            sum += y[t];
        }
        return sum / (to - from);
    }
}

package dev.fulcrum.pulse.internal;

import org.jspecify.annotations.Nullable;

/**
 * Latencies in seconds as counts over fixed bucket bounds, so that the minutes of any window add up and percentiles
 * can be read from the sum. Bucket {@code i} counts values below {@code BOUNDS[i]} and at or above the bound before
 * it (PostgreSQL's {@code width_bucket} over the bounds); the last bucket counts everything from the last bound up.
 */
public final class Histogram {

    /** Bucket bounds in seconds: fine around the 60 s objective, coarse beyond an hour. */
    private static final double[] BOUNDS = {
        0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 450, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400
    };

    /** The bucket bounds in seconds, a copy: what the SQL {@code width_bucket} of the figures is given. */
    public static double[] bounds() {
        return BOUNDS.clone();
    }

    /** How many buckets a histogram has: one more than bounds. */
    public static final int SIZE = BOUNDS.length + 1;

    private Histogram() {}

    /**
     * The {@code quantile} (0-1) of the values counted in {@code buckets}, interpolated linearly inside its bucket;
     * null when nothing was counted. A quantile in the last bucket is its lower bound.
     */
    public static @Nullable Double quantile(long[] buckets, double quantile) {
        long total = 0;
        for (long count : buckets) {
            total += count;
        }
        if (total == 0) {
            return null;
        }
        double rank = quantile * total;
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            long count = buckets[i];
            if (count > 0 && seen + count >= rank) {
                double lower = i == 0 ? 0 : BOUNDS[i - 1];
                if (i >= BOUNDS.length) {
                    return lower;
                }
                double upper = BOUNDS[i];
                double within = (rank - seen) / count;
                return lower + (upper - lower) * Math.max(0, Math.min(1, within));
            }
            seen += count;
        }
        return BOUNDS[BOUNDS.length - 1];
    }

    /** Adds {@code more} into {@code into}, bucket by bucket. */
    public static void add(long[] into, long @Nullable [] more) {
        if (more == null) {
            return;
        }
        for (int i = 0; i < Math.min(into.length, more.length); i++) {
            into[i] += more[i];
        }
    }
}

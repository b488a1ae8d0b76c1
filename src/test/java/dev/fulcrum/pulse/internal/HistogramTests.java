package dev.fulcrum.pulse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramTests {

    private static int bucketOf(double seconds) {
        double[] bounds = Histogram.bounds();
        int bucket = 0;
        while (bucket < bounds.length && seconds >= bounds[bucket]) {
            bucket++;
        }
        return bucket;
    }

    @Test
    void readsPercentilesFromTheBucketTheyFallIn() {
        long[] buckets = new long[Histogram.SIZE];
        for (int i = 0; i < 95; i++) {
            buckets[bucketOf(0.2)]++;
        }
        for (int i = 0; i < 5; i++) {
            buckets[bucketOf(600)]++;
        }
        assertThat(Histogram.quantile(buckets, 0.50)).isBetween(0.0, 0.5);
        assertThat(Histogram.quantile(buckets, 0.95)).isBetween(0.0, 0.5);
        assertThat(Histogram.quantile(buckets, 0.99)).as("in [600, 900)").isBetween(600.0, 900.0);
    }

    @Test
    void interpolatesWithinABucket() {
        long[] buckets = new long[Histogram.SIZE];
        buckets[bucketOf(40)] = 10; // [30, 45)
        assertThat(Histogram.quantile(buckets, 0.5)).isCloseTo(37.5, within(1e-9));
        assertThat(Histogram.quantile(buckets, 1.0)).isCloseTo(45, within(1e-9));
    }

    @Test
    void hasNoPercentileWithoutValuesAndTheLastBoundForTheTail() {
        assertThat(Histogram.quantile(new long[Histogram.SIZE], 0.95)).isNull();
        long[] tail = new long[Histogram.SIZE];
        tail[Histogram.SIZE - 1] = 3;
        assertThat(Histogram.quantile(tail, 0.5)).isEqualTo(86400.0);
    }

    @Test
    void addsHistogramsBucketByBucket() {
        long[] sum = new long[Histogram.SIZE];
        long[] one = new long[Histogram.SIZE];
        one[3] = 2;
        Histogram.add(sum, one);
        Histogram.add(sum, one);
        Histogram.add(sum, null);
        assertThat(sum[3]).isEqualTo(4);
    }
}

package dev.fulcrum.twin.internal;

import java.util.random.RandomGenerator;

/**
 * Transit days of a lane as a distribution through the rate card's two figures, typical (the median) and the 90th
 * percentile: whole days {@code floor(X)} of a log-normal {@code X} whose median is {@code typical + ½} and whose 90th
 * percentile is {@code p90 + 1}. So the sampled days have exactly the card's median and 90th percentile, are never
 * negative, and have the long right tail transit times show. A lane whose two figures are equal still slips a day one
 * time in ten, as a 90th percentile says it may.
 */
public final class TransitTimes {

    /** The standard normal's 90th percentile. */
    static final double Z90 = 1.2815515655446004;

    private final double mu;
    private final double sigma;

    public TransitTimes(int typicalDays, int p90Days) {
        double median = Math.max(0, typicalDays) + 0.5;
        double p90 = Math.max(Math.max(0, p90Days), Math.max(0, typicalDays)) + 1.0;
        this.mu = Math.log(median);
        this.sigma = Math.log(p90 / median) / Z90;
    }

    public int sample(RandomGenerator random) {
        return (int) Math.floor(Math.exp(mu + sigma * random.nextGaussian()));
    }

    /** The probability that a parcel takes more than {@code days} (for tests and documentation). */
    public double probabilityOfMoreThan(int days) {
        double z = (Math.log(days + 1.0) - mu) / sigma;
        return 1 - normalCdf(z);
    }

    private static double normalCdf(double z) {
        // Abramowitz and Stegun 26.2.17, absolute error below 7.5e-8.
        double t = 1 / (1 + 0.2316419 * Math.abs(z));
        double d = 0.3989422804014327 * Math.exp(-z * z / 2);
        double upper =
                d * t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return z >= 0 ? 1 - upper : upper;
    }
}

package dev.fulcrum.risk.model;

import dev.fulcrum.shared.OrderId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Labelled orders generated with a known pattern, for training tests: an order from a <b>new account</b> (under 24 hours
 * old) for a <b>high amount</b> (over 1,500) from a <b>busy device</b> (5 or more orders on it in the last hour) turns
 * out fraud with probability 0.8; every other order with probability 0.03.
 *
 * <p>One order in five has the pattern. Of the others, some have one of its traits alone (a new account, a high amount
 * or a busy device) and stay at 0.03, so that no single feature gives the pattern away. Two features carry nothing:
 * {@code emailOrders1d} and {@code billingDiffersFromShipping}. Orders are one minute apart, from {@code from} on.
 */
final class KnownPatternOrders {

    static final double PATTERN_FRAUD = 0.8;
    static final double OTHER_FRAUD = 0.03;
    static final Instant START = Instant.parse("2026-09-01T00:00:00Z");

    private KnownPatternOrders() {}

    static List<TrainingExamples.Example> generate(long seed, int count, Instant from) {
        Random random = new Random(seed);
        List<TrainingExamples.Example> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double kind = random.nextDouble();
            boolean pattern = kind < 0.2;
            boolean newAccount = pattern || (kind >= 0.2 && kind < 0.3);
            boolean highAmount = pattern || (kind >= 0.3 && kind < 0.4);
            boolean busyDevice = pattern || (kind >= 0.4 && kind < 0.45);
            Map<String, Double> features = Map.of(
                    "accountAgeHours", newAccount ? random.nextDouble() * 24 : 24 + random.nextDouble() * 5000,
                    "orderAmount", highAmount ? 1500 + random.nextDouble() * 3500 : 20 + random.nextDouble() * 800,
                    "deviceOrders1h", (double) (busyDevice ? 5 + random.nextInt(8) : random.nextInt(3)),
                    "emailOrders1d", (double) random.nextInt(4),
                    "billingDiffersFromShipping", random.nextDouble() < 0.3 ? 1.0 : 0.0);
            boolean fraud = random.nextDouble() < (pattern ? PATTERN_FRAUD : OTHER_FRAUD);
            orders.add(new TrainingExamples.Example(
                    new OrderId(new UUID(seed, i)), from.plus(Duration.ofMinutes(i)), features, fraud));
        }
        return orders;
    }

    /** Whether an order has the whole pattern. */
    static boolean isPattern(Map<String, Double> features) {
        return LogisticModel.value(features, "accountAgeHours") < 24
                && LogisticModel.value(features, "orderAmount") > 1500
                && LogisticModel.value(features, "deviceOrders1h") >= 5;
    }

    /** An order with the whole pattern, for scoring. */
    static Map<String, Double> patternOrder() {
        return Map.of(
                "accountAgeHours", 2.0,
                "orderAmount", 3200.0,
                "deviceOrders1h", 9.0,
                "emailOrders1d", 1.0,
                "billingDiffersFromShipping", 0.0);
    }

    /** An ordinary order, for scoring. */
    static Map<String, Double> ordinaryOrder() {
        return Map.of(
                "accountAgeHours", 1800.0,
                "orderAmount", 120.0,
                "deviceOrders1h", 1.0,
                "emailOrders1d", 1.0,
                "billingDiffersFromShipping", 0.0);
    }
}

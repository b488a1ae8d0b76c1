package dev.fulcrum.risk.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns the counters' windows into one order's features (name to number), counting in the orders of the same batch
 * that came before it: a batch is assessed as if its orders had arrived one after the other. Every count includes the
 * order itself (the sixth order from a device has {@code deviceOrders1h} 6). Not thread-safe: one per batch.
 */
public final class Features {

    private final Map<String, FeatureStore.Window> windows;
    private final Map<String, double[]> inBatch = new HashMap<>();
    private final Map<String, Set<String>> customersInBatch = new HashMap<>();

    public Features(Map<String, FeatureStore.Window> windows) {
        this.windows = windows;
    }

    /** The features of the next order of the batch; {@code highRiskItems} is counted by the caller. */
    public Map<String, Double> next(Signals order, int highRiskItems, Instant now) {
        Map<String, Double> features = new LinkedHashMap<>();
        String customer = order.customer();
        for (String kind : Signals.COUNTED) {
            String value = order.value(kind);
            if (value == null) {
                features.put(kind + "Orders1h", 0.0);
                features.put(kind + "Amount1h", 0.0);
                features.put(kind + "Orders24h", 0.0);
                features.put(kind + "Amount24h", 0.0);
                continue;
            }
            FeatureStore.Window window =
                    windows.getOrDefault(FeatureStore.key(kind, value, customer), FeatureStore.Window.EMPTY);
            double[] before = inBatch.computeIfAbsent(kind + "\u0000" + value, k -> new double[2]);
            before[0] += 1;
            before[1] += order.amount();
            features.put(kind + "Orders1h", window.orders1h() + before[0]);
            features.put(kind + "Amount1h", round(window.amount1h() + before[1]));
            features.put(kind + "Orders24h", window.orders24h() + before[0]);
            features.put(kind + "Amount24h", round(window.amount24h() + before[1]));
        }
        for (String kind : Signals.LINKED) {
            String value = order.value(kind);
            if (value == null) {
                features.put(kind + "Customers", 0.0);
                continue;
            }
            double others = windows.getOrDefault(FeatureStore.key(kind, value, customer), FeatureStore.Window.EMPTY)
                    .otherCustomers();
            Set<String> seen = customersInBatch.computeIfAbsent(kind + "\u0000" + value, k -> new HashSet<>());
            // Others earlier in this batch; one also seen before the batch is counted twice (documented).
            long othersInBatch =
                    seen.stream().filter(other -> !other.equals(customer)).count();
            if (customer != null) {
                seen.add(customer);
            }
            features.put(kind + "Customers", others + othersInBatch + (customer == null ? 0 : 1));
        }
        double customerOrdersBefore = 0;
        double customerAmountBefore = 0;
        if (customer != null) {
            FeatureStore.Window window =
                    windows.getOrDefault(FeatureStore.key("customer", customer, customer), FeatureStore.Window.EMPTY);
            double[] counted = inBatch.getOrDefault("customer\u0000" + customer, new double[] {1, order.amount()});
            customerOrdersBefore = window.customerOrders() + counted[0] - 1;
            customerAmountBefore = window.customerAmount() + counted[1] - order.amount();
        }
        double average = customerOrdersBefore > 0 ? customerAmountBefore / customerOrdersBefore : 0;
        features.put("orderAmount", round(order.amount()));
        features.put("customerOrdersBefore", customerOrdersBefore);
        features.put("customerAverageAmount", round(average));
        features.put("amountToCustomerAverage", average > 0 ? round(order.amount() / average) : 0.0);
        Instant created = order.accountCreatedAt();
        features.put(
                "accountAgeHours",
                created == null
                        ? -1.0
                        : round(Math.max(0, Duration.between(created, now).toSeconds()) / 3600.0));
        features.put("firstOrderExpress", customerOrdersBefore == 0 && order.express() ? 1.0 : 0.0);
        features.put("billingCountryDiffers", order.billingCountryDiffers() ? 1.0 : 0.0);
        features.put("highRiskItems", (double) highRiskItems);
        features.put("units", (double) order.units());
        return features;
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}

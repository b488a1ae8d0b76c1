package dev.fulcrum.sourcing.engine;

import dev.fulcrum.shared.Sku;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An order as the engine sees it: lines with what they need, the destination, when the decision is taken, the
 * customer's delivery preferences, and the order's currency, in which rate cards and handling costs are read and every
 * cost of the plan is given.
 */
public record EngineOrder(
        String orderId,
        List<Line> lines,
        Destination destination,
        Instant decidedAt,
        @Nullable String preferredCarrier,
        boolean avoidWeekend,
        Currency currency) {

    public EngineOrder {
        lines = List.copyOf(lines);
    }

    /** One order line: SKU, units, weight per unit in grams (the line's own or the item's), capabilities it needs, countries it must not go to. */
    public record Line(
            int lineNo,
            Sku sku,
            int quantity,
            double unitWeightGrams,
            List<String> requiredCapabilities,
            List<String> restrictedCountries) {

        public boolean needsTemperatureControl() {
            return requiredCapabilities.contains("chilled") || requiredCapabilities.contains("frozen");
        }
    }

    /** Where the order goes; coordinates may be missing. */
    public record Destination(
            String country,
            @Nullable String region,
            @Nullable String postalCode,
            @Nullable Double latitude,
            @Nullable Double longitude) {}
}

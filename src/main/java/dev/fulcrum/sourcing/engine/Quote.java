package dev.fulcrum.sourcing.engine;

import dev.fulcrum.shared.Money;

/**
 * The price and time of moving one shipment with one carrier service: freight (in the order's currency, rounded
 * to its minor unit), transit days (typical and 90th
 * percentile), emissions in grams CO2e, and whether it is a distance-based estimate rather than a rate card.
 */
public record Quote(
        String serviceCode,
        String carrier,
        String mode,
        boolean temperatureControlled,
        Money freight,
        int transitDaysTypical,
        int transitDaysP90,
        double carbonGrams,
        boolean estimate) {}

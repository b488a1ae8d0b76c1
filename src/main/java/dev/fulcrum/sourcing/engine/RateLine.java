package dev.fulcrum.sourcing.engine;

import org.jspecify.annotations.Nullable;

/**
 * One weight band of a lane of a rate card: from an origin location ({@code *}: any) to a destination zone (country,
 * optionally region and postal prefix); freight is {@code max(minimumCharge, ratePerKg × kg)}; transit days typical
 * and 90th percentile; emission factor in g CO2e per tonne-km (null: the mode's default).
 */
public record RateLine(
        String carrierCode,
        String origin,
        String destCountry,
        @Nullable String destRegion,
        @Nullable String destPostalPrefix,
        double minKg,
        double maxKg,
        double ratePerKg,
        double minimumCharge,
        int transitDaysTypical,
        int transitDaysP90,
        @Nullable Double emissionFactor) {}

package dev.fulcrum.sourcing.engine;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * One weight band of a lane of a rate card: from an origin location ({@code *}: any) to a destination zone (country,
 * optionally region and postal prefix); freight is {@code max(minimumCharge, ratePerKg × kg)}; transit days typical
 * and 90th percentile; emission factor in g CO2e per tonne-km (null: the mode's default). The
 * amounts are exact decimals with no currency of their own: a quote reads them in the currency of the order it prices
 * (ADR 0097).
 */
public record RateLine(
        String carrierCode,
        String origin,
        String destCountry,
        @Nullable String destRegion,
        @Nullable String destPostalPrefix,
        double minKg,
        double maxKg,
        BigDecimal ratePerKg,
        BigDecimal minimumCharge,
        int transitDaysTypical,
        int transitDaysP90,
        @Nullable Double emissionFactor) {}

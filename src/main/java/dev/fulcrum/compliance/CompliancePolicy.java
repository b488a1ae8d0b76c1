package dev.fulcrum.compliance;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the intake checks of one policy version enforce. Countries are ISO 3166-1 alpha-2 codes.
 *
 * @param homeCountries the countries the tenant ships from domestically; a destination outside them is cross-border.
 *     Empty: the countries of the tenant's active locations (with no active location, no destination is cross-border)
 * @param restrictedItems whether an item whose catalogue entry lists the destination in its {@code restrictedCountries}
 *     holds the order
 * @param hazardousBlockedCountries destinations hazardous items may not be sent to; {@code *} stands for every
 *     cross-border destination
 * @param blockedDestinations sanctioned or unserved destinations: every order to them is held
 * @param crossBorderLimits declared-value limits for cross-border orders, per destination and currency
 * @param identityNumberRequired destinations whose cross-border orders need the recipient's identity number in
 *     {@code attributes.customs.identityNumber} (for {@code CN}: 18 characters with a GB 11643 check digit)
 */
public record CompliancePolicy(
        List<String> homeCountries,
        boolean restrictedItems,
        List<String> hazardousBlockedCountries,
        List<String> blockedDestinations,
        List<CrossBorderLimit> crossBorderLimits,
        List<String> identityNumberRequired) {

    public CompliancePolicy {
        homeCountries = List.copyOf(homeCountries);
        hazardousBlockedCountries = List.copyOf(hazardousBlockedCountries);
        blockedDestinations = List.copyOf(blockedDestinations);
        crossBorderLimits = List.copyOf(crossBorderLimits);
        identityNumberRequired = List.copyOf(identityNumberRequired);
    }

    /**
     * The declared value (the order total) allowed for cross-border orders to {@code destination} in {@code currency}.
     * Defaults follow China's cross-border e-commerce retail import limits: CNY 5,000 per order, CNY 26,000 per person
     * per calendar year.
     *
     * @param perOrder null: no limit per order
     * @param perPersonPerYear null: no yearly limit per person
     */
    public record CrossBorderLimit(
            String destination,
            String currency,
            @Nullable BigDecimal perOrder,
            @Nullable BigDecimal perPersonPerYear) {}

    /**
     * The policy Fulcrum ships, in force while a tenant has activated none: catalogue restrictions enforced, China's
     * cross-border retail limits and identity number for China, no blocked destination, home countries taken from the
     * tenant's locations.
     */
    public static CompliancePolicy standard() {
        return new CompliancePolicy(
                List.of(),
                true,
                List.of(),
                List.of(),
                List.of(new CrossBorderLimit("CN", "CNY", new BigDecimal("5000.00"), new BigDecimal("26000.00"))),
                List.of("CN"));
    }

    /** The limits for {@code destination}, in every currency configured. */
    public List<CrossBorderLimit> limitsFor(String destination) {
        return crossBorderLimits.stream()
                .filter(limit -> limit.destination().equals(destination))
                .toList();
    }

    /** The limit for {@code destination} in {@code currency}, if one is configured. */
    public Optional<CrossBorderLimit> limitFor(String destination, String currency) {
        return crossBorderLimits.stream()
                .filter(limit -> limit.destination().equals(destination)
                        && limit.currency().equals(currency))
                .findFirst();
    }

    /**
     * One version of a tenant's policy. Version 0 is {@link #standard()}, active while no version of the tenant's own
     * is.
     *
     * @param status {@code draft} (editable), {@code active} (the one intake uses) or {@code retired}
     */
    public record Version(
            int version,
            String status,
            CompliancePolicy policy,
            Instant createdAt,
            String createdBy,
            @Nullable Instant activatedAt) {}
}

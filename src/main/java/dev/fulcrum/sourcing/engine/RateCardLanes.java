package dev.fulcrum.sourcing.engine;

import dev.fulcrum.shared.Money;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Lanes from rate cards, with a distance-based estimate wherever no rate card of a suitable service covers a lane
 * (unless the profile requires a rate card). The rate lines are indexed once by destination country and origin, so
 * quoting a shipment reads only the lines of its own lane. The most specific lane wins: an exact origin over {@code *}, then postal prefix over region over country.
 *
 * <p>Default emission factors (g CO2e per tonne-km) when a rate card gives none, rounded from the UK government's
 * GHG conversion factors for company reporting (DESNZ/DEFRA 2024, "Freighting goods") and in line with the GLEC
 * Framework's default intensities: road (articulated and rigid HGV average, laden) 107, courier (average van) 600,
 * rail (freight train) 28, sea (average container ship) 16, air (long-haul freight, without radiative forcing) 600.
 */
public final class RateCardLanes implements LaneBook {

    /** A rate line as the index holds it: its amounts also as doubles, read once instead of on every quote. */
    private record Band(RateLine line, double ratePerKg, double minimumCharge) {

        Band(RateLine line) {
            this(line, line.ratePerKg().doubleValue(), line.minimumCharge().doubleValue());
        }
    }

    public static final Map<String, Double> DEFAULT_EMISSION_FACTORS =
            Map.of("road", 107.0, "courier", 600.0, "rail", 28.0, "sea", 16.0, "air", 600.0);
    /** Estimate: fixed charge plus a rate per kg·km, a road speed and a refrigerated surcharge (in the order's currency). */
    public static final double ESTIMATE_FIXED = 6.00;

    public static final double ESTIMATE_PER_KG_KM = 0.0005;
    public static final double ESTIMATE_KM_PER_DAY = 500;
    public static final double ESTIMATE_COLD_SURCHARGE = 1.6;
    public static final double ESTIMATE_COLD_EMISSION_FACTOR = 125;

    private final Map<String, CarrierService> services = new HashMap<>();
    /**
     * Rate lines by destination country, then origin ({@code *} included), then destination region (upper case;
     * {@code ""}: country-wide): read once, shared by every order, so a quote reads only the lines of its lane.
     */
    private final Map<String, Map<String, Map<String, List<Band>>>> byLane = new HashMap<>();

    private final boolean requireRateCard;

    public RateCardLanes(List<CarrierService> services, List<RateLine> rates) {
        this(services, rates, false);
    }

    /**
     * Lanes over these services and rate lines; with {@code requireRateCard} a lane no rate card covers has no quote
     * at all (the engine then finds the location ineligible) instead of the distance estimate.
     */
    public RateCardLanes(List<CarrierService> services, List<RateLine> rates, boolean requireRateCard) {
        services.forEach(service -> this.services.put(service.code(), service));
        for (RateLine rate : rates) {
            if (this.services.containsKey(rate.carrierCode())) {
                String region = rate.destRegion();
                byLane.computeIfAbsent(rate.destCountry(), country -> new HashMap<>())
                        .computeIfAbsent(rate.origin(), origin -> new HashMap<>())
                        .computeIfAbsent(
                                region == null ? "" : region.toUpperCase(Locale.ROOT), key -> new ArrayList<>())
                        .add(new Band(rate));
            }
        }
        this.requireRateCard = requireRateCard;
    }

    public boolean requireRateCard() {
        return requireRateCard;
    }

    @Override
    public Lanes to(EngineOrder.Destination destination, Currency currency) {
        double minorPerUnit = Math.pow(10, Money.minorDigits(currency));
        Map<String, Map<String, List<Band>>> byOrigin = byLane.getOrDefault(destination.country(), Map.of());
        String region = String.valueOf(destination.region()).toUpperCase(Locale.ROOT);
        return (origin, distanceKm, weightKg, temperatureControlled) -> {
            Map<String, Band> bestPerService = new HashMap<>();
            Map<String, Integer> rankPerService = new HashMap<>();
            for (String from : new String[] {origin.id().value(), "*"}) {
                Map<String, List<Band>> byRegion = byOrigin.get(from);
                if (byRegion != null) {
                    int originRank = from.equals("*") ? 0 : 3;
                    pick(byRegion.get(""), originRank, weightKg, destination, bestPerService, rankPerService);
                    pick(byRegion.get(region), originRank, weightKg, destination, bestPerService, rankPerService);
                }
            }
            List<Quote> quotes = new ArrayList<>(bestPerService.size() + 1);
            boolean suitable = false;
            for (Band band : bestPerService.values()) {
                RateLine rate = band.line();
                // The lanes hold only rates of known services (see the constructor).
                CarrierService service = java.util.Objects.requireNonNull(services.get(rate.carrierCode()));
                Double rateFactor = rate.emissionFactor();
                double factor =
                        rateFactor != null ? rateFactor : DEFAULT_EMISSION_FACTORS.getOrDefault(service.mode(), 107.0);
                quotes.add(new Quote(
                        service.code(),
                        service.carrier(),
                        service.mode(),
                        service.temperatureControlled(),
                        freight(band, weightKg, currency, minorPerUnit),
                        rate.transitDaysTypical(),
                        rate.transitDaysP90(),
                        weightKg / 1000.0 * distanceKm * factor,
                        false));
                suitable |= !temperatureControlled || service.temperatureControlled();
            }
            if (!suitable && !requireRateCard) {
                quotes.add(estimate(distanceKm, weightKg, temperatureControlled, currency));
            }
            return quotes;
        };
    }

    /**
     * {@code max(minimumCharge, ratePerKg × kg)} in the currency's minor units: the minimum charge exactly (half-even
     * to the minor unit), the weight-based charge from the double weight, rounded half-even.
     */
    private static Money freight(Band band, double weightKg, Currency currency, double minorPerUnit) {
        double byWeight = band.ratePerKg() * weightKg;
        if (byWeight <= band.minimumCharge()) {
            return Money.rounded(band.line().minimumCharge(), currency);
        }
        return Money.ofMinor((long) Math.rint(byWeight * minorPerUnit), currency);
    }

    /** The documented distance-based estimate used where no rate card covers a lane, in {@code currency}. */
    public static Quote estimate(double distanceKm, double weightKg, boolean temperatureControlled, Currency currency) {
        double freight = ESTIMATE_FIXED + ESTIMATE_PER_KG_KM * weightKg * distanceKm;
        int typical = 1 + (int) Math.ceil(distanceKm / ESTIMATE_KM_PER_DAY);
        double factor = temperatureControlled
                ? ESTIMATE_COLD_EMISSION_FACTOR
                : DEFAULT_EMISSION_FACTORS.getOrDefault("road", 107.0);
        return new Quote(
                temperatureControlled ? "ESTIMATE-COLD" : "ESTIMATE-ROAD",
                "estimate",
                "road",
                temperatureControlled,
                Money.ofMinor(
                        (long) Math.rint((temperatureControlled ? freight * ESTIMATE_COLD_SURCHARGE : freight)
                                * Math.pow(10, Money.minorDigits(currency))),
                        currency),
                typical,
                typical + 1,
                weightKg / 1000.0 * distanceKm * factor,
                true);
    }

    private static void pick(
            @Nullable List<Band> candidates,
            int originRank,
            double weightKg,
            EngineOrder.Destination destination,
            Map<String, Band> bestPerService,
            Map<String, Integer> rankPerService) {
        if (candidates == null) {
            return;
        }
        for (Band band : candidates) {
            RateLine rate = band.line();
            if ((weightKg <= rate.minKg() && rate.minKg() > 0)
                    || weightKg > rate.maxKg()
                    || !covers(rate, destination)) {
                continue;
            }
            int rank = originRank + specificity(rate);
            Integer currentRank = rankPerService.get(rate.carrierCode());
            if (currentRank == null || rank > currentRank) {
                bestPerService.put(rate.carrierCode(), band);
                rankPerService.put(rate.carrierCode(), rank);
            }
        }
    }

    private static int specificity(RateLine rate) {
        return rate.destPostalPrefix() != null ? 2 : rate.destRegion() != null ? 1 : 0;
    }

    private static boolean covers(RateLine rate, EngineOrder.Destination destination) {
        if (!rate.destCountry().equals(destination.country())) {
            return false;
        }
        if (rate.destRegion() != null && !rate.destRegion().equalsIgnoreCase(String.valueOf(destination.region()))) {
            return false;
        }
        return rate.destPostalPrefix() == null
                || (destination.postalCode() != null && destination.postalCode().startsWith(rate.destPostalPrefix()));
    }
}

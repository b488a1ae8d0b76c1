package dev.fulcrum.sourcing.engine;

import java.util.ArrayList;
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

    public static final Map<String, Double> DEFAULT_EMISSION_FACTORS =
            Map.of("road", 107.0, "courier", 600.0, "rail", 28.0, "sea", 16.0, "air", 600.0);
    /** Estimate: fixed charge plus a rate per kg·km, a road speed and a refrigerated surcharge. */
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
    private final Map<String, Map<String, Map<String, List<RateLine>>>> byLane = new HashMap<>();

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
                        .add(rate);
            }
        }
        this.requireRateCard = requireRateCard;
    }

    public boolean requireRateCard() {
        return requireRateCard;
    }

    @Override
    public Lanes to(EngineOrder.Destination destination) {
        Map<String, Map<String, List<RateLine>>> byOrigin = byLane.getOrDefault(destination.country(), Map.of());
        String region = String.valueOf(destination.region()).toUpperCase(Locale.ROOT);
        return (origin, distanceKm, weightKg, temperatureControlled) -> {
            Map<String, RateLine> bestPerService = new HashMap<>();
            Map<String, Integer> rankPerService = new HashMap<>();
            for (String from : new String[] {origin.id(), "*"}) {
                Map<String, List<RateLine>> byRegion = byOrigin.get(from);
                if (byRegion != null) {
                    int originRank = from.equals("*") ? 0 : 3;
                    pick(byRegion.get(""), originRank, weightKg, destination, bestPerService, rankPerService);
                    pick(byRegion.get(region), originRank, weightKg, destination, bestPerService, rankPerService);
                }
            }
            List<Quote> quotes = new ArrayList<>(bestPerService.size() + 1);
            boolean suitable = false;
            for (RateLine rate : bestPerService.values()) {
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
                        Math.max(rate.minimumCharge(), rate.ratePerKg() * weightKg),
                        rate.transitDaysTypical(),
                        rate.transitDaysP90(),
                        weightKg / 1000.0 * distanceKm * factor,
                        false));
                suitable |= !temperatureControlled || service.temperatureControlled();
            }
            if (!suitable && !requireRateCard) {
                quotes.add(estimate(distanceKm, weightKg, temperatureControlled));
            }
            return quotes;
        };
    }

    /** The documented distance-based estimate used where no rate card covers a lane. */
    public static Quote estimate(double distanceKm, double weightKg, boolean temperatureControlled) {
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
                temperatureControlled ? freight * ESTIMATE_COLD_SURCHARGE : freight,
                typical,
                typical + 1,
                weightKg / 1000.0 * distanceKm * factor,
                true);
    }

    private static void pick(
            @Nullable List<RateLine> candidates,
            int originRank,
            double weightKg,
            EngineOrder.Destination destination,
            Map<String, RateLine> bestPerService,
            Map<String, Integer> rankPerService) {
        if (candidates == null) {
            return;
        }
        for (RateLine rate : candidates) {
            if ((weightKg <= rate.minKg() && rate.minKg() > 0)
                    || weightKg > rate.maxKg()
                    || !covers(rate, destination)) {
                continue;
            }
            int rank = originRank + specificity(rate);
            Integer currentRank = rankPerService.get(rate.carrierCode());
            if (currentRank == null || rank > currentRank) {
                bestPerService.put(rate.carrierCode(), rate);
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

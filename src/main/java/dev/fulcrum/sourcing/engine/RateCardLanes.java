package dev.fulcrum.sourcing.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Lanes from rate cards, with a distance-based estimate wherever no rate card of a suitable service covers a lane.
 * The most specific lane wins: an exact origin over {@code *}, then postal prefix over region over country.
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
    private final List<RateLine> rates;

    public RateCardLanes(List<CarrierService> services, List<RateLine> rates) {
        services.forEach(service -> this.services.put(service.code(), service));
        this.rates = List.copyOf(rates);
    }

    @Override
    public Lanes to(EngineOrder.Destination destination) {
        Map<String, List<RateLine>> byOrigin = new HashMap<>();
        for (RateLine rate : rates) {
            if (covers(rate, destination) && services.containsKey(rate.carrierCode())) {
                byOrigin.computeIfAbsent(rate.origin(), origin -> new ArrayList<>())
                        .add(rate);
            }
        }
        if (byOrigin.isEmpty()) {
            return (origin, distanceKm, weightKg, temperatureControlled) ->
                    List.of(estimate(distanceKm, weightKg, temperatureControlled));
        }
        return (origin, distanceKm, weightKg, temperatureControlled) -> {
            Map<String, RateLine> bestPerService = new HashMap<>();
            pick(byOrigin.get(origin.id()), 3, weightKg, destination, bestPerService);
            pick(byOrigin.get("*"), 0, weightKg, destination, bestPerService);
            List<Quote> quotes = new ArrayList<>();
            boolean suitable = false;
            for (RateLine rate : bestPerService.values()) {
                CarrierService service = services.get(rate.carrierCode());
                double factor = rate.emissionFactor() != null
                        ? rate.emissionFactor()
                        : DEFAULT_EMISSION_FACTORS.getOrDefault(service.mode(), 107.0);
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
            if (!suitable) {
                quotes.add(estimate(distanceKm, weightKg, temperatureControlled));
            }
            return quotes;
        };
    }

    /** The documented distance-based estimate used where no rate card covers a lane. */
    public static Quote estimate(double distanceKm, double weightKg, boolean temperatureControlled) {
        double freight = ESTIMATE_FIXED + ESTIMATE_PER_KG_KM * weightKg * distanceKm;
        int typical = 1 + (int) Math.ceil(distanceKm / ESTIMATE_KM_PER_DAY);
        double factor = temperatureControlled ? ESTIMATE_COLD_EMISSION_FACTOR : DEFAULT_EMISSION_FACTORS.get("road");
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
            Map<String, RateLine> bestPerService) {
        if (candidates == null) {
            return;
        }
        Map<String, Integer> rankPerService = new HashMap<>();
        for (RateLine rate : candidates) {
            if (weightKg <= rate.minKg() && rate.minKg() > 0 || weightKg > rate.maxKg()) {
                continue;
            }
            int rank = originRank + specificity(rate);
            RateLine current = bestPerService.get(rate.carrierCode());
            Integer currentRank = rankPerService.get(rate.carrierCode());
            if (current == null || (currentRank != null && rank > currentRank)) {
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

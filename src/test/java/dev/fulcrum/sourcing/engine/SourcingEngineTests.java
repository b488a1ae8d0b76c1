package dev.fulcrum.sourcing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SourcingEngineTests {

    private static final Instant MONDAY_MORNING = Instant.parse("2026-11-16T01:00:00Z");
    private final SourcingEngine engine = new SourcingEngine();
    private final Weights costOnly = new Weights(1, 0, 0, 0, 0);

    @Test
    void findsTheExhaustiveCostOptimumOnRandomSmallInstances() {
        Random random = new Random(42);
        for (int round = 0; round < 40; round++) {
            int lineCount = 1 + random.nextInt(4);
            int siteCount = 2 + random.nextInt(5);
            List<Site> sites = new ArrayList<>();
            for (int s = 0; s < siteCount; s++) {
                Map<String, Integer> stock = new HashMap<>();
                for (int l = 0; l < lineCount; l++) {
                    if (random.nextDouble() < 0.7) {
                        stock.put("SKU-" + l, 1 + random.nextInt(3));
                    }
                }
                sites.add(Sites.site("S" + s, 22 + random.nextDouble() * 18, 100 + random.nextDouble() * 20, stock));
            }
            String[] lines = new String[lineCount * 2];
            for (int l = 0; l < lineCount; l++) {
                lines[2 * l] = "SKU-" + l;
                lines[2 * l + 1] = String.valueOf(1 + random.nextInt(2));
            }
            EngineOrder order = Sites.order(MONDAY_MORNING, lines);
            int maxShipments = 1 + random.nextInt(3);
            Strategy strategy = Sites.strategy("cost-first", maxShipments).withWeights("custom", costOnly);

            Plan plan = engine.decide(order, sites, Sites.estimatesOnly(), strategy, false);
            double optimum = bruteForceCost(order, sites, maxShipments);

            assertThat(plan.search()).isEqualTo("exhaustive");
            if (Double.isNaN(optimum)) {
                assertThat(plan.complete())
                        .as("round %d has no complete plan", round)
                        .isFalse();
            } else {
                assertThat(plan.complete()).isTrue();
                // Each shipment's handling and freight are rounded to the minor unit (0.01 CNY) on their own.
                assertThat(plan.cost().amount().doubleValue())
                        .as("round %d", round)
                        .isCloseTo(
                                optimum,
                                org.assertj.core.data.Offset.offset(
                                        0.01 * plan.shipments().size() + 0.001));
                assertThat(plan.shipments().size()).isLessThanOrEqualTo(maxShipments);
            }
        }
    }

    @Test
    void shipsFromOneLocationWhenItCanAndSplitsOnlyWhenThatIsCheaper() {
        // FAR has everything but is 1,900 km away; two warehouses next door hold one line each.
        Site far = Sites.site("FAR", 45.8, 126.5, Sites.stock("HEAVY-1", 5, "HEAVY-2", 5));
        Site nearOne = Sites.site("NEAR-1", 31.2, 121.5, Sites.stock("HEAVY-1", 5));
        Site nearTwo = Sites.site("NEAR-2", 31.3, 121.4, Sites.stock("HEAVY-2", 5));
        EngineOrder heavy = withWeight(Sites.order(MONDAY_MORNING, "HEAVY-1", "1", "HEAVY-2", "1"), 20_000);
        EngineOrder light = withWeight(Sites.order(MONDAY_MORNING, "HEAVY-1", "1", "HEAVY-2", "1"), 10);

        Plan heavySplit = engine.decide(
                heavy, List.of(far, nearOne, nearTwo), Sites.estimatesOnly(), Sites.strategy("cost-first", 2));
        Plan lightTogether = engine.decide(
                light, List.of(far, nearOne, nearTwo), Sites.estimatesOnly(), Sites.strategy("cost-first", 2));
        Plan heavyLimited = engine.decide(
                heavy, List.of(far, nearOne, nearTwo), Sites.estimatesOnly(), Sites.strategy("cost-first", 1));

        assertThat(heavySplit.shipments())
                .extracting(Plan.Shipment::locationId)
                .containsExactlyInAnyOrder(new LocationId("NEAR-1"), new LocationId("NEAR-2"));
        assertThat(lightTogether.shipments())
                .extracting(Plan.Shipment::locationId)
                .containsExactly(new LocationId("FAR"));
        assertThat(heavyLimited.shipments())
                .extracting(Plan.Shipment::locationId)
                .containsExactly(new LocationId("FAR"));
    }

    @Test
    void neverExceedsTheShipmentLimitAndStaysCompleteOnLargeInstances() {
        Random random = new Random(7);
        List<Site> sites = randomSites(random, 100, 5);
        for (int maxShipments = 1; maxShipments <= 3; maxShipments++) {
            Plan plan = engine.decide(
                    Sites.order(MONDAY_MORNING, "SKU-0", "1", "SKU-1", "2", "SKU-2", "1", "SKU-3", "1", "SKU-4", "3"),
                    sites,
                    Sites.estimatesOnly(),
                    Sites.strategy("balanced", maxShipments));
            assertThat(plan.search()).isEqualTo("pruned");
            assertThat(plan.shipments().size()).isLessThanOrEqualTo(maxShipments);
            assertThat(plan.complete()).isTrue();
            assertThat(plan.candidates()).hasSize(100);
            assertThat(plan.alternatives()).hasSize(3);
        }
    }

    @Test
    void leavesALineRestrictedFromTheDestinationUnallocatedAndSaysWhy() {
        EngineOrder order = Sites.order(MONDAY_MORNING, "A", "1");
        EngineOrder restricted = new EngineOrder(
                order.orderId(),
                List.of(new EngineOrder.Line(1, new Sku("A"), 1, 500, List.of(), List.of("CN"))),
                order.destination(),
                order.decidedAt(),
                null,
                false,
                order.currency());

        Plan plan = engine.decide(
                restricted,
                List.of(Sites.site("S", 31.2, 121.5, Sites.stock("A", 5))),
                Sites.estimatesOnly(),
                Sites.strategy("balanced", 2));

        assertThat(plan.complete()).isFalse();
        assertThat(plan.unallocated().getFirst().reason()).contains("may not be shipped to CN");
    }

    @Test
    void labelsTheDistanceEstimateWhenNoRateCardCoversTheLane() {
        Plan plan = engine.decide(
                Sites.order(MONDAY_MORNING, "A", "1"),
                List.of(Sites.site("S", 39.9, 116.4, Sites.stock("A", 5))),
                Sites.estimatesOnly(),
                Sites.strategy("balanced", 2));

        Quote quote = plan.shipments().getFirst().quote();
        assertThat(quote.estimate()).isTrue();
        double km = Geo.haversineKm(39.9, 116.4, 31.23, 121.47);
        assertThat(km).isBetween(1000.0, 1100.0);
        assertThat(quote.freight().amount().doubleValue())
                .isCloseTo(
                        RateCardLanes.ESTIMATE_FIXED + RateCardLanes.ESTIMATE_PER_KG_KM * 0.5 * km,
                        org.assertj.core.data.Offset.offset(0.005));
        assertThat(quote.carbonGrams()).isCloseTo(0.5 / 1000 * km * 107, org.assertj.core.data.Offset.offset(0.01));
    }

    static List<Site> randomSites(Random random, int count, int skus) {
        List<Site> sites = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            Map<String, Integer> stock = new HashMap<>();
            for (int k = 0; k < skus; k++) {
                if (random.nextDouble() < 0.6) {
                    stock.put("SKU-" + k, random.nextInt(20));
                }
            }
            sites.add(Sites.site(
                    String.format("S%04d", s), 22 + random.nextDouble() * 18, 100 + random.nextDouble() * 20, stock));
        }
        return sites;
    }

    private static EngineOrder withWeight(EngineOrder order, int grams) {
        return new EngineOrder(
                order.orderId(),
                order.lines().stream()
                        .map(line -> new EngineOrder.Line(
                                line.lineNo(),
                                line.sku(),
                                line.quantity(),
                                grams,
                                line.requiredCapabilities(),
                                line.restrictedCountries()))
                        .toList(),
                order.destination(),
                order.decidedAt(),
                null,
                false,
                order.currency());
    }

    /** The cheapest complete assignment of lines to sites within the shipment limit, by brute force; NaN if none. */
    private static double bruteForceCost(EngineOrder order, List<Site> sites, int maxShipments) {
        int lines = order.lines().size();
        int[] assignment = new int[lines];
        double best = Double.NaN;
        int total = (int) Math.pow(sites.size(), lines);
        for (int code = 0; code < total; code++) {
            int rest = code;
            for (int l = 0; l < lines; l++) {
                assignment[l] = rest % sites.size();
                rest /= sites.size();
            }
            double cost = 0;
            Map<Integer, double[]> perSite = new HashMap<>();
            boolean feasible = true;
            for (int l = 0; l < lines; l++) {
                EngineOrder.Line line = order.lines().get(l);
                Site site = sites.get(assignment[l]);
                if (site.availableOf(line.sku()) < line.quantity()) {
                    feasible = false;
                    break;
                }
                double[] load = perSite.computeIfAbsent(assignment[l], k -> new double[2]);
                load[0] += line.quantity() * line.unitWeightGrams() / 1000.0;
                load[1] += line.quantity();
            }
            if (!feasible || perSite.size() > maxShipments) {
                continue;
            }
            for (Map.Entry<Integer, double[]> entry : perSite.entrySet()) {
                Site site = sites.get(entry.getKey());
                double km = Geo.haversineKm(site.latitude(), site.longitude(), 31.23, 121.47);
                cost += site.handlingPerOrder()
                        + site.handlingPerUnit() * entry.getValue()[1]
                        + RateCardLanes.estimate(km, entry.getValue()[0], false, Sites.CNY)
                                .freight()
                                .amount()
                                .doubleValue();
            }
            if (Double.isNaN(best) || cost < best) {
                best = cost;
            }
        }
        return best;
    }
}

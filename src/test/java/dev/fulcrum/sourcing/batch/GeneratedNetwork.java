package dev.fulcrum.sourcing.batch;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.sourcing.engine.CarrierService;
import dev.fulcrum.sourcing.engine.EngineOrder;
import dev.fulcrum.sourcing.engine.Geo;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.Promises;
import dev.fulcrum.sourcing.engine.RateCardLanes;
import dev.fulcrum.sourcing.engine.RateLine;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.engine.Sites;
import dev.fulcrum.sourcing.engine.SourcingEngine;
import dev.fulcrum.sourcing.engine.Strategy;
import dev.fulcrum.sourcing.engine.Weights;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A generated supply network shaped like the one issue 18 was found on (acceptance 1), seeded so that every run sees
 * the same instance:
 *
 * <ul>
 *   <li>{@code locations} plants in eastern China (Mon–Sat, cut-off 16:00, 4 h processing), each with handling per
 *       order 2.00–5.00 and per unit 0.1000–0.5000 (four decimals), carrying a random 60 % of 50 SKUs (product
 *       eligibility per plant) with ample stock, and a daily order capacity; the capacities add up to a quarter of
 *       the orders;
 *   <li>one road carrier whose rate card has {@code rateLines} lines: every plant to each of {@code rateLines /
 *       (locations × 5)} destination regions in five weight bands (0–1, 1–5, 5–20, 20–100, 100–1000 kg), rate per kg
 *       growing with distance, with a minimum charge;
 *   <li>{@code orders} orders of one line (as on the issue's network: one product per order), or of 1 to {@code
 *       maxLines} lines, 1–3 units each, 100–5,000 g per unit, to a random region.
 * </ul>
 *
 * {@link #candidates()} runs the production path of a batch's build phase: the engine's complete plans under a
 * cost-first strategy ({@code SourcingEngine.batchPlans}), then {@link BatchCandidates#of} (one ship day), in parallel.
 */
public final class GeneratedNetwork {

    public static final Instant DECIDED_AT = Instant.parse("2026-11-23T02:00:00Z");
    public static final Currency CNY = Currency.getInstance("CNY");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Set<DayOfWeek> MON_TO_SAT = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY);
    private static final double[] BANDS = {0, 1, 5, 20, 100, 1000};

    public final List<Site> sites = new ArrayList<>();
    public final Map<String, Integer> capacity = new HashMap<>();
    public final List<EngineOrder> orders = new ArrayList<>();
    public final RateCardLanes lanes;
    public final int rateLines;
    /** The rate card's lines and each SKU's weight per unit, for loading the network into a tenant. */
    public final List<RateLine> rates;

    public final Map<String, Integer> grams = new HashMap<>();

    /** The network with single-line orders, as on the network of the issue (one product per order). */
    public GeneratedNetwork(int orderCount, int locations, int rateLineCount, long seed) {
        this(orderCount, locations, rateLineCount, 1, seed);
    }

    public GeneratedNetwork(int orderCount, int locations, int rateLineCount, int maxLines, long seed) {
        Random random = new Random(seed);
        List<String> skus = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            skus.add("SKU-" + k);
            grams.put("SKU-" + k, 100 + random.nextInt(4901));
        }
        double[] weights = new double[locations];
        double total = 0;
        for (int l = 0; l < locations; l++) {
            weights[l] = 0.5 + random.nextDouble();
            total += weights[l];
        }
        int capacityLeft = orderCount / 4;
        for (int l = 0; l < locations; l++) {
            Map<String, Integer> stock = new HashMap<>();
            Set<String> assortment = new HashSet<>();
            for (String sku : skus) {
                if (random.nextDouble() < 0.6) {
                    assortment.add(sku);
                    stock.put(sku, 1_000_000);
                }
            }
            String id = "P" + (l < 10 ? "0" : "") + l;
            sites.add(new Site(
                    new LocationId(id),
                    "warehouse",
                    23 + random.nextDouble() * 15,
                    105 + random.nextDouble() * 16,
                    "CN",
                    null,
                    SHANGHAI,
                    Set.of(),
                    false,
                    0,
                    2 + random.nextInt(301) / 100.0,
                    (1000 + random.nextInt(4001)) / 10000.0,
                    4,
                    LocalTime.of(16, 0),
                    MON_TO_SAT,
                    Set.of(),
                    assortment.stream().map(Sku::new).collect(Collectors.toUnmodifiableSet()),
                    Map.copyOf(Sites.skus(stock)),
                    Map.of()));
            int share = l == locations - 1 ? capacityLeft : (int) Math.round(orderCount / 4.0 * weights[l] / total);
            share = Math.min(share, capacityLeft);
            capacity.put(id, share);
            capacityLeft -= share;
        }
        int regions = Math.max(1, rateLineCount / (locations * (BANDS.length - 1)));
        double[][] centres = new double[regions][];
        for (int r = 0; r < regions; r++) {
            centres[r] = new double[] {20 + random.nextDouble() * 22, 100 + random.nextDouble() * 22};
        }
        List<RateLine> rates = new ArrayList<>();
        for (Site site : sites) {
            for (int r = 0; r < regions; r++) {
                double km = Geo.haversineKm(site.latitude(), site.longitude(), centres[r][0], centres[r][1]);
                double perKg = 0.4 + km / 800 * (0.8 + random.nextDouble() * 0.4);
                for (int b = 0; b < BANDS.length - 1; b++) {
                    rates.add(new RateLine(
                            "ROAD",
                            site.id().value(),
                            "CN",
                            region(r),
                            null,
                            BANDS[b],
                            BANDS[b + 1],
                            BigDecimal.valueOf(Math.round(perKg * (1 - 0.08 * b) * 100), 2),
                            BigDecimal.valueOf(8 + b * 2),
                            1 + (int) (km / 600),
                            2 + (int) (km / 500),
                            null));
                }
            }
        }
        this.rateLines = rates.size();
        this.rates = List.copyOf(rates);
        this.lanes = new RateCardLanes(
                List.of(new CarrierService("ROAD", "Generated Road", "standard", "road", false)), rates, true);
        for (int o = 0; o < orderCount; o++) {
            int r = random.nextInt(regions);
            List<EngineOrder.Line> lines = new ArrayList<>();
            int lineCount = 1 + random.nextInt(maxLines);
            Set<String> used = new HashSet<>();
            for (int l = 0; l < lineCount; l++) {
                String sku = skus.get(random.nextInt(skus.size()));
                if (!used.add(sku)) {
                    continue;
                }
                lines.add(new EngineOrder.Line(
                        l + 1,
                        new Sku(sku),
                        1 + random.nextInt(3),
                        java.util.Objects.requireNonNull(grams.get(sku)),
                        List.of(),
                        List.of()));
            }
            orders.add(new EngineOrder(
                    "G" + o,
                    lines,
                    new EngineOrder.Destination(
                            "CN",
                            region(r),
                            null,
                            centres[r][0] + random.nextGaussian() * 0.3,
                            centres[r][1] + random.nextGaussian() * 0.3),
                    DECIDED_AT,
                    null,
                    false,
                    java.util.Currency.getInstance("CNY")));
        }
    }

    private static String region(int r) {
        return "R" + (r < 10 ? "0" : "") + r;
    }

    /** The cost-first strategy the batch plans under: up to two shipments, capacity counted. */
    public static Strategy strategy() {
        return new Strategy(
                "cost", null, 2, false, true, Strategy.SiteFilter.NONE, "cost-first", Weights.preset("cost-first"));
    }

    /** Each order's choices, built as a batch builds them, and the resources they compete for. */
    public record Instance(
            List<BatchAllocator.OrderChoices> orders, BatchAllocator.Resources resources, int candidatePlans) {}

    public Instance candidates() {
        SourcingEngine engine = new SourcingEngine();
        Strategy strategy = strategy();
        Map<String, Site> byId = new HashMap<>();
        sites.forEach(site -> byId.put(site.id().value(), site));
        // In parallel, as a batch lists its plans.
        List<BatchAllocator.OrderChoices> choices = orders.parallelStream()
                .map(order -> {
                    List<Plan> complete = engine.batchPlans(order, sites, lanes, strategy, BatchCandidates.SPLIT_PLANS);
                    List<BatchCandidates.Candidate> candidates =
                            BatchCandidates.of(complete, byId, false, 1, capacity.keySet(), CNY);
                    return new BatchAllocator.OrderChoices(
                            order.orderId(),
                            candidates.stream()
                                    .map(BatchCandidates.Candidate::choice)
                                    .toList(),
                            1);
                })
                .toList();
        int plans = choices.stream().mapToInt(order -> order.choices().size()).sum();
        return new Instance(choices, resources(), plans);
    }

    /** Ample stock everywhere it is carried; each plant's capacity on its first ship day. */
    public BatchAllocator.Resources resources() {
        Map<BatchAllocator.StockKey, Integer> available = new HashMap<>();
        Map<BatchAllocator.CapacityKey, Integer> capacityLeft = new HashMap<>();
        for (Site site : sites) {
            site.available()
                    .forEach((sku, units) ->
                            available.put(new BatchAllocator.StockKey(site.id().value(), sku.value()), units));
            LocalDate day = Promises.shipBy(site, DECIDED_AT).toLocalDate();
            capacityLeft.put(
                    new BatchAllocator.CapacityKey(site.id().value(), day),
                    capacity.get(site.id().value()));
        }
        return new BatchAllocator.Resources(available, capacityLeft);
    }

    /** The orders all plants together can take: an upper bound on what any allocation serves. */
    public int capacityBound() {
        return capacity.values().stream().mapToInt(Integer::intValue).sum();
    }
}

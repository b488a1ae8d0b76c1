package dev.fulcrum.bench;

import dev.fulcrum.shared.Sku;
import dev.fulcrum.sourcing.batch.BatchAllocator;
import dev.fulcrum.sourcing.batch.BatchCandidates;
import dev.fulcrum.sourcing.engine.EngineOrder;
import dev.fulcrum.sourcing.engine.LaneBook;
import dev.fulcrum.sourcing.engine.OlistNetwork;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.Promises;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.engine.Sites;
import dev.fulcrum.sourcing.engine.SourcingEngine;
import dev.fulcrum.sourcing.engine.Strategy;
import dev.fulcrum.sourcing.engine.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * B3 quality figures, as a plain program: (1) the cost gap of the per-order search against the exhaustive optimum on
 * the same instances, wherever exhaustive enumeration is possible, with the time ratio; (2) batch allocation of
 * 10,000 orders competing for scarce stock and capacity: CP-SAT against the greedy per-order baseline, with the
 * solver's proven bound. Arguments: [orders in the batch] [time limit seconds].
 */
public final class SourcingReport {

    private static final Instant AT = Instant.parse("2026-11-16T13:00:00Z");

    public static void main(String[] args) {
        int batchOrders = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int limitSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        OlistNetwork network = OlistNetwork.load();
        System.out.println("network: " + (network.real ? "Olist sellers and products" : "synthetic"));
        if (args.length < 3) {
            perOrderGap(network);
        }
        if (batchOrders > 1000) {
            batch(network, 1000, limitSeconds);
        }
        batch(network, batchOrders, limitSeconds);
    }

    private static void perOrderGap(OlistNetwork network) {
        LaneBook lanes = Sites.estimatesOnly();
        Strategy costOnly = Sites.strategy("cost-first", 3).withWeights("custom", new Weights(1, 0, 0, 0, 0));
        SourcingEngine engine = new SourcingEngine();
        SourcingEngine exact = new SourcingEngine(Long.MAX_VALUE);
        System.out.println(
                "| lines | locations | orders | pruned searches | mean gap % | max gap % | engine µs | exact µs | time ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int lines : new int[] {1, 2, 3, 5}) {
            for (int locations : new int[] {10, 30, 100}) {
                long combinations = (long) Math.pow(locations, lines);
                if (combinations > 3_000_000L) {
                    continue;
                }
                Random random = new Random(lines * 1000L + locations);
                int skus = Math.max(10, lines * 2);
                List<Site> sites = network.sites(locations, skus, random);
                int orders = combinations > 100_000 ? 10 : 100;
                double gapSum = 0;
                double gapMax = 0;
                int pruned = 0;
                long engineNanos = 0;
                long exactNanos = 0;
                int compared = 0;
                for (int i = 0; i < orders; i++) {
                    EngineOrder order = network.order("O" + i, lines, skus, AT, random);
                    long t0 = System.nanoTime();
                    Plan fast = engine.decide(order, sites, lanes, costOnly, false);
                    long t1 = System.nanoTime();
                    Plan best = exact.decide(order, sites, lanes, costOnly, false);
                    long t2 = System.nanoTime();
                    engineNanos += t1 - t0;
                    exactNanos += t2 - t1;
                    if (!fast.complete() || !best.complete()) {
                        continue;
                    }
                    compared++;
                    pruned += fast.search().equals("pruned") ? 1 : 0;
                    double fastCost = fast.cost().amount().doubleValue();
                    double bestCost = best.cost().amount().doubleValue();
                    double gap = (fastCost - bestCost) / bestCost * 100;
                    gapSum += gap;
                    gapMax = Math.max(gapMax, gap);
                }
                System.out.printf(
                        "| %d | %d | %d | %d | %.3f | %.3f | %.1f | %.1f | %.4f |%n",
                        lines,
                        locations,
                        compared,
                        pruned,
                        compared == 0 ? 0 : gapSum / compared,
                        gapMax,
                        engineNanos / 1000.0 / orders,
                        exactNanos / 1000.0 / orders,
                        (double) engineNanos / exactNanos);
            }
        }
    }

    private static void batch(OlistNetwork network, int count, int limitSeconds) {
        Random random = new Random(99);
        int skus = 200;
        List<Site> sites = network.sites(100, skus, random);
        // Scarce: about two thirds of the units the orders ask for exist.
        List<Site> scarce = new ArrayList<>();
        for (Site site : sites) {
            Map<Sku, Integer> stock = new HashMap<>();
            site.available().forEach((sku, units) -> stock.put(sku, units / 3));
            scarce.add(new Site(
                    site.id(),
                    site.type(),
                    site.latitude(),
                    site.longitude(),
                    site.country(),
                    site.region(),
                    site.zone(),
                    site.capabilities(),
                    false,
                    0,
                    site.handlingPerOrder(),
                    site.handlingPerUnit(),
                    site.processingHours(),
                    site.cutoff(),
                    site.workingDays(),
                    site.holidays(),
                    null,
                    stock,
                    Map.of()));
        }
        SourcingEngine engine = new SourcingEngine();
        Strategy strategy = Sites.strategy("cost-first", 2);
        List<BatchAllocator.OrderChoices> choices = new ArrayList<>();
        Map<BatchAllocator.StockKey, Integer> stock = new HashMap<>();
        scarce.forEach(site -> site.available()
                .forEach((sku, units) ->
                        stock.put(new BatchAllocator.StockKey(site.id().value(), sku.value()), units)));
        Map<BatchAllocator.CapacityKey, Integer> capacity = new HashMap<>();
        Set<String> capacitated = new HashSet<>();
        Map<String, Site> byId = new HashMap<>();
        for (int s = 0; s < scarce.size(); s++) {
            Site site = scarce.get(s);
            byId.put(site.id().value(), site);
            if (s % 2 == 0) {
                capacitated.add(site.id().value());
                capacity.put(
                        new BatchAllocator.CapacityKey(
                                site.id().value(), Promises.shipBy(site, AT).toLocalDate()),
                        count / 150);
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            EngineOrder order = network.order("B" + i, 1 + random.nextInt(3), skus, AT, random);
            List<Plan> plans =
                    engine.batchPlans(order, scarce, Sites.estimatesOnly(), strategy, BatchCandidates.SPLIT_PLANS);
            choices.add(new BatchAllocator.OrderChoices(
                    "B" + i,
                    BatchCandidates.of(plans, byId, false, 1, capacitated, Currency.getInstance("CNY")).stream()
                            .map(BatchCandidates.Candidate::choice)
                            .toList(),
                    1));
        }
        long t1 = System.nanoTime();
        BatchAllocator.Resources resources = new BatchAllocator.Resources(stock, capacity);
        int[] greedy = BatchAllocator.greedy(choices, resources);
        long t2 = System.nanoTime();
        BatchAllocator.Allocation solved =
                new BatchAllocator().solve(choices, resources, Duration.ofSeconds(limitSeconds));
        System.out.printf(
                "batch: %d orders, %d candidate plans, plans generated in %.1f s%n",
                count, choices.stream().mapToInt(c -> c.choices().size()).sum(), (t1 - t0) / 1e9);
        System.out.printf(
                "greedy (per order in turn): served %d, cost %.2f, %.1f ms%n",
                BatchAllocator.servedOf(choices, greedy),
                BatchAllocator.costOf(choices, greedy) / 100.0,
                (t2 - t1) / 1e6);
        System.out.printf(
                "lexicographic solve (%d s limit): served %d, cost %.2f, worst gap %s, %d groups %s, %d ms%n",
                limitSeconds,
                solved.served(),
                solved.cost() / 100.0,
                solved.worstGapPercent(),
                solved.groups().size(),
                solved.groups().stream()
                        .map(BatchAllocator.Group::method)
                        .distinct()
                        .toList(),
                solved.wallMillis());
    }
}

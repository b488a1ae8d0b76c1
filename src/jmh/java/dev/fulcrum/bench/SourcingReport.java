package dev.fulcrum.bench;

import dev.fulcrum.sourcing.batch.BatchAllocator;
import dev.fulcrum.sourcing.engine.EngineOrder;
import dev.fulcrum.sourcing.engine.LaneBook;
import dev.fulcrum.sourcing.engine.OlistNetwork;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.engine.Sites;
import dev.fulcrum.sourcing.engine.SourcingEngine;
import dev.fulcrum.sourcing.engine.Strategy;
import dev.fulcrum.sourcing.engine.Weights;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

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
                    double gap = (fast.cost() - best.cost()) / best.cost() * 100;
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
            Map<String, Integer> stock = new HashMap<>();
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
                .forEach((sku, units) -> stock.put(new BatchAllocator.StockKey(site.id(), sku), units)));
        Map<String, Integer> capacity = new HashMap<>();
        for (int s = 0; s < scarce.size(); s += 2) {
            capacity.put(scarce.get(s).id(), count / 150);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            EngineOrder order = network.order("B" + i, 1 + random.nextInt(3), skus, AT, random);
            List<Plan> plans = engine.completePlans(order, scarce, Sites.estimatesOnly(), strategy, 8);
            List<BatchAllocator.Choice> orderChoices = new ArrayList<>();
            for (Plan plan : plans) {
                Map<BatchAllocator.StockKey, Integer> units = new HashMap<>();
                plan.shipments()
                        .forEach(shipment -> shipment.lines()
                                .forEach(line -> units.merge(
                                        new BatchAllocator.StockKey(shipment.locationId(), line.sku()),
                                        line.quantity(),
                                        Integer::sum)));
                orderChoices.add(new BatchAllocator.Choice(plan.cost(), units));
            }
            double worst = plans.stream().mapToDouble(Plan::cost).max().orElse(0);
            choices.add(new BatchAllocator.OrderChoices("B" + i, orderChoices, 1000 + 10 * worst));
        }
        long t1 = System.nanoTime();
        int[] greedy = BatchAllocator.greedy(choices, stock, capacity);
        long t2 = System.nanoTime();
        BatchAllocator.Allocation cpSat = count <= 1000
                ? new BatchAllocator()
                        .solveCpSat(choices, stock, capacity, Duration.ofSeconds(Math.min(10, limitSeconds)), 2)
                : null;
        BatchAllocator.Allocation solved =
                new BatchAllocator().solve(choices, stock, capacity, Duration.ofSeconds(limitSeconds));
        System.out.printf(
                "solve (SCIP up to " + BatchAllocator.MIP_VARIABLES
                        + " plans, else CP-SAT; %d s limit): status %s, served %d, cost %.2f, objective %.2f, bound %.2f, gap %.4f %%, %d ms%n",
                limitSeconds,
                solved.status(),
                solved.allocatedOrders(),
                solved.cost(),
                solved.objective(),
                solved.bound(),
                solved.gapPercent(),
                solved.wallMillis());
        long greedyObjective = BatchAllocator.objectiveOf(choices, greedy);
        int greedyServed =
                (int) java.util.Arrays.stream(greedy).filter(c -> c >= 0).count();
        double greedyCost = 0;
        for (int o = 0; o < greedy.length; o++) {
            if (greedy[o] >= 0) {
                greedyCost += choices.get(o).choices().get(greedy[o]).cost();
            }
        }
        System.out.printf(
                "batch: %d orders, %d candidate plans, plans generated in %.1f s%n",
                count, choices.stream().mapToInt(c -> c.choices().size()).sum(), (t1 - t0) / 1e9);
        System.out.printf(
                "greedy (per order in turn): served %d, cost %.2f, objective %.2f, %.1f ms%n",
                greedyServed, greedyCost, greedyObjective / 100.0, (t2 - t1) / 1e6);
        if (cpSat != null) {
            System.out.printf(
                    "CP-SAT alone (10 s limit, 2 workers): status %s, served %d, cost %.2f, objective %.2f, "
                            + "bound %.2f, gap %.4f %%, %d ms%n",
                    cpSat.status(),
                    cpSat.allocatedOrders(),
                    cpSat.cost(),
                    cpSat.objective(),
                    cpSat.bound(),
                    cpSat.gapPercent(),
                    cpSat.wallMillis());
        }
        System.out.printf(
                "greedy objective above the solver's: %.3f %%; greedy time / solver time: %.3f%n",
                (greedyObjective / 100.0 - solved.objective()) / solved.objective() * 100,
                (t2 - t1) / 1e6 / solved.wallMillis());
        if (cpSat != null) {
            System.out.printf(
                    "CP-SAT alone above the solver's: %.3f %%%n",
                    (cpSat.objective() - solved.objective()) / solved.objective() * 100);
        }
    }
}

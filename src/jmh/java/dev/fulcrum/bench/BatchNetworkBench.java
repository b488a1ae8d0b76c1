package dev.fulcrum.bench;

import dev.fulcrum.sourcing.batch.BatchAllocator;
import dev.fulcrum.sourcing.batch.GeneratedNetwork;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 18, acceptance 1 at full size, as a plain program: the generated network of {@link GeneratedNetwork}
 * (default 10,000 orders, 20 locations, 4,000 rate lines, capacity for a quarter of the orders) through the batch's
 * build phase (the engine's complete plans, candidates with dominance pruning) and its solve phase, three runs in one
 * JVM, each on a freshly generated instance object. Prints per run the generation, build and solve times, served
 * against the capacity bound, cost, groups and their methods and gaps, and the peak heap; then the median and spread.
 * Run it with {@code -Xmx1g} and two processors. Arguments: [orders] [locations] [rate lines] [runs] [lines per order at
 * most, default 1 as on the network].
 */
public final class BatchNetworkBench {

    public static void main(String[] args) {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int locations = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rateLines = args.length > 2 ? Integer.parseInt(args[2]) : 4_000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int maxLines = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        System.out.printf(
                "processors %d, max heap %d MiB, load average %.2f%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<Double> totals = new ArrayList<>();
        List<Double> solves = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            resetPeaks();
            long t0 = System.nanoTime();
            GeneratedNetwork network = new GeneratedNetwork(orders, locations, rateLines, maxLines, 18);
            long t1 = System.nanoTime();
            GeneratedNetwork.Instance instance = network.candidates();
            long t2 = System.nanoTime();
            BatchAllocator.Allocation allocation =
                    new BatchAllocator().solve(instance.orders(), instance.resources(), Duration.ofSeconds(30));
            long t3 = System.nanoTime();
            double build = (t2 - t1) / 1e9;
            double solve = (t3 - t2) / 1e9;
            totals.add(build + solve);
            solves.add(solve);
            System.out.printf(
                    "run %d: generate %.2f s, build %.2f s (%d candidate plans), solve %.2f s; build+solve %.2f s, "
                            + "solver share %.0f %%; served %d of %d orders, capacity bound %d; cost %.2f CNY; "
                            + "%d group(s) %s, worst gap %s %%; peak heap %d MiB%n",
                    run,
                    (t1 - t0) / 1e9,
                    build,
                    instance.candidatePlans(),
                    solve,
                    build + solve,
                    solve / (build + solve) * 100,
                    allocation.served(),
                    orders,
                    network.capacityBound(),
                    allocation.cost() / 100.0,
                    allocation.groups().size(),
                    allocation.groups().stream()
                            .map(BatchAllocator.Group::method)
                            .distinct()
                            .toList(),
                    allocation.worstGapPercent(),
                    peakHeapMiB());
        }
        System.out.printf(
                "build+solve median %.2f s (min %.2f, max %.2f); solve median %.2f s%n",
                median(totals),
                totals.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                totals.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                median(solves));
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}

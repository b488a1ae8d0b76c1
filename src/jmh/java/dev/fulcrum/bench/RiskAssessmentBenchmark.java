package dev.fulcrum.bench;

import dev.fulcrum.order.Address;
import dev.fulcrum.order.Customer;
import dev.fulcrum.order.FlowRef;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.NewOrderLine;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.Payment;
import dev.fulcrum.risk.RiskAssessment;
import dev.fulcrum.risk.RiskPolicy;
import dev.fulcrum.risk.internal.FeatureStore;
import dev.fulcrum.risk.internal.Features;
import dev.fulcrum.risk.internal.Scoring;
import dev.fulcrum.risk.internal.Signals;
import dev.fulcrum.shared.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU an intake assessment costs per order with warm features (issue 13: at most 0.3 ms): reading the order's
 * signals (normalising e-mail and phone, hashing the address), turning the windows the counters returned into its
 * features, and scoring it under the shipped default policy (13 CEL rules) with its explanation. The windows are
 * what the one read statement of a batch answers, already in memory; the statements themselves are B1's part. One
 * thread, so the time per operation is CPU time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RiskAssessmentBenchmark {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private final RiskPolicy policy = RiskPolicy.standard();
    private final List<Order> orders = new ArrayList<>();
    private final Map<String, FeatureStore.Window> windows = new HashMap<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        for (int i = 0; i < 256; i++) {
            String customer = "C-" + random.nextInt(64);
            Address address = new Address(
                    "Test",
                    null,
                    (random.nextInt(40) + 1) + " Nanjing Road",
                    null,
                    "Shanghai",
                    "SH",
                    "200001",
                    "CN",
                    null,
                    null);
            List<NewOrderLine> lines = new ArrayList<>();
            int count = 2 + random.nextInt(4);
            for (int l = 0; l < count; l++) {
                lines.add(new NewOrderLine(
                        "SKU-" + random.nextInt(500),
                        1 + random.nextInt(3),
                        Money.of(10 + random.nextInt(90) + ".00", "CNY")));
            }
            NewOrder request = new NewOrder(
                    "web",
                    "W-" + i,
                    "CNY",
                    NOW,
                    new Customer(customer, "Test", customer.toLowerCase() + "@example.com", "+86 138 0000 " + i),
                    address,
                    null,
                    lines,
                    new Payment("captured", "card", null),
                    null,
                    List.of(),
                    Map.of(
                            "device", Map.of("id", "D-" + random.nextInt(128)),
                            "ip", "203.0.113." + random.nextInt(256),
                            "payment", Map.of("bin", "4" + (10000 + random.nextInt(90000))),
                            "account", Map.of("createdAt", "2026-0" + (1 + random.nextInt(9)) + "-01T00:00:00Z")));
            Order order = Order.placed(request, new FlowRef("standard", 1), "bench", NOW);
            orders.add(order);
            Signals signals = Signals.of(order);
            for (String kind : Signals.COUNTED) {
                String value = signals.value(kind);
                if (value != null) {
                    windows.put(
                            FeatureStore.key(kind, value, signals.customer()),
                            new FeatureStore.Window(
                                    random.nextInt(5),
                                    random.nextInt(500),
                                    random.nextInt(20),
                                    random.nextInt(2000),
                                    random.nextInt(3),
                                    random.nextInt(30),
                                    random.nextInt(3000)));
                }
            }
        }
    }

    /**
     * CPU time per assessment measured directly (the machine is shared, so JMH's wall-clock average counts time spent
     * waiting for a core): {@code java ... dev.fulcrum.bench.RiskAssessmentBenchmark [warm-up] [measured] [runs]}.
     */
    public static void main(String[] args) {
        int warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        RiskAssessmentBenchmark bench = new RiskAssessmentBenchmark();
        bench.setUp();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < warmUp; i++) {
            sink += bench.assess().score();
        }
        for (int run = 1; run <= runs; run++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            for (int i = 0; i < measured; i++) {
                sink += bench.assess().score();
            }
            double cpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / measured;
            double wallMicros = (System.nanoTime() - wall) / 1000.0 / measured;
            System.out.printf(
                    "run %d: %.1f us CPU per order, %.1f us wall (%d orders)%n", run, cpuMicros, wallMicros, measured);
        }
        System.out.println("(checksum " + sink + ")");
    }

    @Benchmark
    public RiskAssessment assess() {
        Order order = orders.get(next++ & 255);
        Signals signals = Signals.of(order);
        Map<String, Double> features = new Features(windows).next(signals, 0, NOW);
        return Scoring.assess(order.id(), NOW, policy, 0, signals.document(), features, List.of(), null);
    }
}

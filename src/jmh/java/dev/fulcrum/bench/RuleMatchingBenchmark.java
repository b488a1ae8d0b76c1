package dev.fulcrum.bench;

import dev.fulcrum.order.Address;
import dev.fulcrum.order.Customer;
import dev.fulcrum.order.FlowRef;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.NewOrderLine;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.Payment;
import dev.fulcrum.rules.RuleDefinition;
import dev.fulcrum.rules.RuleVersion;
import dev.fulcrum.rules.internal.CompiledRule;
import dev.fulcrum.rules.internal.RuleIndex;
import dev.fulcrum.rules.internal.RuleVariables;
import dev.fulcrum.shared.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Finding and evaluating the rules of one event with 1,000 active rules (issue 14: at most 1 ms at p99): the index
 * lookup by event type and every candidate's compiled CEL condition over the order's variables, including building
 * those variables. The worst case for the lookup: all 1,000 rules are triggered by {@code order.paid}, with 20 shapes
 * of condition (totals, countries, tags, channels, attributes, event data) and thresholds spread so that some match.
 * One thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RuleMatchingBenchmark {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final String[] CONDITIONS = {
        "order.total > %d.0",
        "order.total > %d.0 && order.currency == 'CNY'",
        "order.shippingAddress.country == 'DE' && order.total > %d.0",
        "'vip' in order.tags && order.total > %d.0",
        "order.channel == 'web' && order.quantities.ordered > %d",
        "order.lines.exists(l, l.sku == 'SKU-%d')",
        "order.attributes.campaign == 'c-%d'",
        "order.paid && order.total < %d.0",
        "event.type == 'order.paid' && order.total > %d.0",
        "order.holds.size() == 0 && order.total > %d.0",
        "order.customer.id.startsWith('C-%d')",
        "order.payment.method == 'card' && order.payment.amount > %d.0",
        "order.lines.size() > %d",
        "order.state == 'paid' && order.total > %d.0",
        "order.total >= %d.0 && order.total < 100000.0",
        "!('blocked' in order.tags) && order.total > %d.0",
        "order.shippingAddress.city == 'Shanghai' && order.total > %d.0",
        "order.flow == 'standard' && order.quantities.open > %d",
        "has(order.attributes.campaign) && order.total > %d.0",
        "order.externalId.endsWith('%d')"
    };

    /** Public event types the rules are spread over; the benchmarked event is the first. */
    private static final String[] TYPES = {
        "order.paid",
        "order.placed",
        "order.held",
        "order.released",
        "order.cancelled",
        "order.shipped",
        "order.delivered",
        "order.updated",
        "order.allocated",
        "order.backordered",
        "order.risk-assessed",
        "return.requested",
        "return.approved",
        "return.received",
        "return.refunded",
        "return.rejected",
        "return.closed",
        "exchange.created",
        "claim.created",
        "risk.review-opened",
        "risk.review-decided",
        "return.retention-accepted",
        "channel.signature-rejected",
        "subscription.paused",
        "rule.notification"
    };

    /**
     * Over how many event types the 1,000 rules are spread: 1, every rule on {@code order.paid} (the worst case), or
     * 25, the public event types of the catalogue (40 rules each).
     */
    @Param({"1", "25"})
    public int spread = 1;

    private RuleIndex index;
    private final List<Order> orders = new ArrayList<>();
    private int next;

    public RuleMatchingBenchmark() {
        this.index = RuleIndex.EMPTY;
    }

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(14);
        List<CompiledRule> rules = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String when = CONDITIONS[i % CONDITIONS.length].formatted(50 + random.nextInt(5000));
            RuleDefinition definition = new RuleDefinition(
                    "rule " + i,
                    new RuleDefinition.Trigger(TYPES[i % Math.max(1, Math.min(spread, TYPES.length))], null),
                    when,
                    List.of(Map.of("type", "add-tag", "tag", "r" + i)),
                    random.nextInt(1000),
                    false);
            rules.add(
                    CompiledRule.of(new RuleVersion("rule-" + i, 1, "active", definition, NOW, "bench", NOW, "bench")));
        }
        index = new RuleIndex(rules);
        for (int i = 0; i < 256; i++) {
            List<NewOrderLine> lines = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int l = 0; l < count; l++) {
                lines.add(new NewOrderLine(
                        "SKU-" + random.nextInt(500),
                        1 + random.nextInt(3),
                        Money.of(10 + random.nextInt(2000) + ".00", "CNY")));
            }
            NewOrder request = new NewOrder(
                    "web",
                    "W-" + i,
                    "CNY",
                    NOW,
                    new Customer("C-" + random.nextInt(64), "Test", null, null),
                    new Address(
                            "Test",
                            null,
                            "1 Nanjing Road",
                            null,
                            "Shanghai",
                            "SH",
                            "200001",
                            random.nextBoolean() ? "CN" : "DE",
                            null,
                            null),
                    null,
                    lines,
                    new Payment("captured", "card", null),
                    null,
                    random.nextBoolean() ? List.of("vip") : List.of(),
                    Map.of("campaign", "c-" + random.nextInt(5000)));
            orders.add(Order.placed(request, new FlowRef("standard", 1), "bench", NOW));
        }
    }

    /** The rules one order.paid event triggers: variables, lookup and every candidate's condition. */
    @Benchmark
    public int rulesOfOneEvent() {
        Order order = orders.get(next++ & 255);
        Map<String, Object> variables =
                RuleVariables.of(order, "order.paid", UUID.randomUUID(), NOW, null, () -> 0L, false, NOW);
        return index.matching("order.paid", variables, rule -> rule, rule -> false)
                .size();
    }

    /**
     * Without JMH: {@code warmup} events, then {@code events} timed one by one, by the thread's CPU clock (so that
     * waiting for a core on a shared machine does not count) and by the wall clock; prints p50, p99 and max of each in
     * microseconds.
     */
    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        RuleMatchingBenchmark bench = new RuleMatchingBenchmark();
        bench.spread = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        bench.setUp();
        long matched = 0;
        for (int i = 0; i < warmup; i++) {
            matched += bench.rulesOfOneEvent();
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] cpu = new long[events];
        long[] wall = new long[events];
        for (int i = 0; i < events; i++) {
            long startCpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            matched += bench.rulesOfOneEvent();
            wall[i] = (System.nanoTime() - start) / 1000;
            cpu[i] = (threads.getCurrentThreadCpuTime() - startCpu) / 1000;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(
                "1000 rules over %d event types, %d events: CPU p50 %d us, p99 %d us, max %d us; wall p50 %d us, p99 %d us, max %d us"
                        + " (%.1f rules matched per event)%n",
                bench.spread,
                events,
                cpu[events / 2],
                cpu[(int) (events * 0.99)],
                cpu[events - 1],
                wall[events / 2],
                wall[(int) (events * 0.99)],
                wall[events - 1],
                matched / (double) (warmup + events));
    }
}

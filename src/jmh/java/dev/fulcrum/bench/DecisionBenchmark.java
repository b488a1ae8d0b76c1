package dev.fulcrum.bench;

import dev.fulcrum.sourcing.engine.EngineOrder;
import dev.fulcrum.sourcing.engine.LaneBook;
import dev.fulcrum.sourcing.engine.OlistNetwork;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.engine.Sites;
import dev.fulcrum.sourcing.engine.SourcingEngine;
import dev.fulcrum.sourcing.engine.Strategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
 * B3: one sourcing decision (the production path: balanced strategy, trace of every candidate, the three other
 * presets' choices) for orders of 1, 5 and 20 lines over 10, 100 and 1,000 locations built from the Olist sellers.
 * Sample mode reports the distribution, so p50 and p99 come straight from JMH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {

    @Param({"1", "5", "20"})
    int lines;

    @Param({"10", "100", "1000"})
    int locations;

    private final SourcingEngine engine = new SourcingEngine();
    private final LaneBook lanes = Sites.estimatesOnly();
    private final Strategy strategy = Sites.strategy("balanced", 3);
    private List<Site> sites;
    private final List<EngineOrder> orders = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(42);
        OlistNetwork network = OlistNetwork.load();
        int skus = Math.max(40, lines * 2);
        sites = network.sites(locations, skus, random);
        for (int i = 0; i < 256; i++) {
            orders.add(network.order("O-" + i, lines, skus, Instant.parse("2026-11-16T13:00:00Z"), random));
        }
    }

    @Benchmark
    public Plan decide() {
        EngineOrder order = orders.get(next++ & 255);
        return engine.decide(order, sites, lanes, strategy);
    }
}

package dev.fulcrum.sourcing.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides one order: which site ships which line with which carrier service. Each line ships whole from one site.
 *
 * <p>The search enumerates every assignment of lines to eligible sites within the shipment limit when there are at
 * most {@link #EXHAUSTIVE_LIMIT} combinations, so small instances are solved exactly. Larger ones are pruned: each
 * line keeps its best few sites (ranked by shipping that line alone) plus the sites that can ship the most lines,
 * enough to stay within the limit, and every site that can ship the whole order is always tried on its own. The
 * plan says which search it used. Thread-safe and stateless.
 */
public final class SourcingEngine {

    /** Assignments enumerated at most; more than this and the search is pruned. */
    public static final int EXHAUSTIVE_LIMIT = 2048;
    /** Lines an order may have for this engine (line sets are bit masks). */
    public static final int MAX_LINES = 60;
    /** Assignments enumerated at most for the other presets' choices shown in the trace. */
    public static final int ALTERNATIVE_LIMIT = 256;

    /**
     * Assignments a batch enumerates per order at most before pruning to each line's cheapest sites and the hubs
     * (every single-location plan is still tried). A batch keeps only {@code splitPlans} split plans per order, so
     * enumerating every assignment (up to {@link #EXHAUSTIVE_LIMIT}, 1,728 for three lines over twelve plants) was
     * mostly wasted: it was half of a 10,000-order batch's CPU (issue 18).
     */
    public static final long BATCH_SEARCH_LIMIT = 216;

    /** How a reason says that no rate card covers a lane (with {@code requireRateCard}); batch reports match on it. */
    public static final String NO_LANE = "no rate-card lane";

    private static final Weights COST_ONLY = new Weights(1, 0, 0, 0, 0);

    private final long exhaustiveLimit;

    public SourcingEngine() {
        this(EXHAUSTIVE_LIMIT);
    }

    /** An engine that enumerates up to {@code exhaustiveLimit} assignments before pruning (benchmarks' exact reference). */
    public SourcingEngine(long exhaustiveLimit) {
        this.exhaustiveLimit = exhaustiveLimit;
    }

    /** Decides with the strategy and records what each other preset would have chosen. */
    public Plan decide(EngineOrder order, List<Site> sites, LaneBook lanes, Strategy strategy) {
        return decide(order, sites, lanes, strategy, true);
    }

    public Plan decide(
            EngineOrder order, List<Site> sites, LaneBook lanes, Strategy strategy, boolean withAlternatives) {
        Decision decision = Decision.of(order, sites, lanes, strategy, exhaustiveLimit);
        AssignmentSearch.Result result = decision.search().search(strategy.weights(), exhaustiveLimit);
        List<Plan.Alternative> alternatives = new ArrayList<>();
        if (withAlternatives) {
            for (Map.Entry<String, Weights> preset : Weights.PRESETS.entrySet()) {
                if (preset.getKey().equals(strategy.objective())) {
                    continue;
                }
                AssignmentSearch.Result other =
                        decision.search().search(preset.getValue(), Math.min(exhaustiveLimit, ALTERNATIVE_LIMIT));
                PlanAssembly.Totals totals = decision.assembly().totals(other);
                alternatives.add(new Plan.Alternative(
                        preset.getKey(),
                        decision.assembly().locationsOf(other),
                        decision.assembly().money(totals.cost()),
                        totals.days(),
                        Math.round(totals.carbon()),
                        other.uncoveredLines()));
            }
        }
        return decision.assembly().toPlan(result, alternatives, true);
    }

    /**
     * Every complete plan the search visits (all of them when the instance is small enough to be exhaustive), cheapest
     * first, at most {@code limit}: the options batch allocation chooses among. Plans carry no trace.
     */
    public List<Plan> completePlans(EngineOrder order, List<Site> sites, LaneBook lanes, Strategy strategy, int limit) {
        Decision decision = Decision.of(order, sites, lanes, strategy, exhaustiveLimit);
        List<Plan> plans = new ArrayList<>();
        for (AssignmentSearch.Result result : decision.search().collect(COST_ONLY)) {
            plans.add(decision.assembly().toPlan(result, List.of(), false));
        }
        plans.sort(Comparator.comparing(Plan::cost)
                .thenComparing(plan -> plan.shipments().size()));
        return plans.size() > limit ? List.copyOf(plans.subList(0, limit)) : plans;
    }

    /**
     * The complete plans a batch chooses among: every single-shipment plan (one per location that can ship the whole
     * order) and the {@code splitPlans} cheapest split ones the search finds, cheapest first. Split plans are searched
     * among each line's cheapest sites and the hubs once an order has more than {@link #BATCH_SEARCH_LIMIT}
     * assignments, so they are the cheapest of those, not necessarily of all. Single-location plans are all kept: they
     * are the only ones an allocation serving the capacity bound can use (ADR 0108). Only these become {@link Plan}s,
     * so an order with thousands of complete assignments costs no more memory than its few candidates.
     */
    public List<Plan> batchPlans(
            EngineOrder order, List<Site> sites, LaneBook lanes, Strategy strategy, int splitPlans) {
        Decision decision = Decision.of(order, sites, lanes, strategy, Math.min(exhaustiveLimit, BATCH_SEARCH_LIMIT));
        List<AssignmentSearch.Result> singles = new ArrayList<>();
        List<AssignmentSearch.Result> splits = new ArrayList<>();
        IdentityHashMap<AssignmentSearch.Result, Long> costs = new IdentityHashMap<>();
        for (AssignmentSearch.Result result : decision.search().collect(COST_ONLY)) {
            costs.put(result, decision.assembly().totals(result).cost());
            (decision.assembly().locationsOf(result).size() == 1 ? singles : splits).add(result);
        }
        Comparator<AssignmentSearch.Result> byCost = Comparator.comparingLong(costs::get);
        splits.sort(byCost);
        List<AssignmentSearch.Result> kept = new ArrayList<>(singles);
        kept.addAll(splits.subList(0, Math.min(splitPlans, splits.size())));
        kept.sort(byCost);
        List<Plan> plans = new ArrayList<>(kept.size());
        for (AssignmentSearch.Result result : kept) {
            plans.add(decision.assembly().toPlan(result, List.of(), false));
        }
        return plans;
    }

    /**
     * One decision along its seams: which sites may ship which lines ({@link Eligibility}), what each shipment costs
     * ({@link ShipmentCosts}), the search over assignments ({@link AssignmentSearch}) and turning one into a plan
     * ({@link PlanAssembly}).
     */
    private record Decision(AssignmentSearch search, PlanAssembly assembly) {

        static Decision of(EngineOrder order, List<Site> sites, LaneBook book, Strategy strategy, long limit) {
            Eligibility eligibility = new Eligibility(order, sites, strategy);
            ShipmentCosts costs =
                    new ShipmentCosts(order, strategy, eligibility, book.to(order.destination(), order.currency()));
            eligibility.keepQuotedLanes(costs);
            costs.computeReferences();
            return new Decision(
                    new AssignmentSearch(eligibility, costs, strategy, limit),
                    new PlanAssembly(eligibility, costs, strategy));
        }
    }
}

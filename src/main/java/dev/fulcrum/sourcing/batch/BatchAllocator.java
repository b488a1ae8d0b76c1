package dev.fulcrum.sourcing.batch;

import com.google.ortools.Loader;
import com.google.ortools.graph.MinCostFlow;
import com.google.ortools.graph.MinCostFlowBase;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Allocates a batch of orders together (ADR 0022, 0089). Each order has candidate plans (its choices); at most one is
 * taken per order so that no (location, SKU) gives more units than it has available and no (location, ship day) takes
 * more orders than its capacity left. The objective is lexicographic: first serve as much as possible (orders, or units
 * when each order's {@code weight} is its units), then, among the allocations that serve that much, minimise the total
 * cost. Costs are integer minor units of one currency, so the optimum is exact.
 *
 * <p>The batch is first split into independent groups: orders are in one group when their choices compete for a
 * resource that can run short (a (location, SKU) whose stock is below what the orders could take, or a capacitated
 * (location, day)). Each group is solved on its own, so its bound and gap are its own:
 *
 * <ul>
 *   <li>a group whose choices each take one capacity key, whose stock cannot run short and whose orders all weigh 1 is
 *       a transportation problem: a maximum flow of minimum cost ({@code MinCostFlow.solveMaxFlowWithMinCost}) is
 *       exactly the lexicographic optimum, proven, in polynomial time;
 *   <li>any other group is solved in two phases with the same model: maximise what is served, then fix it and
 *       minimise cost. Up to {@link #MIP_VARIABLES} choices with OR-Tools' MIP interface (SCIP, gap tolerance 0),
 *       beyond with CP-SAT seeded with the greedy allocation. No penalty weight is involved, so none can invert the
 *       order.
 * </ul>
 */
public final class BatchAllocator {

    /** Groups with more choices than this are solved by CP-SAT instead of SCIP, unless they have few shared rows. */
    public static final int MIP_VARIABLES = 20_000;

    /**
     * Groups with at most this many shared rows (scarce stock keys and capacitated keys) go to SCIP whatever their
     * size: with few coupling rows besides one row per order the LP relaxation is tight and quick to solve.
     */
    public static final int MIP_ROWS = 1_000;

    /**
     * OR-Tools' native libraries, loaded on the first solve rather than when the class is first touched: extracting
     * and loading them takes about a second, which the application's start-up would otherwise pay (ADR 0073).
     */
    private static final class NativeLibraries {

        static {
            Loader.loadNativeLibraries();
        }

        static void load() {
            // loading happens in the static initialiser, once, thread-safely
        }
    }

    /** Stock of one SKU at one location. */
    public record StockKey(String locationId, String sku) {}

    /** Order capacity of one location on one (local) ship day. */
    public record CapacityKey(String locationId, LocalDate day) {}

    /**
     * One candidate plan of an order: its cost in minor units, the units it takes per (location, SKU), the (location,
     * ship day) capacities it takes one order of (only the capacitated ones count), and how many working days later
     * than the earliest it ships (the last tie-break: between equally cheap plans the earlier ships).
     */
    public record Choice(long cost, Map<StockKey, Integer> units, Set<CapacityKey> capacity, int lateness) {

        public Choice {
            units = Map.copyOf(units);
            capacity = Set.copyOf(capacity);
        }

        public Choice(long cost, Map<StockKey, Integer> units, Set<CapacityKey> capacity) {
            this(cost, units, capacity, 0);
        }
    }

    /** An order and its choices; {@code weight} is what serving it counts: 1 per order, or its units. */
    public record OrderChoices(String orderId, List<Choice> choices, int weight) {

        public OrderChoices {
            choices = List.copyOf(choices);
        }
    }

    /**
     * What the batch may take: available units per (location, SKU) (missing: none) and orders left per capacitated
     * (location, ship day) (missing: unlimited).
     */
    public record Resources(Map<StockKey, Integer> available, Map<CapacityKey, Integer> capacityLeft) {}

    /**
     * How one independent group was solved: its orders, what it served and the proven upper bound on that, its cost
     * and the proven lower bound on the cost of serving that much (null when the served amount is not proven
     * maximal), the gap between them in percent, the method and status, and the solve time.
     */
    public record Group(
            int orders,
            int served,
            int servedBound,
            long cost,
            @Nullable Long costBound,
            @Nullable Double gapPercent,
            String method,
            String status,
            long millis) {}

    /** Per order the index of the chosen choice (-1: none), total cost, what was served, and the groups. */
    @SuppressWarnings("ArrayRecordComponent") // a solver's answer, read by index and never compared
    public record Allocation(int[] chosen, long cost, int served, List<Group> groups, long wallMillis) {

        public int allocatedOrders() {
            return (int) Arrays.stream(chosen).filter(index -> index >= 0).count();
        }

        /** Whether every group proved its served amount maximal and its cost minimal for it. */
        public boolean optimal() {
            return groups.stream().allMatch(group -> group.gapPercent() != null && group.gapPercent() == 0);
        }

        /** The largest gap of any group in percent; null when some group's served amount is not proven maximal. */
        public @Nullable Double worstGapPercent() {
            double worst = 0;
            for (Group group : groups) {
                if (group.gapPercent() == null) {
                    return null;
                }
                worst = Math.max(worst, group.gapPercent());
            }
            return worst;
        }
    }

    /** Solves every independent group of the batch within the time limit (shared out by size). */
    public Allocation solve(List<OrderChoices> orders, Resources resources, Duration timeLimit) {
        long started = System.nanoTime();
        int[] chosen = new int[orders.size()];
        Arrays.fill(chosen, -1);
        Set<StockKey> scarce = scarceStock(orders, resources);
        List<int[]> groups = groups(orders, resources, scarce);
        long variablesLeft = 0;
        for (int[] group : groups) {
            variablesLeft += variables(orders, group);
        }
        List<Group> reports = new ArrayList<>();
        long cost = 0;
        int served = 0;
        for (int[] members : groups) {
            long variables = variables(orders, members);
            long remainingMillis = Math.max(200, timeLimit.toMillis() - (System.nanoTime() - started) / 1_000_000);
            long share = variablesLeft == 0 ? remainingMillis : remainingMillis * variables / variablesLeft;
            variablesLeft -= variables;
            List<OrderChoices> subset = new ArrayList<>(members.length);
            for (int o : members) {
                subset.add(orders.get(o));
            }
            GroupSolution solution = solveGroup(subset, resources, scarce, Duration.ofMillis(Math.max(200, share)));
            for (int i = 0; i < members.length; i++) {
                chosen[members[i]] = solution.chosen[i];
            }
            cost += solution.report.cost();
            served += solution.report.served();
            reports.add(solution.report);
        }
        return new Allocation(chosen, cost, served, reports, (System.nanoTime() - started) / 1_000_000);
    }

    @SuppressWarnings("ArrayRecordComponent") // a solver's answer, read by index and never compared
    private record GroupSolution(int[] chosen, Group report) {}

    private GroupSolution solveGroup(
            List<OrderChoices> orders, Resources resources, Set<StockKey> scarce, Duration timeLimit) {
        long started = System.nanoTime();
        if (orders.stream().allMatch(order -> order.choices().isEmpty())) {
            int[] none = new int[orders.size()];
            Arrays.fill(none, -1);
            return new GroupSolution(none, new Group(orders.size(), 0, 0, 0, 0L, 0.0, "none", "NO_CHOICES", 0));
        }
        if (isTransportation(orders, scarce)) {
            return flow(orders, resources, started);
        }
        SingleKeyFlow single = singleKeyFlow(orders, resources, scarce, started);
        if (single != null && single.exact()) {
            return single.solution();
        }
        Seed seed = seed(orders, resources, single);
        if (variables(orders) <= MIP_VARIABLES || rows(orders, resources, scarce) <= MIP_ROWS) {
            return mip(orders, resources, scarce, timeLimit, started, seed);
        }
        return cpSat(orders, resources, scarce, timeLimit, 2, started, seed);
    }

    /**
     * Where the two-phase solvers start: the better of the greedy allocation and the single-key flow's (more served,
     * then cheaper), and what is proven about the most that can be served: when {@code servedProven}, the first phase
     * is skipped and the second keeps {@code chosen}'s served amount.
     */
    @SuppressWarnings("ArrayRecordComponent") // a private carrier between two steps, never compared
    private record Seed(int[] chosen, boolean servedProven) {}

    private static Seed seed(List<OrderChoices> orders, Resources resources, @Nullable SingleKeyFlow single) {
        int[] greedy = greedy(orders, resources);
        if (single == null) {
            return new Seed(greedy, false);
        }
        int[] flow = single.solution().chosen();
        int flowServed = servedOf(orders, flow);
        int greedyServed = servedOf(orders, greedy);
        boolean flowBetter = flowServed > greedyServed
                || (flowServed == greedyServed && costOf(orders, flow) <= costOf(orders, greedy));
        int[] best = flowBetter ? flow : greedy;
        return new Seed(best, servedOf(orders, best) >= single.servedBound());
    }

    /**
     * The group restricted to its single-key choices (those taking at most one capacitated (location, day)) solved as
     * a transportation problem, with an upper bound on what the whole group can serve; null when stock can run short
     * or an order weighs more than 1 (units), where neither holds.
     *
     * <p>The bound: an order with a choice taking no capacitated key (a free order) can always be served; every other
     * order takes at least one unit of capacity, so at most {@code free + min(others, capacity)} orders are served,
     * {@code capacity} being the sum of what is left on the keys the group uses. When the flow serves exactly {@code
     * free + capacity}, every allocation serving that much uses each unit of capacity for one order and none for a free
     * one, so none takes a choice of two or more keys: the restricted problem has the same lexicographic optimum and
     * the flow's answer is exact ({@code exact}). This is the usual case of a batch where capacity, not stock, is
     * short, including orders of several lines whose split plans take two locations' capacity.
     */
    private record SingleKeyFlow(GroupSolution solution, int servedBound, boolean exact) {}

    private @Nullable SingleKeyFlow singleKeyFlow(
            List<OrderChoices> orders, Resources resources, Set<StockKey> scarce, long started) {
        List<OrderChoices> restricted = new ArrayList<>(orders.size());
        List<int[]> originalIndex = new ArrayList<>(orders.size());
        Set<CapacityKey> keys = new HashSet<>();
        int free = 0;
        int others = 0;
        for (OrderChoices order : orders) {
            if (order.weight() != 1) {
                return null;
            }
            List<Choice> kept = new ArrayList<>();
            List<Integer> index = new ArrayList<>();
            boolean isFree = false;
            for (int c = 0; c < order.choices().size(); c++) {
                Choice choice = order.choices().get(c);
                for (StockKey key : choice.units().keySet()) {
                    if (scarce.contains(key)) {
                        return null;
                    }
                }
                int taken = 0;
                for (CapacityKey key : choice.capacity()) {
                    if (resources.capacityLeft().containsKey(key)) {
                        keys.add(key);
                        taken++;
                    }
                }
                isFree |= taken == 0;
                if (taken <= 1) {
                    kept.add(taken == choice.capacity().size() ? choice : capacitatedOnly(choice, resources));
                    index.add(c);
                }
            }
            if (isFree) {
                free++;
            } else if (!order.choices().isEmpty()) {
                others++;
            }
            restricted.add(new OrderChoices(order.orderId(), kept, 1));
            originalIndex.add(index.stream().mapToInt(Integer::intValue).toArray());
        }
        long capacity = 0;
        for (CapacityKey key : keys) {
            capacity += Math.max(0, resources.capacityLeft().getOrDefault(key, 0));
        }
        int servedBound = (int) Math.min(orders.size(), free + Math.min(others, capacity));
        GroupSolution flow = flow(restricted, resources, started);
        if (!flow.report().status().equals("OPTIMAL")) {
            return null;
        }
        int[] chosen = new int[orders.size()];
        for (int o = 0; o < orders.size(); o++) {
            chosen[o] = flow.chosen()[o] < 0 ? -1 : originalIndex.get(o)[flow.chosen()[o]];
        }
        int served = servedOf(orders, chosen);
        boolean exact = served == servedBound && servedBound == free + capacity;
        long cost = costOf(orders, chosen);
        Group report = exact
                ? new Group(
                        orders.size(),
                        served,
                        servedBound,
                        cost,
                        cost,
                        0.0,
                        "single-key-flow",
                        "OPTIMAL",
                        millisSince(started))
                : new Group(
                        orders.size(),
                        served,
                        servedBound,
                        cost,
                        null,
                        null,
                        "single-key-flow",
                        "FEASIBLE",
                        millisSince(started));
        return new SingleKeyFlow(new GroupSolution(chosen, report), servedBound, exact);
    }

    /** The choice with only its capacitated keys, so that the flow sees one key or none. */
    private static Choice capacitatedOnly(Choice choice, Resources resources) {
        Set<CapacityKey> keys = new HashSet<>();
        for (CapacityKey key : choice.capacity()) {
            if (resources.capacityLeft().containsKey(key)) {
                keys.add(key);
            }
        }
        return new Choice(choice.cost(), choice.units(), keys, choice.lateness());
    }

    /** Every choice takes at most one capacity key and no scarce stock, and every order weighs 1. */
    private static boolean isTransportation(List<OrderChoices> orders, Set<StockKey> scarce) {
        for (OrderChoices order : orders) {
            if (order.weight() != 1) {
                return false;
            }
            for (Choice choice : order.choices()) {
                if (choice.capacity().size() > 1) {
                    return false;
                }
                for (StockKey key : choice.units().keySet()) {
                    if (scarce.contains(key)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Source → order (capacity 1) → (location, day) (capacity 1, cost of the choice) → sink (capacity left); choices
     * without a capacitated key go through one unlimited node. A maximum flow of minimum cost serves the most orders,
     * then at the least cost.
     */
    private GroupSolution flow(List<OrderChoices> orders, Resources resources, long started) {
        NativeLibraries.load();
        long span = span(orders);
        Map<CapacityKey, Integer> keyNode = new HashMap<>();
        List<CapacityKey> keys = new ArrayList<>();
        CapacityKey unlimited = new CapacityKey("", LocalDate.MIN);
        for (OrderChoices order : orders) {
            for (Choice choice : order.choices()) {
                CapacityKey key = choice.capacity().isEmpty()
                        ? unlimited
                        : choice.capacity().iterator().next();
                if (!keyNode.containsKey(key)) {
                    keyNode.put(key, keys.size());
                    keys.add(key);
                }
            }
        }
        int source = 0;
        int firstOrder = 1;
        int firstKey = firstOrder + orders.size();
        int sink = firstKey + keys.size();
        MinCostFlow flow = new MinCostFlow(sink + 1, orders.size() * 4 + keys.size());
        int[][] arcs = new int[orders.size()][];
        for (int o = 0; o < orders.size(); o++) {
            flow.addArcWithCapacityAndUnitCost(source, firstOrder + o, 1, 0);
            List<Choice> choices = orders.get(o).choices();
            arcs[o] = new int[choices.size()];
            for (int c = 0; c < choices.size(); c++) {
                Choice choice = choices.get(c);
                CapacityKey key = choice.capacity().isEmpty()
                        ? unlimited
                        : choice.capacity().iterator().next();
                arcs[o][c] = flow.addArcWithCapacityAndUnitCost(
                        firstOrder + o,
                        firstKey + java.util.Objects.requireNonNull(keyNode.get(key)),
                        1,
                        costKey(choice, span));
            }
        }
        for (int k = 0; k < keys.size(); k++) {
            CapacityKey key = keys.get(k);
            Integer left =
                    key.equals(unlimited) ? null : resources.capacityLeft().get(key);
            long capacity = left == null ? orders.size() : Math.max(0, left);
            flow.addArcWithCapacityAndUnitCost(firstKey + k, sink, capacity, 0);
        }
        flow.setNodeSupply(source, orders.size());
        flow.setNodeSupply(sink, -orders.size());
        MinCostFlowBase.Status status = flow.solveMaxFlowWithMinCost();
        int[] chosen = new int[orders.size()];
        Arrays.fill(chosen, -1);
        if (status != MinCostFlowBase.Status.OPTIMAL) {
            flow.delete();
            return greedyFallback(orders, resources, "flow", status.name(), started);
        }
        long cost = 0;
        int served = 0;
        for (int o = 0; o < orders.size(); o++) {
            for (int c = 0; c < arcs[o].length; c++) {
                if (flow.getFlow(arcs[o][c]) > 0) {
                    chosen[o] = c;
                    cost += orders.get(o).choices().get(c).cost();
                    served++;
                }
            }
        }
        flow.delete();
        return new GroupSolution(
                chosen,
                new Group(
                        orders.size(),
                        served,
                        served,
                        cost,
                        cost,
                        0.0,
                        "min-cost-flow",
                        "OPTIMAL",
                        millisSince(started)));
    }

    /** Two phases on OR-Tools' MIP interface with SCIP: maximise what is served, then fix it and minimise cost. */
    private GroupSolution mip(
            List<OrderChoices> orders,
            Resources resources,
            Set<StockKey> scarce,
            Duration timeLimit,
            long started,
            Seed seed) {
        NativeLibraries.load();
        MPSolver solver = MPSolver.createSolver("SCIP");
        if (solver == null) {
            return cpSat(orders, resources, scarce, timeLimit, 2, started, seed);
        }
        try {
            List<MPVariable[]> vars = new ArrayList<>();
            Map<StockKey, MPConstraint> stockRows = new HashMap<>();
            Map<CapacityKey, MPConstraint> capacityRows = new HashMap<>();
            for (int o = 0; o < orders.size(); o++) {
                OrderChoices order = orders.get(o);
                MPConstraint one = solver.makeConstraint(0, 1);
                MPVariable[] x = new MPVariable[order.choices().size()];
                for (int c = 0; c < x.length; c++) {
                    Choice choice = order.choices().get(c);
                    x[c] = solver.makeBoolVar("");
                    one.setCoefficient(x[c], 1);
                    for (Map.Entry<StockKey, Integer> use : choice.units().entrySet()) {
                        if (!scarce.contains(use.getKey())) {
                            continue; // stock that cannot run short needs no row
                        }
                        stockRows
                                .computeIfAbsent(
                                        use.getKey(),
                                        key -> solver.makeConstraint(
                                                Double.NEGATIVE_INFINITY,
                                                resources.available().getOrDefault(key, 0)))
                                .setCoefficient(x[c], use.getValue());
                    }
                    for (CapacityKey key : choice.capacity()) {
                        Integer left = resources.capacityLeft().get(key);
                        if (left != null) {
                            capacityRows
                                    .computeIfAbsent(
                                            key,
                                            k -> solver.makeConstraint(Double.NEGATIVE_INFINITY, Math.max(0, left)))
                                    .setCoefficient(x[c], 1);
                        }
                    }
                }
                vars.add(x);
            }
            MPSolverParameters parameters = new MPSolverParameters();
            parameters.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);

            MPObjective objective = solver.objective();
            for (int o = 0; o < orders.size(); o++) {
                for (MPVariable x : vars.get(o)) {
                    objective.setCoefficient(x, orders.get(o).weight());
                }
            }
            objective.setMaximization();
            // The seed starts the search, so that a time limit never leaves less than the seed serves; when the seed's
            // served amount is proven maximal already, the first phase has nothing to find.
            MPSolver.ResultStatus first = MPSolver.ResultStatus.OPTIMAL;
            int[] phaseOne = seed.chosen();
            int served = servedOf(orders, phaseOne);
            int servedBound = served;
            if (!seed.servedProven()) {
                hint(solver, vars, seed.chosen());
                solver.setTimeLimit(Math.max(100, timeLimit.toMillis() / 2));
                first = solver.solve(parameters);
                if (first != MPSolver.ResultStatus.OPTIMAL && first != MPSolver.ResultStatus.FEASIBLE) {
                    return seedFallback(orders, seed, "mip", first.name(), started);
                }
                servedBound = (int) Math.floor(objective.bestBound() + 1e-6);
                if ((int) Math.round(objective.value()) > served) {
                    phaseOne = values(vars);
                    served = servedOf(orders, phaseOne);
                }
            }
            boolean servedProven = first == MPSolver.ResultStatus.OPTIMAL || servedBound <= served;

            long span = span(orders);
            MPConstraint keepServed = solver.makeConstraint(served, Double.POSITIVE_INFINITY);
            objective.clear();
            for (int o = 0; o < orders.size(); o++) {
                MPVariable[] x = vars.get(o);
                for (int c = 0; c < x.length; c++) {
                    keepServed.setCoefficient(x[c], orders.get(o).weight());
                    objective.setCoefficient(
                            x[c], (double) costKey(orders.get(o).choices().get(c), span));
                }
            }
            objective.setMinimization();
            hint(solver, vars, phaseOne);
            long left = timeLimit.toMillis() - millisSince(started);
            solver.setTimeLimit(Math.max(100, left));
            MPSolver.ResultStatus second = solver.solve(parameters);
            boolean secondSolved = second == MPSolver.ResultStatus.OPTIMAL || second == MPSolver.ResultStatus.FEASIBLE;
            int[] chosen = secondSolved ? values(vars) : phaseOne;
            if (servedOf(orders, chosen) < served || costOf(orders, chosen) > costOf(orders, phaseOne)) {
                chosen = phaseOne; // never worse than what the first phase found
            }
            long cost = costOf(orders, chosen);
            long costBound = secondSolved ? (long) Math.ceil(objective.bestBound() - 1e-6) / span : 0;
            boolean bothOptimal = first == MPSolver.ResultStatus.OPTIMAL && second == MPSolver.ResultStatus.OPTIMAL;
            return new GroupSolution(
                    chosen,
                    report(
                            orders,
                            chosen,
                            servedProven ? served : Math.max(served, servedBound),
                            servedProven,
                            bothOptimal ? cost : Math.min(cost, costBound),
                            "mip",
                            bothOptimal ? "OPTIMAL" : "FEASIBLE",
                            started));
        } finally {
            solver.delete();
        }
    }

    /**
     * The same two phases with CP-SAT, seeded with the greedy allocation so that a short time limit still returns a
     * feasible answer on large groups. Kept public for comparison (B3).
     */
    public Allocation solveCpSat(List<OrderChoices> orders, Resources resources, Duration timeLimit, int workers) {
        long started = System.nanoTime();
        GroupSolution solution = cpSat(
                orders,
                resources,
                scarceStock(orders, resources),
                timeLimit,
                workers,
                started,
                new Seed(greedy(orders, resources), false));
        return new Allocation(
                solution.chosen,
                solution.report.cost(),
                solution.report.served(),
                List.of(solution.report),
                millisSince(started));
    }

    private GroupSolution cpSat(
            List<OrderChoices> orders,
            Resources resources,
            Set<StockKey> scarce,
            Duration timeLimit,
            int workers,
            long started,
            Seed seed) {
        NativeLibraries.load();
        long span = span(orders);
        CpModel model = new CpModel();
        List<BoolVar[]> vars = new ArrayList<>();
        Map<StockKey, LinearExprBuilder> stockUse = new HashMap<>();
        Map<CapacityKey, LinearExprBuilder> capacityUse = new HashMap<>();
        LinearExprBuilder servedExpr = LinearExpr.newBuilder();
        LinearExprBuilder costExpr = LinearExpr.newBuilder();
        for (int o = 0; o < orders.size(); o++) {
            OrderChoices order = orders.get(o);
            BoolVar[] x = new BoolVar[order.choices().size()];
            for (int c = 0; c < x.length; c++) {
                Choice choice = order.choices().get(c);
                x[c] = model.newBoolVar("");
                servedExpr.addTerm(x[c], order.weight());
                costExpr.addTerm(x[c], costKey(choice, span));
                for (Map.Entry<StockKey, Integer> use : choice.units().entrySet()) {
                    if (!scarce.contains(use.getKey())) {
                        continue; // stock that cannot run short needs no constraint
                    }
                    stockUse.computeIfAbsent(use.getKey(), key -> LinearExpr.newBuilder())
                            .addTerm(x[c], use.getValue());
                }
                for (CapacityKey key : choice.capacity()) {
                    if (resources.capacityLeft().containsKey(key)) {
                        capacityUse
                                .computeIfAbsent(key, k -> LinearExpr.newBuilder())
                                .addTerm(x[c], 1);
                    }
                }
            }
            if (x.length > 0) {
                model.addAtMostOne(x);
            }
            vars.add(x);
        }
        stockUse.forEach(
                (key, use) -> model.addLessOrEqual(use, resources.available().getOrDefault(key, 0)));
        capacityUse.forEach((key, use) ->
                model.addLessOrEqual(use, Math.max(0, resources.capacityLeft().getOrDefault(key, 0))));
        CpSolver solver = new CpSolver();
        solver.getParameters().setNumWorkers(Math.max(1, workers));
        CpSolverStatus first = CpSolverStatus.OPTIMAL;
        int[] phaseOne = seed.chosen();
        int served = servedOf(orders, phaseOne);
        int servedBound = served;
        if (!seed.servedProven()) {
            hint(model, vars, seed.chosen());
            model.maximize(servedExpr);
            solver.getParameters().setMaxTimeInSeconds(Math.max(0.1, timeLimit.toMillis() / 2000.0));
            first = solver.solve(model);
            if (first != CpSolverStatus.OPTIMAL && first != CpSolverStatus.FEASIBLE) {
                return seedFallback(orders, seed, "cp-sat", first.name(), started);
            }
            servedBound = (int) Math.floor(solver.bestObjectiveBound() + 1e-6);
            if ((int) Math.round(solver.objectiveValue()) > served) {
                phaseOne = values(solver, vars);
                served = servedOf(orders, phaseOne);
            }
        }

        model.addGreaterOrEqual(servedExpr, served);
        model.clearHints();
        hint(model, vars, phaseOne);
        model.minimize(costExpr);
        long left = timeLimit.toMillis() - millisSince(started);
        solver.getParameters().setMaxTimeInSeconds(Math.max(0.1, left / 1000.0));
        CpSolverStatus second = solver.solve(model);
        int[] chosen =
                second == CpSolverStatus.OPTIMAL || second == CpSolverStatus.FEASIBLE ? values(solver, vars) : phaseOne;
        long cost = costOf(orders, chosen);
        long costBound = (long) Math.ceil(solver.bestObjectiveBound() - 1e-6) / span;
        boolean bothOptimal = first == CpSolverStatus.OPTIMAL && second == CpSolverStatus.OPTIMAL;
        return new GroupSolution(
                chosen,
                report(
                        orders,
                        chosen,
                        Math.max(served, servedBound),
                        first == CpSolverStatus.OPTIMAL || servedBound <= served,
                        bothOptimal ? cost : Math.min(cost, costBound),
                        "cp-sat",
                        bothOptimal ? "OPTIMAL" : "FEASIBLE",
                        started));
    }

    private static void hint(MPSolver solver, List<MPVariable[]> vars, int[] chosen) {
        List<MPVariable> variables = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int o = 0; o < vars.size(); o++) {
            MPVariable[] x = vars.get(o);
            for (int c = 0; c < x.length; c++) {
                variables.add(x[c]);
                values.add(chosen[o] == c ? 1.0 : 0.0);
            }
        }
        solver.setHint(
                variables.toArray(MPVariable[]::new),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static int[] values(List<MPVariable[]> vars) {
        int[] chosen = new int[vars.size()];
        Arrays.fill(chosen, -1);
        for (int o = 0; o < vars.size(); o++) {
            MPVariable[] x = vars.get(o);
            for (int c = 0; c < x.length; c++) {
                if (x[c].solutionValue() > 0.5) {
                    chosen[o] = c;
                }
            }
        }
        return chosen;
    }

    private static void hint(CpModel model, List<BoolVar[]> vars, int[] chosen) {
        for (int o = 0; o < vars.size(); o++) {
            BoolVar[] x = vars.get(o);
            for (int c = 0; c < x.length; c++) {
                model.addHint(x[c], chosen[o] == c ? 1 : 0);
            }
        }
    }

    private static int[] values(CpSolver solver, List<BoolVar[]> vars) {
        int[] chosen = new int[vars.size()];
        Arrays.fill(chosen, -1);
        for (int o = 0; o < vars.size(); o++) {
            BoolVar[] x = vars.get(o);
            for (int c = 0; c < x.length; c++) {
                if (solver.booleanValue(x[c])) {
                    chosen[o] = c;
                }
            }
        }
        return chosen;
    }

    private static GroupSolution seedFallback(
            List<OrderChoices> orders, Seed seed, String method, String status, long started) {
        int served = servedOf(orders, seed.chosen());
        return new GroupSolution(
                seed.chosen(),
                new Group(
                        orders.size(),
                        served,
                        orders.stream().mapToInt(OrderChoices::weight).sum(),
                        costOf(orders, seed.chosen()),
                        null,
                        null,
                        method,
                        "SEED (" + status + ")",
                        millisSince(started)));
    }

    private static GroupSolution greedyFallback(
            List<OrderChoices> orders, Resources resources, String method, String status, long started) {
        int[] greedy = greedy(orders, resources);
        int served = servedOf(orders, greedy);
        return new GroupSolution(
                greedy,
                new Group(
                        orders.size(),
                        served,
                        orders.stream().mapToInt(OrderChoices::weight).sum(),
                        costOf(orders, greedy),
                        null,
                        null,
                        method,
                        "GREEDY (" + status + ")",
                        millisSince(started)));
    }

    private static Group report(
            List<OrderChoices> orders,
            int[] chosen,
            int servedBound,
            boolean servedProven,
            long costBound,
            String method,
            String status,
            long started) {
        int served = servedOf(orders, chosen);
        long cost = costOf(orders, chosen);
        Double gap = !servedProven ? null : cost == 0 ? 0.0 : Math.max(0, cost - costBound) * 100.0 / cost;
        return new Group(
                orders.size(),
                served,
                servedProven ? served : servedBound,
                cost,
                servedProven ? costBound : null,
                gap,
                method,
                status,
                millisSince(started));
    }

    /** Stock keys the orders could together take more of than is available: the only stock that can couple orders. */
    static Set<StockKey> scarceStock(List<OrderChoices> orders, Resources resources) {
        Map<StockKey, Long> demand = new HashMap<>();
        for (OrderChoices order : orders) {
            Map<StockKey, Integer> most = new HashMap<>();
            for (Choice choice : order.choices()) {
                choice.units().forEach((key, units) -> most.merge(key, units, Math::max));
            }
            most.forEach((key, units) -> demand.merge(key, (long) units, Long::sum));
        }
        Set<StockKey> scarce = new HashSet<>();
        demand.forEach((key, units) -> {
            if (units > resources.available().getOrDefault(key, 0)) {
                scarce.add(key);
            }
        });
        return scarce;
    }

    /** Orders connected through a scarce stock key or a capacitated (location, day), as index arrays. */
    static List<int[]> groups(List<OrderChoices> orders, Resources resources, Set<StockKey> scarce) {
        int[] parent = new int[orders.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        // Every user of a resource is linked to its first user.
        Map<Object, Integer> firstUser = new HashMap<>();
        for (int o = 0; o < orders.size(); o++) {
            for (Choice choice : orders.get(o).choices()) {
                for (StockKey key : choice.units().keySet()) {
                    if (scarce.contains(key)) {
                        Integer first = firstUser.putIfAbsent(key, o);
                        if (first != null) {
                            union(parent, o, first);
                        }
                    }
                }
                for (CapacityKey key : choice.capacity()) {
                    if (resources.capacityLeft().containsKey(key)) {
                        Integer first = firstUser.putIfAbsent(key, o);
                        if (first != null) {
                            union(parent, o, first);
                        }
                    }
                }
            }
        }
        Map<Integer, List<Integer>> byRoot = new java.util.LinkedHashMap<>();
        for (int o = 0; o < orders.size(); o++) {
            byRoot.computeIfAbsent(find(parent, o), root -> new ArrayList<>()).add(o);
        }
        List<int[]> groups = new ArrayList<>();
        for (List<Integer> members : byRoot.values()) {
            groups.add(members.stream().mapToInt(Integer::intValue).toArray());
        }
        return groups;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int rootA = find(parent, a);
        int rootB = find(parent, b);
        if (rootA != rootB) {
            parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
        }
    }

    /** The rows that couple orders: scarce stock keys and capacitated (location, day) keys the group uses. */
    private static int rows(List<OrderChoices> orders, Resources resources, Set<StockKey> scarce) {
        Set<Object> keys = new HashSet<>();
        for (OrderChoices order : orders) {
            for (Choice choice : order.choices()) {
                for (StockKey key : choice.units().keySet()) {
                    if (scarce.contains(key)) {
                        keys.add(key);
                    }
                }
                for (CapacityKey key : choice.capacity()) {
                    if (resources.capacityLeft().containsKey(key)) {
                        keys.add(key);
                    }
                }
            }
        }
        return keys.size();
    }

    private static long variables(List<OrderChoices> orders) {
        long variables = 0;
        for (OrderChoices order : orders) {
            variables += order.choices().size();
        }
        return variables;
    }

    private static long variables(List<OrderChoices> orders, int[] members) {
        long variables = 0;
        for (int o : members) {
            variables += orders.get(o).choices().size();
        }
        return variables;
    }

    /**
     * Each order in turn takes, of its choices that still fit, the one taking the fewest capacitated keys (so that a
     * split plan does not use two locations' capacity where one would do), then the cheapest, then the earliest: the
     * seed of the solvers, their floor when a time limit cuts them short, and the baseline of B3.
     */
    public static int[] greedy(List<OrderChoices> orders, Resources resources) {
        Map<StockKey, Integer> stock = new HashMap<>(resources.available());
        Map<CapacityKey, Integer> capacity = new HashMap<>(resources.capacityLeft());
        int[] chosen = new int[orders.size()];
        for (int o = 0; o < orders.size(); o++) {
            chosen[o] = -1;
            List<Choice> choices = orders.get(o).choices();
            for (int c = 0; c < choices.size(); c++) {
                Choice choice = choices.get(c);
                if (fits(choice, stock, capacity)
                        && (chosen[o] < 0 || better(choice, choices.get(chosen[o]), resources))) {
                    chosen[o] = c;
                }
            }
            if (chosen[o] >= 0) {
                take(choices.get(chosen[o]), stock, capacity, -1);
            }
        }
        return chosen;
    }

    private static boolean better(Choice choice, Choice current, Resources resources) {
        int keys = capacitated(choice, resources);
        int currentKeys = capacitated(current, resources);
        if (keys != currentKeys) {
            return keys < currentKeys;
        }
        if (choice.cost() != current.cost()) {
            return choice.cost() < current.cost();
        }
        return choice.lateness() < current.lateness();
    }

    private static int capacitated(Choice choice, Resources resources) {
        int keys = 0;
        for (CapacityKey key : choice.capacity()) {
            if (resources.capacityLeft().containsKey(key)) {
                keys++;
            }
        }
        return keys;
    }

    public static long costOf(List<OrderChoices> orders, int[] chosen) {
        long cost = 0;
        for (int o = 0; o < orders.size(); o++) {
            if (chosen[o] >= 0) {
                cost += orders.get(o).choices().get(chosen[o]).cost();
            }
        }
        return cost;
    }

    public static int servedOf(List<OrderChoices> orders, int[] chosen) {
        int served = 0;
        for (int o = 0; o < orders.size(); o++) {
            if (chosen[o] >= 0) {
                served += orders.get(o).weight();
            }
        }
        return served;
    }

    private static boolean fits(Choice choice, Map<StockKey, Integer> stock, Map<CapacityKey, Integer> capacity) {
        for (Map.Entry<StockKey, Integer> use : choice.units().entrySet()) {
            if (stock.getOrDefault(use.getKey(), 0) < use.getValue()) {
                return false;
            }
        }
        for (CapacityKey key : choice.capacity()) {
            Integer left = capacity.get(key);
            if (left != null && left <= 0) {
                return false;
            }
        }
        return true;
    }

    private static void take(
            Choice choice, Map<StockKey, Integer> stock, Map<CapacityKey, Integer> capacity, int direction) {
        choice.units().forEach((key, units) -> stock.merge(key, direction * units, Integer::sum));
        choice.capacity().forEach(key -> capacity.computeIfPresent(key, (k, left) -> left + direction));
    }

    /**
     * The lexicographic optimum by enumerating every combination of choices (including none per order): exponential,
     * for tests and for the benchmark's reference on small instances only.
     */
    public static Allocation exhaustive(List<OrderChoices> orders, Resources resources) {
        long started = System.nanoTime();
        int[] current = new int[orders.size()];
        int[] best = new int[orders.size()];
        Arrays.fill(best, -1);
        long span = span(orders);
        long[] bestValue = {-1, Long.MAX_VALUE};
        enumerate(
                0,
                orders,
                new HashMap<>(resources.available()),
                new HashMap<>(resources.capacityLeft()),
                current,
                0,
                0,
                span,
                best,
                bestValue);
        long cost = costOf(orders, best);
        int served = servedOf(orders, best);
        return new Allocation(
                best,
                cost,
                served,
                List.of(new Group(
                        orders.size(), served, served, cost, cost, 0.0, "exhaustive", "OPTIMAL", millisSince(started))),
                millisSince(started));
    }

    private static void enumerate(
            int o,
            List<OrderChoices> orders,
            Map<StockKey, Integer> available,
            Map<CapacityKey, Integer> capacity,
            int[] current,
            long served,
            long cost,
            long span,
            int[] best,
            long[] bestValue) {
        if (o == orders.size()) {
            if (served > bestValue[0] || (served == bestValue[0] && cost < bestValue[1])) {
                bestValue[0] = served;
                bestValue[1] = cost;
                System.arraycopy(current, 0, best, 0, current.length);
            }
            return;
        }
        OrderChoices order = orders.get(o);
        current[o] = -1;
        enumerate(o + 1, orders, available, capacity, current, served, cost, span, best, bestValue);
        for (int c = 0; c < order.choices().size(); c++) {
            Choice choice = order.choices().get(c);
            if (!fits(choice, available, capacity)) {
                continue;
            }
            take(choice, available, capacity, -1);
            current[o] = c;
            enumerate(
                    o + 1,
                    orders,
                    available,
                    capacity,
                    current,
                    served + order.weight(),
                    cost + costKey(choice, span),
                    span,
                    best,
                    bestValue);
            take(choice, available, capacity, 1);
            current[o] = -1;
        }
    }

    /**
     * What the second phase minimises for a choice: its cost, then its lateness. Lateness is below {@code span}, so a
     * cheaper choice always wins and lateness only breaks ties of cost.
     */
    private static long costKey(Choice choice, long span) {
        return choice.cost() * span + choice.lateness();
    }

    private static long span(List<OrderChoices> orders) {
        int most = 0;
        for (OrderChoices order : orders) {
            for (Choice choice : order.choices()) {
                most = Math.max(most, choice.lateness());
            }
        }
        return most + 1L;
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}

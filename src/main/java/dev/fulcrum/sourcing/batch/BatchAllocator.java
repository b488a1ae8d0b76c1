package dev.fulcrum.sourcing.batch;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Allocates a batch of orders together (see ADR 0022). Each order has candidate plans (its choices); the model picks at most one per
 * order so that no (location, SKU) gives more units than it has available and no location takes more orders than its
 * remaining daily capacity, minimising total cost plus a penalty for every order left unallocated (so that as many
 * orders as possible are served first, then as cheaply as possible).
 *
 * <p>Solved exactly with OR-Tools (the MIP interface with SCIP; CP-SAT kept for comparison) within a time limit; the
 * result reports the solver's status, the best bound and the relative gap between them (0 when proven optimal). Costs
 * are rounded to cents, so the optimum is exact in cents.
 */
public final class BatchAllocator {

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

    /** One candidate plan of an order: its cost and the units it takes per (location, SKU). */
    public record Choice(double cost, Map<StockKey, Integer> units) {

        public Set<String> locations() {
            Set<String> ids = new java.util.HashSet<>();
            units.keySet().forEach(key -> ids.add(key.locationId()));
            return ids;
        }
    }

    public record StockKey(String locationId, String sku) {}

    /** An order and its choices; {@code unallocatedPenalty} is what leaving it out costs in the objective. */
    public record OrderChoices(String orderId, List<Choice> choices, double unallocatedPenalty) {}

    /**
     * The allocation: per order the index of the chosen choice (-1: none), total cost of the chosen plans, the
     * objective with penalties, the solver's bound on it, the gap in percent, and the solver status.
     */
    public record Allocation(
            int[] chosen,
            double cost,
            double objective,
            double bound,
            double gapPercent,
            String status,
            long wallMillis) {

        public int allocatedOrders() {
            return (int)
                    java.util.Arrays.stream(chosen).filter(index -> index >= 0).count();
        }
    }

    /**
     * Solves the batch with CP-SAT, stopping at the time limit with the best allocation found so far. Kept for
     * comparison (B3): on large batches its bound stays weak within seconds, where the MIP's LP bound is tight.
     */
    public Allocation solveCpSat(
            List<OrderChoices> orders,
            Map<StockKey, Integer> available,
            Map<String, Integer> capacityLeft,
            Duration timeLimit,
            int workers) {
        NativeLibraries.load();
        long started = System.nanoTime();
        CpModel model = new CpModel();
        List<BoolVar[]> vars = new ArrayList<>();
        Map<StockKey, LinearExprBuilder> stockUse = new HashMap<>();
        Map<String, LinearExprBuilder> capacityUse = new HashMap<>();
        LinearExprBuilder objective = LinearExpr.newBuilder();
        for (int o = 0; o < orders.size(); o++) {
            OrderChoices order = orders.get(o);
            BoolVar[] x = new BoolVar[order.choices().size()];
            long penalty = cents(order.unallocatedPenalty());
            objective.add(penalty);
            for (int c = 0; c < x.length; c++) {
                Choice choice = order.choices().get(c);
                x[c] = model.newBoolVar("x_" + o + "_" + c);
                objective.addTerm(x[c], cents(choice.cost()) - penalty);
                for (Map.Entry<StockKey, Integer> use : choice.units().entrySet()) {
                    stockUse.computeIfAbsent(use.getKey(), key -> LinearExpr.newBuilder())
                            .addTerm(x[c], use.getValue());
                }
                for (String location : choice.locations()) {
                    if (capacityLeft.containsKey(location)) {
                        capacityUse
                                .computeIfAbsent(location, key -> LinearExpr.newBuilder())
                                .addTerm(x[c], 1);
                    }
                }
            }
            if (x.length > 0) {
                model.addAtMostOne(x);
            }
            vars.add(x);
        }
        stockUse.forEach((key, use) -> model.addLessOrEqual(use, available.getOrDefault(key, 0)));
        capacityUse.forEach((location, use) -> model.addLessOrEqual(use, capacityLeft.get(location)));
        model.minimize(objective);
        // A greedy allocation (each order in turn takes its cheapest choice that still fits) seeds the search, so that
        // a short time limit still returns a feasible answer on large batches.
        int[] greedy = greedy(orders, available, capacityLeft);
        for (int o = 0; o < orders.size(); o++) {
            BoolVar[] x = vars.get(o);
            for (int c = 0; c < x.length; c++) {
                model.addHint(x[c], greedy[o] == c ? 1 : 0);
            }
        }

        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(timeLimit.toMillis() / 1000.0);
        solver.getParameters().setNumWorkers(Math.max(1, workers));
        CpSolverStatus status = solver.solve(model);
        int[] chosen = new int[orders.size()];
        java.util.Arrays.fill(chosen, -1);
        double cost = 0;
        if (status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE) {
            for (int o = 0; o < orders.size(); o++) {
                BoolVar[] x = vars.get(o);
                for (int c = 0; c < x.length; c++) {
                    if (solver.booleanValue(x[c])) {
                        chosen[o] = c;
                        cost += cents(orders.get(o).choices().get(c).cost()) / 100.0;
                    }
                }
            }
        }
        boolean solved = status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE;
        if (!solved) {
            chosen = greedy;
            cost = 0;
            for (int o = 0; o < orders.size(); o++) {
                if (greedy[o] >= 0) {
                    cost += cents(orders.get(o).choices().get(greedy[o]).cost()) / 100.0;
                }
            }
        }
        double objectiveValue =
                solved ? Math.round(solver.objectiveValue()) / 100.0 : objectiveOf(orders, greedy) / 100.0;
        double bound = Math.round(solver.bestObjectiveBound()) / 100.0;
        double gap = status == CpSolverStatus.OPTIMAL
                ? 0
                : Math.abs(objectiveValue - bound) / Math.max(1e-9, Math.abs(objectiveValue)) * 100;
        return new Allocation(
                chosen,
                Math.round(cost * 100) / 100.0,
                objectiveValue,
                bound,
                gap,
                solved ? status.name() : "GREEDY",
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Batches with more candidate plans than this are solved by CP-SAT instead of SCIP. */
    public static final int MIP_VARIABLES = 20_000;

    /**
     * Solves the batch within the time limit. Up to {@link #MIP_VARIABLES} candidate plans: exactly, through OR-Tools'
     * MIP interface with SCIP (branch and bound, relative gap tolerance 0). Larger batches: CP-SAT seeded with the
     * greedy allocation, which keeps improving it until the limit; its bound and gap are reported as they stand (on
     * very large batches the bound may still be far, see B3). Without any solution by the limit, the greedy
     * allocation is returned (status {@code GREEDY}).
     */
    public Allocation solve(
            List<OrderChoices> orders,
            Map<StockKey, Integer> available,
            Map<String, Integer> capacityLeft,
            Duration timeLimit) {
        int variables =
                orders.stream().mapToInt(order -> order.choices().size()).sum();
        if (variables <= MIP_VARIABLES) {
            return mip(orders, available, capacityLeft, timeLimit);
        }
        return solveCpSat(orders, available, capacityLeft, timeLimit, 2);
    }

    /** The model on OR-Tools' MIP interface with SCIP. */
    private Allocation mip(
            List<OrderChoices> orders,
            Map<StockKey, Integer> available,
            Map<String, Integer> capacityLeft,
            Duration timeLimit) {
        NativeLibraries.load();
        long started = System.nanoTime();
        com.google.ortools.linearsolver.MPSolver solver = com.google.ortools.linearsolver.MPSolver.createSolver("SCIP");
        solver.setTimeLimit(timeLimit.toMillis());
        com.google.ortools.linearsolver.MPObjective objective = solver.objective();
        List<com.google.ortools.linearsolver.MPVariable[]> vars = new ArrayList<>();
        Map<StockKey, com.google.ortools.linearsolver.MPConstraint> stockRows = new HashMap<>();
        Map<String, com.google.ortools.linearsolver.MPConstraint> capacityRows = new HashMap<>();
        double constant = 0;
        for (int o = 0; o < orders.size(); o++) {
            OrderChoices order = orders.get(o);
            long penalty = cents(order.unallocatedPenalty());
            constant += penalty;
            com.google.ortools.linearsolver.MPConstraint one = solver.makeConstraint(0, 1);
            com.google.ortools.linearsolver.MPVariable[] x = new com.google.ortools.linearsolver.MPVariable
                    [order.choices().size()];
            for (int c = 0; c < x.length; c++) {
                Choice choice = order.choices().get(c);
                x[c] = solver.makeBoolVar("x_" + o + "_" + c);
                one.setCoefficient(x[c], 1);
                objective.setCoefficient(x[c], cents(choice.cost()) - penalty);
                for (Map.Entry<StockKey, Integer> use : choice.units().entrySet()) {
                    stockRows
                            .computeIfAbsent(
                                    use.getKey(),
                                    key -> solver.makeConstraint(
                                            Double.NEGATIVE_INFINITY, available.getOrDefault(key, 0)))
                            .setCoefficient(x[c], use.getValue());
                }
                for (String location : choice.locations()) {
                    if (capacityLeft.containsKey(location)) {
                        capacityRows
                                .computeIfAbsent(
                                        location,
                                        key -> solver.makeConstraint(Double.NEGATIVE_INFINITY, capacityLeft.get(key)))
                                .setCoefficient(x[c], 1);
                    }
                }
            }
            vars.add(x);
        }
        objective.setOffset(constant);
        objective.setMinimization();
        com.google.ortools.linearsolver.MPSolverParameters parameters =
                new com.google.ortools.linearsolver.MPSolverParameters();
        parameters.setDoubleParam(com.google.ortools.linearsolver.MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
        com.google.ortools.linearsolver.MPSolver.ResultStatus status = solver.solve(parameters);
        int[] chosen = new int[orders.size()];
        java.util.Arrays.fill(chosen, -1);
        double cost = 0;
        boolean solved = status == com.google.ortools.linearsolver.MPSolver.ResultStatus.OPTIMAL
                || status == com.google.ortools.linearsolver.MPSolver.ResultStatus.FEASIBLE;
        if (solved) {
            for (int o = 0; o < orders.size(); o++) {
                for (int c = 0; c < vars.get(o).length; c++) {
                    if (vars.get(o)[c].solutionValue() > 0.5) {
                        chosen[o] = c;
                        cost += cents(orders.get(o).choices().get(c).cost()) / 100.0;
                    }
                }
            }
        }
        double bound = Math.round(objective.bestBound()) / 100.0;
        solver.delete();
        if (!solved) {
            int[] greedy = greedy(orders, available, capacityLeft);
            double greedyObjective = objectiveOf(orders, greedy) / 100.0;
            return new Allocation(
                    greedy,
                    costOf(orders, greedy),
                    greedyObjective,
                    bound,
                    Math.abs(greedyObjective - bound) / Math.max(1e-9, greedyObjective) * 100,
                    "GREEDY",
                    (System.nanoTime() - started) / 1_000_000);
        }
        double value = objectiveOf(orders, chosen) / 100.0;
        double gap = Math.max(0, value - bound) / Math.max(1e-9, Math.abs(value)) * 100;
        return new Allocation(
                chosen,
                Math.round(cost * 100) / 100.0,
                value,
                bound,
                gap,
                status.name(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Each order in turn takes its cheapest choice that still fits: the seed of the solver and the baseline of B3. */
    public static int[] greedy(
            List<OrderChoices> orders, Map<StockKey, Integer> available, Map<String, Integer> capacityLeft) {
        Map<StockKey, Integer> stock = new HashMap<>(available);
        Map<String, Integer> capacity = new HashMap<>(capacityLeft);
        int[] chosen = new int[orders.size()];
        for (int o = 0; o < orders.size(); o++) {
            chosen[o] = -1;
            List<Choice> choices = orders.get(o).choices();
            for (int c = 0; c < choices.size(); c++) {
                Choice choice = choices.get(c);
                if (fits(choice, stock, capacity)
                        && (chosen[o] < 0
                                || choice.cost() < choices.get(chosen[o]).cost())) {
                    chosen[o] = c;
                }
            }
            if (chosen[o] >= 0) {
                Choice choice = choices.get(chosen[o]);
                choice.units().forEach((key, units) -> stock.merge(key, -units, Integer::sum));
                choice.locations().forEach(location -> capacity.computeIfPresent(location, (key, left) -> left - 1));
            }
        }
        return chosen;
    }

    static double costOf(List<OrderChoices> orders, int[] chosen) {
        long cents = 0;
        for (int o = 0; o < orders.size(); o++) {
            if (chosen[o] >= 0) {
                cents += cents(orders.get(o).choices().get(chosen[o]).cost());
            }
        }
        return cents / 100.0;
    }

    /** The objective of an allocation in cents: chosen costs plus the penalties of orders left out. */
    public static long objectiveOf(List<OrderChoices> orders, int[] chosen) {
        long objective = 0;
        for (int o = 0; o < orders.size(); o++) {
            objective += chosen[o] < 0
                    ? cents(orders.get(o).unallocatedPenalty())
                    : cents(orders.get(o).choices().get(chosen[o]).cost());
        }
        return objective;
    }

    private static boolean fits(Choice choice, Map<StockKey, Integer> stock, Map<String, Integer> capacity) {
        return choice.units().entrySet().stream().allMatch(use -> stock.getOrDefault(use.getKey(), 0) >= use.getValue())
                && choice.locations().stream()
                        .allMatch(location -> !capacity.containsKey(location) || capacity.get(location) > 0);
    }

    /**
     * The optimum by enumerating every combination of choices (including none per order): exponential, for tests and
     * for the benchmark's reference on small instances only.
     */
    public static Allocation exhaustive(
            List<OrderChoices> orders, Map<StockKey, Integer> available, Map<String, Integer> capacityLeft) {
        long started = System.nanoTime();
        int[] current = new int[orders.size()];
        int[] best = new int[orders.size()];
        long[] bestObjective = {Long.MAX_VALUE};
        enumerate(0, orders, new HashMap<>(available), new HashMap<>(capacityLeft), current, 0, best, bestObjective);
        double cost = 0;
        for (int o = 0; o < orders.size(); o++) {
            if (best[o] >= 0) {
                cost += cents(orders.get(o).choices().get(best[o]).cost()) / 100.0;
            }
        }
        return new Allocation(
                best,
                Math.round(cost * 100) / 100.0,
                bestObjective[0] / 100.0,
                bestObjective[0] / 100.0,
                0,
                "EXHAUSTIVE",
                (System.nanoTime() - started) / 1_000_000);
    }

    private static void enumerate(
            int o,
            List<OrderChoices> orders,
            Map<StockKey, Integer> available,
            Map<String, Integer> capacity,
            int[] current,
            long objective,
            int[] best,
            long[] bestObjective) {
        if (o == orders.size()) {
            if (objective < bestObjective[0]) {
                bestObjective[0] = objective;
                System.arraycopy(current, 0, best, 0, current.length);
            }
            return;
        }
        OrderChoices order = orders.get(o);
        current[o] = -1;
        enumerate(
                o + 1,
                orders,
                available,
                capacity,
                current,
                objective + cents(order.unallocatedPenalty()),
                best,
                bestObjective);
        for (int c = 0; c < order.choices().size(); c++) {
            Choice choice = order.choices().get(c);
            if (!fits(choice, available, capacity)) {
                continue;
            }
            choice.units().forEach((key, units) -> available.merge(key, -units, Integer::sum));
            choice.locations().forEach(location -> capacity.computeIfPresent(location, (key, left) -> left - 1));
            current[o] = c;
            enumerate(
                    o + 1, orders, available, capacity, current, objective + cents(choice.cost()), best, bestObjective);
            choice.units().forEach((key, units) -> available.merge(key, units, Integer::sum));
            choice.locations().forEach(location -> capacity.computeIfPresent(location, (key, left) -> left + 1));
            current[o] = -1;
        }
    }

    static long cents(double amount) {
        return Math.round(amount * 100);
    }
}

package dev.fulcrum.sourcing.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The search over assignments of lines to eligible sites within the shipment limit: exhaustive when the instance is
 * small enough, pruned to each line's best few sites and the hubs otherwise, and the best partial plan (or a greedy
 * cover) when no complete plan exists. Scores plans with {@link ShipmentCosts}.
 */
final class AssignmentSearch {

    private static final int HUBS = 3;

    /** A full or partial assignment: site index per line (-1: not sourced), its score and uncovered units. */
    @SuppressWarnings("ArrayRecordComponent") // never compared: results are told apart by identity
    record Result(int[] assignment, double score, int uncoveredUnits, String search, Weights weights) {

        int uncoveredLines() {
            return (int) Arrays.stream(assignment).filter(site -> site < 0).count();
        }
    }

    private final Eligibility eligibility;
    private final ShipmentCosts costs;
    private final Strategy strategy;
    private final List<EngineOrder.Line> lines;
    private final List<Site> eligible;
    private final long[] coverMask;
    private final int[][] options;
    private final long exhaustiveLimit;

    AssignmentSearch(Eligibility eligibility, ShipmentCosts costs, Strategy strategy, long exhaustiveLimit) {
        this.eligibility = eligibility;
        this.costs = costs;
        this.strategy = strategy;
        this.lines = eligibility.lines;
        this.eligible = eligibility.eligible;
        this.coverMask = eligibility.coverMask;
        this.options = eligibility.sitesOfLine;
        this.exhaustiveLimit = exhaustiveLimit;
    }

    Result search(Weights weights, long limit) {
        int fillable = 0;
        long combinations = 1;
        for (int l = 0; l < lines.size(); l++) {
            if (options[l].length > 0 && !eligibility.unsourceable.containsKey(l)) {
                fillable++;
                combinations = Math.min(Long.MAX_VALUE / 4096, combinations * options[l].length);
            }
        }
        boolean exhaustive = combinations <= limit;
        int[][] lists = exhaustive ? options : pruned(weights, fillable, limit);
        Search search = new Search(weights, lists, false);
        search.run();
        if (!exhaustive) {
            // Every site that can ship the whole order is tried on its own, pruned or not.
            for (int s = 0; s < eligible.size(); s++) {
                search.trySingleSite(s);
            }
        }
        if (search.best == null) {
            // No complete plan: the best partial one. Each line may also stay unsourced (one more choice per line);
            // when that is too many combinations, a greedy cover: take the site shipping most of what is left.
            long partialCombinations = 1;
            for (int[] list : lists) {
                partialCombinations = Math.min(Long.MAX_VALUE / 4096, partialCombinations * (list.length + 1));
            }
            search = new Search(weights, lists, true);
            if (partialCombinations <= limit) {
                search.run();
            } else {
                search.consider(greedyCover(weights));
                exhaustive = false;
            }
        }
        int[] assignment = search.best == null ? filled(-1) : search.best;
        return new Result(
                assignment,
                search.best == null ? 0 : search.bestScore,
                uncovered(assignment),
                exhaustive ? "exhaustive" : "pruned",
                weights);
    }

    /** Up to the shipment limit, repeatedly the site that ships the most still-open units (best score on ties). */
    private int[] greedyCover(Weights weights) {
        int[] assignment = filled(-1);
        long open = 0;
        for (int l = 0; l < lines.size(); l++) {
            if (!eligibility.unsourceable.containsKey(l) && options[l].length > 0) {
                open |= 1L << l;
            }
        }
        for (int shipment = 0; shipment < strategy.maxShipments() && open != 0; shipment++) {
            int bestSite = -1;
            int bestUnits = 0;
            double bestScore = Double.MAX_VALUE;
            for (int s = 0; s < eligible.size(); s++) {
                long covers = coverMask[s] & open;
                if (covers == 0) {
                    continue;
                }
                int units = 0;
                for (int l = 0; l < lines.size(); l++) {
                    if ((covers & (1L << l)) != 0) {
                        units += lines.get(l).quantity();
                    }
                }
                if (units < bestUnits) {
                    continue;
                }
                double score = costs.shipmentScore(s, covers, weights);
                if (units > bestUnits || score < bestScore) {
                    bestSite = s;
                    bestUnits = units;
                    bestScore = score;
                }
            }
            if (bestSite < 0) {
                break;
            }
            long covers = coverMask[bestSite] & open;
            for (int l = 0; l < lines.size(); l++) {
                if ((covers & (1L << l)) != 0) {
                    assignment[l] = bestSite;
                }
            }
            open &= ~covers;
        }
        return assignment;
    }

    /** Every complete assignment the search visits under the weights, without duplicates. */
    List<Result> collect(Weights weights) {
        long combinations = 1;
        int fillable = 0;
        for (int l = 0; l < lines.size(); l++) {
            if (options[l].length > 0 && !eligibility.unsourceable.containsKey(l)) {
                fillable++;
                combinations = Math.min(Long.MAX_VALUE / 4096, combinations * options[l].length);
            }
        }
        if (fillable < lines.size()) {
            return List.of();
        }
        boolean exhaustive = combinations <= exhaustiveLimit;
        Search search = new Search(weights, exhaustive ? options : pruned(weights, fillable, exhaustiveLimit), false);
        search.collected = new LinkedHashMap<>();
        search.run();
        for (int s = 0; s < eligible.size(); s++) {
            search.trySingleSite(s);
        }
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, int[]> entry : search.collected.entrySet()) {
            results.add(new Result(
                    entry.getValue(),
                    score(entry.getValue(), weights),
                    0,
                    exhaustive ? "exhaustive" : "pruned",
                    weights));
        }
        return results;
    }

    /** Per line, the best few sites: hubs (sites that ship the most lines) and the line's own best, within the limit. */
    private int[][] pruned(Weights weights, int fillable, long limit) {
        int width = Math.max(1, (int) Math.floor(
                Math.pow((double) Math.min(limit, SourcingEngine.EXHAUSTIVE_LIMIT), 1.0 / Math.max(1, fillable))
                        + 1e-9));
        int hubCount = Math.min(HUBS, width / 2);
        int keep = Math.max(1, width - hubCount);
        double[] hubScore = new double[eligible.size()];
        int[] all = new int[eligible.size()];
        for (int s = 0; s < all.length; s++) {
            all[s] = s;
            hubScore[s] = hubCount == 0 ? 0 : costs.shipmentScore(s, coverMask[s], weights);
        }
        int[] hubs = smallest(all, hubCount, (a, b) -> {
            int byCoverage = Integer.compare(Long.bitCount(coverMask[b]), Long.bitCount(coverMask[a]));
            return byCoverage != 0 ? byCoverage : Double.compare(hubScore[a], hubScore[b]);
        });
        int[][] lists = new int[lines.size()][];
        double[] lineScore = new double[eligible.size()];
        for (int l = 0; l < lines.size(); l++) {
            Set<Integer> chosen = new LinkedHashSet<>();
            for (int hub : hubs) {
                if ((coverMask[hub] & (1L << l)) != 0 && costs.options(hub, 1L << l).length > 0) {
                    chosen.add(hub);
                }
            }
            for (int s : options[l]) {
                lineScore[s] = costs.shipmentScore(s, 1L << l, weights);
            }
            for (int s : smallest(options[l], keep, (a, b) -> Double.compare(lineScore[a], lineScore[b]))) {
                chosen.add(s);
            }
            lists[l] = chosen.stream().mapToInt(Integer::intValue).toArray();
        }
        return lists;
    }

    /** The {@code k} smallest items by the comparison, smallest first, ties kept in input order: O(n·k). */
    private static int[] smallest(int[] items, int k, Comparator<Integer> order) {
        int[] best = new int[Math.min(k, items.length)];
        int size = 0;
        for (int item : items) {
            int position = size;
            while (position > 0 && order.compare(item, best[position - 1]) < 0) {
                position--;
            }
            if (position >= best.length) {
                continue;
            }
            int end = Math.min(size, best.length - 1);
            System.arraycopy(best, position, best, position + 1, end - position);
            best[position] = item;
            size = Math.min(size + 1, best.length);
        }
        return best;
    }

    /** Depth-first enumeration of assignments within the shipment limit. */
    private final class Search {

        private final Weights weights;
        private final int[][] lists;
        private final boolean allowSkip;
        private final int[] assignment = filled(-1);
        private final int[] uses = new int[eligible.size()];
        private int distinct;
        int @Nullable [] best;

        @Nullable
        Map<String, int[]> collected;

        double bestScore = Double.MAX_VALUE;
        int bestUncovered = Integer.MAX_VALUE;

        Search(Weights weights, int[][] lists, boolean allowSkip) {
            this.weights = weights;
            this.lists = lists;
            this.allowSkip = allowSkip;
        }

        void run() {
            visit(0);
        }

        private void visit(int l) {
            if (l == lines.size()) {
                consider(assignment);
                return;
            }
            boolean sourceable = !eligibility.unsourceable.containsKey(l) && lists[l].length > 0;
            if (sourceable) {
                for (int s : lists[l]) {
                    boolean fresh = uses[s] == 0;
                    if (fresh && distinct >= strategy.maxShipments()) {
                        continue;
                    }
                    assignment[l] = s;
                    uses[s]++;
                    if (fresh) {
                        distinct++;
                    }
                    visit(l + 1);
                    uses[s]--;
                    if (fresh) {
                        distinct--;
                    }
                    assignment[l] = -1;
                }
            }
            if (!sourceable || allowSkip) {
                visit(l + 1);
            }
        }

        void trySingleSite(int s) {
            int[] single = filled(-1);
            for (int l = 0; l < lines.size(); l++) {
                if (eligibility.unsourceable.containsKey(l) || options[l].length == 0) {
                    continue;
                }
                if ((coverMask[s] & (1L << l)) == 0) {
                    return;
                }
                single[l] = s;
            }
            consider(single);
        }

        void consider(int[] candidate) {
            int uncovered = uncovered(candidate);
            if (!allowSkip && uncovered > unsourceableUnits()) {
                return;
            }
            double score = score(candidate, weights);
            if (Double.isNaN(score)) {
                return;
            }
            if (collected != null && uncovered == 0) {
                collected.putIfAbsent(Arrays.toString(candidate), candidate.clone());
            }
            if (uncovered < bestUncovered || (uncovered == bestUncovered && score < bestScore - 1e-9)) {
                best = candidate.clone();
                bestScore = score;
                bestUncovered = uncovered;
            }
        }
    }

    private int unsourceableUnits() {
        int units = 0;
        for (int l = 0; l < lines.size(); l++) {
            if (eligibility.unsourceable.containsKey(l) || options[l].length == 0) {
                units += lines.get(l).quantity();
            }
        }
        return units;
    }

    private int uncovered(int[] assignment) {
        int units = 0;
        for (int l = 0; l < assignment.length; l++) {
            if (assignment[l] < 0) {
                units += lines.get(l).quantity();
            }
        }
        return units;
    }

    /** The plan's score: weighted cost, latest promised day, carbon, extra shipments and load; NaN if infeasible. */
    double score(int[] assignment, Weights weights) {
        // At most one entry per line: the distinct sites of the assignment and the lines each ships.
        int[] used = new int[assignment.length];
        long[] masks = new long[assignment.length];
        int shipments = 0;
        for (int l = 0; l < assignment.length; l++) {
            int site = assignment[l];
            if (site < 0) {
                continue;
            }
            int slot = 0;
            while (slot < shipments && used[slot] != site) {
                slot++;
            }
            if (slot == shipments) {
                used[shipments++] = site;
            }
            masks[slot] |= 1L << l;
        }
        if (shipments == 0) {
            return 0;
        }
        double cost = 0;
        double carbon = 0;
        int days = 0;
        double load = 0;
        for (int slot = 0; slot < shipments; slot++) {
            ShipmentCosts.Option option = costs.best(used[slot], masks[slot], weights);
            if (option == null) {
                return Double.NaN;
            }
            cost += option.cost();
            carbon += option.carbon();
            days = Math.max(days, option.days());
            load += eligible.get(used[slot]).loadFraction();
        }
        return costs.planScore(cost, days, carbon, weights)
                + weights.shipments() * (shipments - 1)
                + weights.load() * load / shipments;
    }

    int[] filled(int value) {
        int[] array = new int[lines.size()];
        Arrays.fill(array, value);
        return array;
    }
}

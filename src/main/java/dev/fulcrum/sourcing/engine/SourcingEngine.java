package dev.fulcrum.sourcing.engine;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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

    /** How a reason says that no rate card covers a lane (with {@code requireRateCard}); batch reports match on it. */
    public static final String NO_LANE = "no rate-card lane";

    private static final int HUBS = 3;

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
        Decision decision = new Decision(order, sites, lanes, strategy);
        Result result = decision.search(strategy.weights(), exhaustiveLimit);
        List<Plan.Alternative> alternatives = new ArrayList<>();
        if (withAlternatives) {
            for (Map.Entry<String, Weights> preset : Weights.PRESETS.entrySet()) {
                if (preset.getKey().equals(strategy.objective())) {
                    continue;
                }
                Result other = decision.search(preset.getValue(), Math.min(exhaustiveLimit, ALTERNATIVE_LIMIT));
                Totals totals = decision.totals(other);
                alternatives.add(new Plan.Alternative(
                        preset.getKey(),
                        decision.locationsOf(other),
                        round2(totals.cost),
                        totals.days,
                        Math.round(totals.carbon),
                        other.uncoveredLines()));
            }
        }
        return decision.toPlan(result, alternatives, true);
    }

    /**
     * Every complete plan the search visits (all of them when the instance is small enough to be exhaustive), cheapest
     * first, at most {@code limit}: the options batch allocation chooses among. Plans carry no trace.
     */
    public List<Plan> completePlans(EngineOrder order, List<Site> sites, LaneBook lanes, Strategy strategy, int limit) {
        Decision decision = new Decision(order, sites, lanes, strategy);
        Weights costOnly = new Weights(1, 0, 0, 0, 0);
        List<Result> results = decision.collect(costOnly);
        List<Plan> plans = new ArrayList<>();
        for (Result result : results) {
            plans.add(decision.toPlan(result, List.of(), false));
        }
        plans.sort(Comparator.comparingDouble(Plan::cost)
                .thenComparing(plan -> plan.shipments().size()));
        return plans.size() > limit ? List.copyOf(plans.subList(0, limit)) : plans;
    }

    /**
     * The complete plans a batch chooses among: every single-shipment plan (one per location that can ship the whole
     * order) and the {@code splitPlans} cheapest split ones, cheapest first. Only these become {@link Plan}s, so an
     * order with thousands of complete assignments costs no more memory than its few candidates.
     */
    public List<Plan> batchPlans(
            EngineOrder order, List<Site> sites, LaneBook lanes, Strategy strategy, int splitPlans) {
        Decision decision = new Decision(order, sites, lanes, strategy);
        Weights costOnly = new Weights(1, 0, 0, 0, 0);
        List<Result> singles = new ArrayList<>();
        List<Result> splits = new ArrayList<>();
        java.util.IdentityHashMap<Result, Double> costs = new java.util.IdentityHashMap<>();
        for (Result result : decision.collect(costOnly)) {
            costs.put(result, decision.totals(result).cost);
            (decision.locationsOf(result).size() == 1 ? singles : splits).add(result);
        }
        Comparator<Result> byCost = Comparator.comparingDouble(costs::get);
        splits.sort(byCost);
        List<Result> kept = new ArrayList<>(singles);
        kept.addAll(splits.subList(0, Math.min(splitPlans, splits.size())));
        kept.sort(byCost);
        List<Plan> plans = new ArrayList<>(kept.size());
        for (Result result : kept) {
            plans.add(decision.toPlan(result, List.of(), false));
        }
        return plans;
    }

    /** A full or partial assignment: site index per line (-1: not sourced), its score and uncovered units. */
    @SuppressWarnings("ArrayRecordComponent") // never compared: results are told apart by identity
    private record Result(int[] assignment, double score, int uncoveredUnits, String search, Weights weights) {

        int uncoveredLines() {
            return (int) Arrays.stream(assignment).filter(site -> site < 0).count();
        }
    }

    private record Totals(
            double cost, double carbon, int days, @Nullable LocalDate deliverBy) {}

    /** One quote as it applies to one shipment: total cost, promised days and date, carbon. */
    private record Option(Quote quote, double handling, double cost, int days, LocalDate deliverBy, double carbon) {}

    /** The state of one decision: eligible sites, which lines each can ship, quotes per (site, line set). */
    private final class Decision {

        private final EngineOrder order;
        private final Strategy strategy;
        private final List<EngineOrder.Line> lines;
        private final List<Site> eligible = new ArrayList<>();
        private final List<Plan.Candidate> rejected = new ArrayList<>();
        // By identity: a site's record hash walks its whole available-to-promise map, and the decision holds one
        // instance per site.
        private final java.util.IdentityHashMap<Site, List<String>> partialReasons = new java.util.IdentityHashMap<>();
        private final Map<Integer, String> unsourceable = new HashMap<>();
        private final int[][] options;
        private final double[] distanceKm;
        private final ZonedDateTime[] shipBy;
        private final LocalDate[] decidedDay;
        private final long[] coverMask;
        private final List<HashMap<Long, Option[]>> quotes = new ArrayList<>();
        private final LaneBook.Lanes lanes;
        private double costRef = 1;
        private double daysRef = 1;
        private double carbonRef = 1;

        Decision(EngineOrder order, List<Site> sites, LaneBook book, Strategy strategy) {
            this.order = order;
            this.strategy = strategy;
            this.lines = order.lines();
            if (lines.size() > MAX_LINES) {
                throw new IllegalArgumentException("orders of more than " + MAX_LINES + " lines are not supported");
            }
            this.lanes = book.to(order.destination());
            for (int l = 0; l < lines.size(); l++) {
                EngineOrder.Line line = lines.get(l);
                if (line.restrictedCountries().contains(order.destination().country())) {
                    unsourceable.put(
                            l,
                            line.sku() + " may not be shipped to "
                                    + order.destination().country());
                }
            }
            List<long[]> covers = new ArrayList<>();
            for (Site site : sites) {
                List<String> reasons = new ArrayList<>();
                String siteReason = siteReason(site);
                long mask = 0;
                if (siteReason != null) {
                    reasons.add(siteReason);
                } else {
                    for (int l = 0; l < lines.size(); l++) {
                        String lineReason =
                                unsourceable.containsKey(l) ? unsourceable.get(l) : lineReason(site, lines.get(l));
                        if (lineReason == null) {
                            mask |= 1L << l;
                        } else {
                            reasons.add(lineReason);
                        }
                    }
                }
                if (mask == 0) {
                    rejected.add(new Plan.Candidate(
                            site.id(), "rejected", List.of(), reasons, null, null, null, null, null, false));
                } else {
                    eligible.add(site);
                    covers.add(new long[] {mask});
                    partialReasons.put(site, reasons);
                }
            }
            int n = eligible.size();
            coverMask = new long[n];
            distanceKm = new double[n];
            shipBy = new ZonedDateTime[n];
            decidedDay = new LocalDate[n];
            EngineOrder.Destination destination = order.destination();
            for (int s = 0; s < n; s++) {
                Site site = eligible.get(s);
                coverMask[s] = covers.get(s)[0];
                distanceKm[s] = distance(site, destination);
                shipBy[s] = Promises.shipBy(site, order.decidedAt());
                decidedDay[s] = order.decidedAt().atZone(site.zone()).toLocalDate();
                quotes.add(new HashMap<>());
            }
            options = new int[lines.size()][];
            for (int l = 0; l < lines.size(); l++) {
                List<Integer> able = new ArrayList<>();
                boolean laneMissing = false;
                for (int s = 0; s < n; s++) {
                    if ((coverMask[s] & (1L << l)) == 0) {
                        continue;
                    }
                    if (options(s, 1L << l).length > 0) {
                        able.add(s);
                    } else {
                        // Only a profile that requires a rate card leaves a lane without any quote.
                        laneMissing = true;
                        List<String> reasons = partialReasons.get(eligible.get(s));
                        String reason = NO_LANE + " from " + eligible.get(s).id() + " to "
                                + order.destination().country() + " (requireRateCard)";
                        if (reasons != null && !reasons.contains(reason)) {
                            reasons.add(reason);
                        }
                    }
                }
                options[l] = able.stream().mapToInt(Integer::intValue).toArray();
                if (able.isEmpty() && !unsourceable.containsKey(l)) {
                    unsourceable.put(
                            l,
                            laneMissing
                                    ? NO_LANE + " from a location that has "
                                            + lines.get(l).quantity() + " of "
                                            + lines.get(l).sku() + " to "
                                            + order.destination().country()
                                            + " (requireRateCard)"
                                    : "no eligible location has " + lines.get(l).quantity() + " of "
                                            + lines.get(l).sku());
                }
            }
            references();
        }

        private @Nullable String siteReason(Site site) {
            if (strategy.locationTypes() != null && !strategy.locationTypes().contains(site.type())) {
                return "location type " + site.type() + " is not eligible (" + strategy.locationTypes() + ")";
            }
            if (strategy.respectCapacity() && site.atCapacity()) {
                return "at its daily order capacity";
            }
            return strategy.filter().reject(site);
        }

        private static @Nullable String lineReason(Site site, EngineOrder.Line line) {
            if (site.assortment() != null && !site.assortment().contains(line.sku())) {
                return "assortment excludes " + line.sku();
            }
            for (String capability : line.requiredCapabilities()) {
                if (!site.capabilities().contains(capability)) {
                    return "cannot handle " + capability + " (" + line.sku() + ")";
                }
            }
            int available = site.availableOf(line.sku());
            if (available < line.quantity()) {
                return "only " + available + " of " + line.sku() + " available, needs " + line.quantity();
            }
            return null;
        }

        /** Reference values: the cheapest, fastest and cleanest each line could be shipped alone. */
        private void references() {
            double cost = 0;
            double carbon = 0;
            int days = 1;
            for (int l = 0; l < lines.size(); l++) {
                double minCost = Double.MAX_VALUE;
                double minCarbon = Double.MAX_VALUE;
                int minDays = Integer.MAX_VALUE;
                for (int s : options[l]) {
                    for (Option option : options(s, 1L << l)) {
                        minCost = Math.min(minCost, option.cost);
                        minCarbon = Math.min(minCarbon, option.carbon);
                        minDays = Math.min(minDays, option.days);
                    }
                }
                if (options[l].length > 0) {
                    cost += minCost;
                    carbon += minCarbon;
                    days = Math.max(days, minDays);
                }
            }
            costRef = Math.max(cost, 0.01);
            carbonRef = Math.max(carbon, 1);
            daysRef = Math.max(days, 1);
        }

        /** Every feasible quote for shipping the lines of {@code mask} from site {@code s}; cached. */
        Option[] options(int s, long mask) {
            HashMap<Long, Option[]> cache = quotes.get(s);
            Option[] cached = cache.get(mask);
            if (cached != null) {
                return cached;
            }
            Site site = eligible.get(s);
            double grams = 0;
            int units = 0;
            boolean cold = false;
            for (int l = 0; l < lines.size(); l++) {
                if ((mask & (1L << l)) != 0) {
                    EngineOrder.Line line = lines.get(l);
                    grams += line.unitWeightGrams() * line.quantity();
                    units += line.quantity();
                    cold |= line.needsTemperatureControl();
                }
            }
            double handling = site.handlingPerOrder() + site.handlingPerUnit() * units;
            List<Quote> all = lanes.quotes(site, distanceKm[s], Math.max(grams / 1000.0, 0.001), cold);
            List<Quote> usable = new ArrayList<>();
            for (Quote quote : all) {
                if (!cold || quote.temperatureControlled()) {
                    usable.add(quote);
                }
            }
            String preferred = order.preferredCarrier();
            if (strategy.usePreferredCarrier() && preferred != null) {
                List<Quote> theirs = usable.stream()
                        .filter(quote -> preferred.equalsIgnoreCase(quote.carrier())
                                || preferred.equalsIgnoreCase(quote.serviceCode()))
                        .toList();
                if (!theirs.isEmpty()) {
                    usable = theirs;
                }
            }
            LocalDate shipDay = shipBy[s].toLocalDate();
            Option[] result = new Option[usable.size()];
            for (int i = 0; i < result.length; i++) {
                Quote quote = usable.get(i);
                LocalDate deliverBy = Promises.deliverBy(shipDay, quote.transitDaysP90(), order.avoidWeekend());
                int days = (int) ChronoUnit.DAYS.between(decidedDay[s], deliverBy);
                result[i] =
                        new Option(quote, handling, handling + quote.freight(), days, deliverBy, quote.carbonGrams());
            }
            cache.put(mask, result);
            return result;
        }

        /** The option a shipment takes under the weights, or null when none is feasible. */
        @Nullable
        Option best(int s, long mask, Weights weights) {
            Option best = null;
            double bestScore = Double.MAX_VALUE;
            for (Option option : options(s, mask)) {
                double score = weights.cost() * option.cost / costRef
                        + weights.time() * option.days / daysRef
                        + weights.carbon() * option.carbon / carbonRef;
                if (score < bestScore - 1e-12
                        || (Math.abs(score - bestScore) <= 1e-12
                                && best != null
                                && option.quote.serviceCode().compareTo(best.quote.serviceCode()) < 0)) {
                    best = option;
                    bestScore = score;
                }
            }
            return best;
        }

        Result search(Weights weights, long limit) {
            int fillable = 0;
            long combinations = 1;
            for (int l = 0; l < lines.size(); l++) {
                if (options[l].length > 0 && !unsourceable.containsKey(l)) {
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
                if (!unsourceable.containsKey(l) && options[l].length > 0) {
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
                    double score = shipmentScore(s, covers, weights);
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
                if (options[l].length > 0 && !unsourceable.containsKey(l)) {
                    fillable++;
                    combinations = Math.min(Long.MAX_VALUE / 4096, combinations * options[l].length);
                }
            }
            if (fillable < lines.size()) {
                return List.of();
            }
            boolean exhaustive = combinations <= exhaustiveLimit;
            Search search =
                    new Search(weights, exhaustive ? options : pruned(weights, fillable, exhaustiveLimit), false);
            search.collected = new java.util.LinkedHashMap<>();
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
                    Math.pow((double) Math.min(limit, EXHAUSTIVE_LIMIT), 1.0 / Math.max(1, fillable)) + 1e-9));
            int hubCount = Math.min(HUBS, width / 2);
            int keep = Math.max(1, width - hubCount);
            double[] hubScore = new double[eligible.size()];
            int[] all = new int[eligible.size()];
            for (int s = 0; s < all.length; s++) {
                all[s] = s;
                hubScore[s] = hubCount == 0 ? 0 : shipmentScore(s, coverMask[s], weights);
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
                    if ((coverMask[hub] & (1L << l)) != 0 && options(hub, 1L << l).length > 0) {
                        chosen.add(hub);
                    }
                }
                for (int s : options[l]) {
                    lineScore[s] = shipmentScore(s, 1L << l, weights);
                }
                for (int s : smallest(options[l], keep, (a, b) -> Double.compare(lineScore[a], lineScore[b]))) {
                    chosen.add(s);
                }
                lists[l] = chosen.stream().mapToInt(Integer::intValue).toArray();
            }
            return lists;
        }

        /** The {@code k} smallest items by the comparison, smallest first, ties kept in input order: O(n·k). */
        private static int[] smallest(int[] items, int k, java.util.Comparator<Integer> order) {
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

        private double shipmentScore(int s, long mask, Weights weights) {
            Option option = best(s, mask, weights);
            if (option == null) {
                return Double.MAX_VALUE;
            }
            return weights.cost() * option.cost / costRef
                    + weights.time() * option.days / daysRef
                    + weights.carbon() * option.carbon / carbonRef;
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
                boolean sourceable = !unsourceable.containsKey(l) && lists[l].length > 0;
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
                    if (unsourceable.containsKey(l) || options[l].length == 0) {
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
                if (unsourceable.containsKey(l) || options[l].length == 0) {
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
                Option option = best(used[slot], masks[slot], weights);
                if (option == null) {
                    return Double.NaN;
                }
                cost += option.cost;
                carbon += option.carbon;
                days = Math.max(days, option.days);
                load += eligible.get(used[slot]).loadFraction();
            }
            return weights.cost() * cost / costRef
                    + weights.time() * days / daysRef
                    + weights.carbon() * carbon / carbonRef
                    + weights.shipments() * (shipments - 1)
                    + weights.load() * load / shipments;
        }

        private long[] masksBySite(int[] assignment) {
            long[] masks = new long[eligible.size()];
            for (int l = 0; l < assignment.length; l++) {
                if (assignment[l] >= 0) {
                    masks[assignment[l]] |= 1L << l;
                }
            }
            return masks;
        }

        Totals totals(Result result) {
            long[] masks = masksBySite(result.assignment());
            double cost = 0;
            double carbon = 0;
            int days = 0;
            LocalDate deliverBy = null;
            for (int s = 0; s < masks.length; s++) {
                if (masks[s] != 0) {
                    // A result only uses shipments the search found feasible.
                    Option option = java.util.Objects.requireNonNull(best(s, masks[s], result.weights()));
                    cost += option.cost;
                    carbon += option.carbon;
                    days = Math.max(days, option.days);
                    deliverBy = deliverBy == null || option.deliverBy.isAfter(deliverBy) ? option.deliverBy : deliverBy;
                }
            }
            return new Totals(cost, carbon, days, deliverBy);
        }

        List<String> locationsOf(Result result) {
            Set<String> ids = new LinkedHashSet<>();
            for (int s : result.assignment()) {
                if (s >= 0) {
                    ids.add(eligible.get(s).id());
                }
            }
            return List.copyOf(ids);
        }

        Plan toPlan(Result result, List<Plan.Alternative> alternatives, boolean withCandidates) {
            Weights weights = strategy.weights();
            long[] masks = masksBySite(result.assignment());
            List<Plan.Shipment> shipments = new ArrayList<>();
            double cost = 0;
            double carbon = 0;
            int days = 0;
            LocalDate deliverBy = null;
            for (int s = 0; s < masks.length; s++) {
                if (masks[s] == 0) {
                    continue;
                }
                // A result only uses shipments the search found feasible.
                Option option = java.util.Objects.requireNonNull(best(s, masks[s], weights));
                List<Plan.PlanLine> planLines = new ArrayList<>();
                for (int l = 0; l < lines.size(); l++) {
                    if ((masks[s] & (1L << l)) != 0) {
                        planLines.add(new Plan.PlanLine(
                                lines.get(l).lineNo(),
                                lines.get(l).sku(),
                                lines.get(l).quantity()));
                    }
                }
                shipments.add(new Plan.Shipment(
                        eligible.get(s).id(),
                        option.quote,
                        planLines,
                        shipBy[s],
                        option.deliverBy,
                        round2(option.handling),
                        round2(option.cost),
                        Math.round(option.carbon)));
                cost += option.cost;
                carbon += option.carbon;
                days = Math.max(days, option.days);
                deliverBy = deliverBy == null || option.deliverBy.isAfter(deliverBy) ? option.deliverBy : deliverBy;
            }
            List<Plan.Unallocated> unallocated = new ArrayList<>();
            for (int l = 0; l < lines.size(); l++) {
                if (result.assignment()[l] < 0) {
                    EngineOrder.Line line = lines.get(l);
                    String reason = unsourceable.getOrDefault(
                            l, "no plan within " + strategy.maxShipments() + " shipment(s) covers it");
                    unallocated.add(new Plan.Unallocated(line.lineNo(), line.sku(), line.quantity(), reason));
                }
            }
            Set<String> chosen = new LinkedHashSet<>(locationsOf(result));
            List<Plan.Candidate> candidates = new ArrayList<>();
            for (int s = 0; s < eligible.size() && withCandidates; s++) {
                Site site = eligible.get(s);
                Option alone = best(s, coverMask[s], weights);
                List<Integer> covers = new ArrayList<>();
                for (int l = 0; l < lines.size(); l++) {
                    if ((coverMask[s] & (1L << l)) != 0) {
                        covers.add(lines.get(l).lineNo());
                    }
                }
                candidates.add(new Plan.Candidate(
                        site.id(),
                        chosen.contains(site.id()) ? "chosen" : "eligible",
                        covers,
                        partialReasons.getOrDefault(site, List.of()),
                        alone == null ? null : round4(shipmentScore(s, coverMask[s], weights)),
                        alone == null ? null : round2(alone.cost),
                        alone == null ? null : alone.days,
                        alone == null ? null : (double) Math.round(alone.carbon),
                        alone == null ? null : alone.quote.serviceCode(),
                        alone != null && alone.quote.estimate()));
            }
            candidates.sort(Comparator.comparing((Plan.Candidate c) -> !"chosen".equals(c.verdict()))
                    .thenComparing(c -> c.score() == null ? Double.MAX_VALUE : c.score()));
            if (withCandidates) {
                candidates.addAll(rejected);
            }
            return new Plan(
                    strategy.name(),
                    strategy.objective(),
                    result.search(),
                    shipments,
                    unallocated,
                    round2(cost),
                    Math.round(carbon),
                    deliverBy,
                    days,
                    round4(result.score()),
                    candidates,
                    alternatives);
        }

        private int[] filled(int value) {
            int[] array = new int[lines.size()];
            Arrays.fill(array, value);
            return array;
        }

        private static double distance(Site site, EngineOrder.Destination destination) {
            if (destination.latitude() != null && destination.longitude() != null) {
                return Geo.haversineKm(
                        site.latitude(), site.longitude(), destination.latitude(), destination.longitude());
            }
            // Without coordinates: a typical domestic or international distance, documented in the sourcing guide.
            return site.country().equals(destination.country()) ? 800 : 5000;
        }
    }

    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static double round4(double value) {
        return Math.round(value * 10000) / 10000.0;
    }
}

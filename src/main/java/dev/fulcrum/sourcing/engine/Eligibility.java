package dev.fulcrum.sourcing.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which sites may ship which lines of one order, and why the others may not: the first seam of a decision. A site is
 * rejected as a whole (location type, capacity, the strategy's filter) or per line (assortment, capabilities, stock);
 * a line no eligible site can ship, or that may not go to the destination, is unsourceable with its reason. Sites are
 * numbered by their position in {@link #eligible}; a line set is a bit mask over the order's lines.
 */
final class Eligibility {

    final EngineOrder order;
    final List<EngineOrder.Line> lines;
    final List<Site> eligible = new ArrayList<>();
    final List<Plan.Candidate> rejected = new ArrayList<>();
    /** Per line, the reason it cannot be sourced at all (by line index). */
    final Map<Integer, String> unsourceable = new HashMap<>();
    /** Per eligible site, the lines it could ship on its stock and rules alone. */
    final long[] coverMask;
    /** Per line, the eligible sites that can ship it and have a quote for it (set by {@link #keepQuotedLanes}). */
    int[][] sitesOfLine = new int[0][];

    // By identity: a site's record hash walks its whole available-to-promise map, and the decision holds one
    // instance per site.
    private final IdentityHashMap<Site, List<String>> partialReasons = new IdentityHashMap<>();
    private final Strategy strategy;

    Eligibility(EngineOrder order, List<Site> sites, Strategy strategy) {
        this.order = order;
        this.strategy = strategy;
        this.lines = order.lines();
        if (lines.size() > SourcingEngine.MAX_LINES) {
            throw new IllegalArgumentException(
                    "orders of more than " + SourcingEngine.MAX_LINES + " lines are not supported");
        }
        for (int l = 0; l < lines.size(); l++) {
            EngineOrder.Line line = lines.get(l);
            if (line.restrictedCountries().contains(order.destination().country())) {
                unsourceable.put(
                        l,
                        line.sku() + " may not be shipped to "
                                + order.destination().country());
            }
        }
        List<Long> covers = new ArrayList<>();
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
                covers.add(mask);
                partialReasons.put(site, reasons);
            }
        }
        coverMask = covers.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Keeps, per line, the eligible sites with at least one quote for it. Only a profile that requires a rate card
     * leaves a lane without any quote; the site then gets that reason, and a line left with no site is unsourceable.
     */
    void keepQuotedLanes(ShipmentCosts costs) {
        sitesOfLine = new int[lines.size()][];
        for (int l = 0; l < lines.size(); l++) {
            List<Integer> able = new ArrayList<>();
            boolean laneMissing = false;
            for (int s = 0; s < eligible.size(); s++) {
                if ((coverMask[s] & (1L << l)) == 0) {
                    continue;
                }
                if (costs.options(s, 1L << l).length > 0) {
                    able.add(s);
                } else {
                    laneMissing = true;
                    List<String> reasons = partialReasons.get(eligible.get(s));
                    String reason =
                            SourcingEngine.NO_LANE + " from " + eligible.get(s).id() + " to "
                                    + order.destination().country() + " (requireRateCard)";
                    if (reasons != null && !reasons.contains(reason)) {
                        reasons.add(reason);
                    }
                }
            }
            sitesOfLine[l] = able.stream().mapToInt(Integer::intValue).toArray();
            if (able.isEmpty() && !unsourceable.containsKey(l)) {
                unsourceable.put(
                        l,
                        laneMissing
                                ? SourcingEngine.NO_LANE + " from a location that has "
                                        + lines.get(l).quantity() + " of "
                                        + lines.get(l).sku() + " to "
                                        + order.destination().country()
                                        + " (requireRateCard)"
                                : "no eligible location has " + lines.get(l).quantity() + " of "
                                        + lines.get(l).sku());
            }
        }
    }

    /** Whether some site can ship the line: it is neither unsourceable nor without a site. */
    boolean fillable(int l) {
        return !unsourceable.containsKey(l) && sitesOfLine[l].length > 0;
    }

    /** Why the eligible site cannot ship some of the order's lines (empty when it can ship them all). */
    List<String> partialReasons(Site site) {
        return partialReasons.getOrDefault(site, List.of());
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
}

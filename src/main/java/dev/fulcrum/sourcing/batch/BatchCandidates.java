package dev.fulcrum.sourcing.batch;

import dev.fulcrum.shared.Money;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.Promises;
import dev.fulcrum.sourcing.engine.Site;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The candidate plans of one order for a batch, as the allocator's choices: every single-shipment plan (one per
 * eligible location) and the cheapest few split ones, each on each of the first {@code shipDays} working days a
 * shipment can leave (later days only when earlier ones are full), in integer minor units of the batch's currency; a
 * choice another one dominates (no dearer, no later, taking no more of any resource) is dropped.
 */
public final class BatchCandidates {

    /** Split (multi-shipment) plans kept per order besides one single-shipment plan per location. */
    public static final int SPLIT_PLANS = 8;

    private BatchCandidates() {}

    /** One candidate: the plan as it would be committed (ship days moved if later) and its choice for the solver. */
    public record Candidate(Plan plan, BatchAllocator.Choice choice) {}

    /**
     * The candidates of one order from the engine's complete plans ({@link
     * dev.fulcrum.sourcing.engine.SourcingEngine#completePlans}); {@code capacitated} lists the locations whose daily
     * capacity counts (empty when the strategy ignores capacity).
     */
    public static List<Candidate> of(
            List<Plan> plans,
            Map<String, Site> sites,
            boolean avoidWeekend,
            int shipDays,
            Set<String> capacitated,
            Currency currency) {
        List<Plan> sorted = new ArrayList<>(plans);
        sorted.sort(Comparator.comparing(Plan::cost));
        List<Plan> kept = new ArrayList<>();
        Set<String> singleLocations = new HashSet<>();
        int splits = 0;
        for (Plan plan : sorted) {
            if (plan.shipments().size() == 1) {
                if (singleLocations.add(plan.shipments().getFirst().locationId().value())) {
                    kept.add(plan);
                }
            } else if (splits < SPLIT_PLANS) {
                splits++;
                kept.add(plan);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Plan plan : kept) {
            long cost = minorUnits(plan.cost(), currency);
            for (int day = 0; day < shipDays; day++) {
                Plan shifted = day == 0 ? plan : shifted(plan, sites, avoidWeekend, day);
                candidates.add(new Candidate(shifted, choice(shifted, cost, day, capacitated)));
            }
        }
        return undominated(candidates);
    }

    /** The amount in minor units of the batch's currency, rounded half-even where that has fewer decimals. */
    public static long minorUnits(Money amount, Currency currency) {
        return Money.rounded(amount.amount(), currency).minorUnits();
    }

    private static BatchAllocator.Choice choice(Plan plan, long cost, int lateness, Set<String> capacitated) {
        Map<BatchAllocator.StockKey, Integer> units = new HashMap<>();
        Set<BatchAllocator.CapacityKey> capacity = new HashSet<>();
        for (Plan.Shipment shipment : plan.shipments()) {
            for (Plan.PlanLine line : shipment.lines()) {
                units.merge(
                        new BatchAllocator.StockKey(
                                shipment.locationId().value(), line.sku().value()),
                        line.quantity(),
                        Integer::sum);
            }
            if (capacitated.contains(shipment.locationId().value())) {
                capacity.add(new BatchAllocator.CapacityKey(
                        shipment.locationId().value(), shipment.shipBy().toLocalDate()));
            }
        }
        return new BatchAllocator.Choice(cost, units, capacity, lateness);
    }

    /** The plan with every shipment leaving {@code days} working days later (its own site's calendar). */
    static Plan shifted(Plan plan, Map<String, Site> sites, boolean avoidWeekend, int days) {
        List<Plan.Shipment> shipments = new ArrayList<>();
        @Nullable LocalDate deliverBy = null;
        for (Plan.Shipment shipment : plan.shipments()) {
            Site site = sites.get(shipment.locationId().value());
            LocalDate day = shipment.shipBy().toLocalDate();
            for (int i = 0; i < days; i++) {
                day = site == null ? day.plusDays(1) : Promises.nextWorkingDay(site, day);
            }
            ZonedDateTime shipBy = day.atTime(shipment.shipBy().toLocalTime())
                    .atZone(shipment.shipBy().getZone());
            LocalDate arrives = Promises.deliverBy(day, shipment.quote().transitDaysP90(), avoidWeekend);
            shipments.add(new Plan.Shipment(
                    shipment.locationId(),
                    shipment.quote(),
                    shipment.lines(),
                    shipBy,
                    arrives,
                    shipment.handlingCost(),
                    shipment.cost(),
                    shipment.carbonGrams()));
            deliverBy = deliverBy == null || arrives.isAfter(deliverBy) ? arrives : deliverBy;
        }
        LocalDate before = plan.deliverBy();
        int later = before == null || deliverBy == null ? 0 : (int) ChronoUnit.DAYS.between(before, deliverBy);
        return new Plan(
                plan.strategy(),
                plan.objective(),
                plan.search(),
                shipments,
                plan.unallocated(),
                plan.cost(),
                plan.carbonGrams(),
                deliverBy,
                plan.promisedDays() + later,
                plan.score(),
                plan.candidates(),
                plan.alternatives());
    }

    /** Drops every candidate another one dominates; of identical ones the first stays. */
    static List<Candidate> undominated(List<Candidate> candidates) {
        List<Candidate> kept = new ArrayList<>();
        for (int a = 0; a < candidates.size(); a++) {
            BatchAllocator.Choice choice = candidates.get(a).choice();
            boolean dominated = false;
            for (int b = 0; b < candidates.size() && !dominated; b++) {
                if (a == b) {
                    continue;
                }
                BatchAllocator.Choice other = candidates.get(b).choice();
                boolean noWorse = other.cost() <= choice.cost()
                        && other.lateness() <= choice.lateness()
                        && choice.capacity().containsAll(other.capacity())
                        && takesNoMore(other, choice);
                boolean identical = other.cost() == choice.cost()
                        && other.lateness() == choice.lateness()
                        && other.capacity().equals(choice.capacity())
                        && other.units().equals(choice.units());
                dominated = noWorse && (!identical || b < a);
            }
            if (!dominated) {
                kept.add(candidates.get(a));
            }
        }
        return kept;
    }

    private static boolean takesNoMore(BatchAllocator.Choice other, BatchAllocator.Choice choice) {
        for (Map.Entry<BatchAllocator.StockKey, Integer> use : other.units().entrySet()) {
            if (choice.units().getOrDefault(use.getKey(), 0) < use.getValue()) {
                return false;
            }
        }
        return true;
    }
}

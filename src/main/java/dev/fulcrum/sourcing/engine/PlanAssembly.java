package dev.fulcrum.sourcing.engine;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Money;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns an assignment of the search into the engine's answer: shipments with their chosen carrier service, promise
 * and cost, the lines left unallocated with their reasons, totals, and every candidate with its verdict.
 */
final class PlanAssembly {

    /** Totals of an assignment: cost in minor units, carbon, latest promised day and delivery date. */
    record Totals(
            long cost, double carbon, int days, @Nullable LocalDate deliverBy) {}

    private final Eligibility eligibility;
    private final ShipmentCosts costs;
    private final Strategy strategy;
    private final List<EngineOrder.Line> lines;
    private final List<Site> eligible;
    private final long[] coverMask;
    private final Currency currency;

    PlanAssembly(Eligibility eligibility, ShipmentCosts costs, Strategy strategy) {
        this.eligibility = eligibility;
        this.costs = costs;
        this.strategy = strategy;
        this.lines = eligibility.lines;
        this.eligible = eligibility.eligible;
        this.coverMask = eligibility.coverMask;
        this.currency = eligibility.order.currency();
    }

    /** Minor units of the order's currency as money. */
    Money money(long minorUnits) {
        return Money.ofMinor(minorUnits, currency);
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

    Totals totals(AssignmentSearch.Result result) {
        long[] masks = masksBySite(result.assignment());
        long cost = 0;
        double carbon = 0;
        int days = 0;
        LocalDate deliverBy = null;
        for (int s = 0; s < masks.length; s++) {
            if (masks[s] != 0) {
                ShipmentCosts.Option option =
                        java.util.Objects.requireNonNull(costs.best(s, masks[s], result.weights()));
                cost += option.cost();
                carbon += option.carbon();
                days = Math.max(days, option.days());
                deliverBy = deliverBy == null || option.deliverBy().isAfter(deliverBy) ? option.deliverBy() : deliverBy;
            }
        }
        return new Totals(cost, carbon, days, deliverBy);
    }

    List<LocationId> locationsOf(AssignmentSearch.Result result) {
        Set<LocationId> ids = new LinkedHashSet<>();
        for (int s : result.assignment()) {
            if (s >= 0) {
                ids.add(eligible.get(s).id());
            }
        }
        return List.copyOf(ids);
    }

    Plan toPlan(AssignmentSearch.Result result, List<Plan.Alternative> alternatives, boolean withCandidates) {
        Weights weights = strategy.weights();
        long[] masks = masksBySite(result.assignment());
        List<Plan.Shipment> shipments = new ArrayList<>();
        long cost = 0;
        double carbon = 0;
        int days = 0;
        LocalDate deliverBy = null;
        for (int s = 0; s < masks.length; s++) {
            if (masks[s] == 0) {
                continue;
            }
            // A result only uses shipments the search found feasible.
            ShipmentCosts.Option option = java.util.Objects.requireNonNull(costs.best(s, masks[s], weights));
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
                    option.quote(),
                    planLines,
                    costs.shipBy[s],
                    option.deliverBy(),
                    money(option.handling()),
                    money(option.cost()),
                    Math.round(option.carbon())));
            cost += option.cost();
            carbon += option.carbon();
            days = Math.max(days, option.days());
            deliverBy = deliverBy == null || option.deliverBy().isAfter(deliverBy) ? option.deliverBy() : deliverBy;
        }
        List<Plan.Unallocated> unallocated = new ArrayList<>();
        for (int l = 0; l < lines.size(); l++) {
            if (result.assignment()[l] < 0) {
                EngineOrder.Line line = lines.get(l);
                String reason = eligibility.unsourceable.getOrDefault(
                        l, "no plan within " + strategy.maxShipments() + " shipment(s) covers it");
                unallocated.add(new Plan.Unallocated(line.lineNo(), line.sku(), line.quantity(), reason));
            }
        }
        Set<LocationId> chosen = new LinkedHashSet<>(locationsOf(result));
        List<Plan.Candidate> candidates = new ArrayList<>();
        for (int s = 0; s < eligible.size() && withCandidates; s++) {
            Site site = eligible.get(s);
            ShipmentCosts.Option alone = costs.best(s, coverMask[s], weights);
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
                    eligibility.partialReasons(site),
                    alone == null ? null : round4(costs.shipmentScore(s, coverMask[s], weights)),
                    alone == null ? null : money(alone.cost()),
                    alone == null ? null : alone.days(),
                    alone == null ? null : (double) Math.round(alone.carbon()),
                    alone == null ? null : alone.quote().serviceCode(),
                    alone != null && alone.quote().estimate()));
        }
        candidates.sort(Comparator.comparing((Plan.Candidate c) -> !"chosen".equals(c.verdict()))
                .thenComparing(c -> c.score() == null ? Double.MAX_VALUE : c.score()));
        if (withCandidates) {
            candidates.addAll(eligibility.rejected);
        }
        return new Plan(
                strategy.name(),
                strategy.objective(),
                result.search(),
                shipments,
                unallocated,
                money(cost),
                Math.round(carbon),
                deliverBy,
                days,
                round4(result.score()),
                candidates,
                alternatives);
    }

    static double round4(double value) {
        return Math.round(value * 10000) / 10000.0;
    }
}

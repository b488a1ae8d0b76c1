package dev.fulcrum.sourcing.engine;

import dev.fulcrum.shared.Money;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a shipment of a line set from an eligible site costs, how long it takes and what it emits, per carrier
 * service; the best option under given weights; and the reference values scores are normalised by. Quotes are
 * cached per (site, line set): the search asks for the same shipment many times. Costs are integer minor units of the
 * order's currency here, so the search adds them exactly and without allocating.
 */
final class ShipmentCosts {

    /**
     * One quote as it applies to one shipment: handling and total cost (handling plus freight) in minor units of the
     * order's currency, promised days and date, carbon.
     */
    record Option(Quote quote, long handling, long cost, int days, LocalDate deliverBy, double carbon) {}

    private final EngineOrder order;
    private final Strategy strategy;
    private final Eligibility eligibility;
    private final LaneBook.Lanes lanes;
    private final double minorPerUnit;
    private final double[] distanceKm;
    final ZonedDateTime[] shipBy;
    private final LocalDate[] decidedDay;
    private final List<HashMap<Long, Option[]>> quotes = new ArrayList<>();
    private double costRef = 1;
    private double daysRef = 1;
    private double carbonRef = 1;

    ShipmentCosts(EngineOrder order, Strategy strategy, Eligibility eligibility, LaneBook.Lanes lanes) {
        this.order = order;
        this.strategy = strategy;
        this.eligibility = eligibility;
        this.lanes = lanes;
        this.minorPerUnit = Math.pow(10, Money.minorDigits(order.currency()));
        int n = eligibility.eligible.size();
        distanceKm = new double[n];
        shipBy = new ZonedDateTime[n];
        decidedDay = new LocalDate[n];
        EngineOrder.Destination destination = order.destination();
        for (int s = 0; s < n; s++) {
            Site site = eligibility.eligible.get(s);
            distanceKm[s] = distance(site, destination);
            shipBy[s] = Promises.shipBy(site, order.decidedAt());
            decidedDay[s] = order.decidedAt().atZone(site.zone()).toLocalDate();
            quotes.add(new HashMap<>());
        }
    }

    /** Reference values: the cheapest, fastest and cleanest each line could be shipped alone. */
    void computeReferences() {
        double cost = 0;
        double carbon = 0;
        int days = 1;
        for (int l = 0; l < eligibility.lines.size(); l++) {
            double minCost = Double.MAX_VALUE;
            double minCarbon = Double.MAX_VALUE;
            int minDays = Integer.MAX_VALUE;
            for (int s : eligibility.sitesOfLine[l]) {
                for (Option option : options(s, 1L << l)) {
                    minCost = Math.min(minCost, (double) option.cost);
                    minCarbon = Math.min(minCarbon, option.carbon);
                    minDays = Math.min(minDays, option.days);
                }
            }
            if (eligibility.sitesOfLine[l].length > 0) {
                cost += minCost;
                carbon += minCarbon;
                days = Math.max(days, minDays);
            }
        }
        costRef = Math.max(cost, 1);
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
        Site site = eligibility.eligible.get(s);
        List<EngineOrder.Line> lines = eligibility.lines;
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
        long handling = (long) Math.rint((site.handlingPerOrder() + site.handlingPerUnit() * units) * minorPerUnit);
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
            result[i] = new Option(
                    quote, handling, handling + quote.freight().minorUnits(), days, deliverBy, quote.carbonGrams());
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
            double score = optionScore(option, weights);
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

    /** The score of shipping the lines of {@code mask} from site {@code s} alone; {@link Double#MAX_VALUE} if none. */
    double shipmentScore(int s, long mask, Weights weights) {
        Option option = best(s, mask, weights);
        return option == null ? Double.MAX_VALUE : optionScore(option, weights);
    }

    /** Weighted cost (minor units), days and carbon of a whole plan, each normalised by its reference value. */
    double planScore(double cost, int days, double carbon, Weights weights) {
        return weights.cost() * cost / costRef
                + weights.time() * days / daysRef
                + weights.carbon() * carbon / carbonRef;
    }

    private double optionScore(Option option, Weights weights) {
        return planScore((double) option.cost, option.days, option.carbon, weights);
    }

    private static double distance(Site site, EngineOrder.Destination destination) {
        if (destination.latitude() != null && destination.longitude() != null) {
            return Geo.haversineKm(site.latitude(), site.longitude(), destination.latitude(), destination.longitude());
        }
        // Without coordinates: a typical domestic or international distance, documented in the sourcing guide.
        return site.country().equals(destination.country()) ? 800 : 5000;
    }
}

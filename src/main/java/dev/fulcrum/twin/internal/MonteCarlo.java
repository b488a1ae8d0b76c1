package dev.fulcrum.twin.internal;

import dev.fulcrum.twin.Disruption;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The twin's Monte Carlo simulation, pure Java (no Spring, no database). Each run plays the days from today on at every
 * location that ships a simulated order: a location ships at most its daily order capacity on a working day (scaled
 * by a {@code location-capacity} disruption, nothing while closed, unlimited without a capacity), oldest waiting
 * parcels first, the day's own parcels (planned open orders and that day's forecast orders) in random order. A parcel
 * then takes a transit time drawn from its lane's distribution ({@link TransitTimes}), lengthened by a carrier delay
 * in force on its ship day; one that would arrive while its region is unreachable arrives the day after. An order is
 * late when its last parcel arrives after its promised delivery date.
 */
public final class MonteCarlo {

    /** Days a location is played past the last planned parcel and the window before what is left counts as shipped. */
    static final int DRAIN_DAYS = 120;

    private static final int MAX_DELAY = 365;

    /** One parcel of an order: where and when it is planned to leave, with which carrier, and its lane's transit days. */
    public record Leg(
            String location, String carrier, String service, LocalDate plannedShipDay, int typicalDays, int p90Days) {}

    /** An order as simulated: its parcels, the date it was promised and where it goes. */
    public record OrderRoute(
            List<Leg> legs,
            LocalDate deliverBy,
            String country,
            @Nullable String region) {

        public OrderRoute {
            legs = List.copyOf(legs);
        }
    }

    /** A location's calendar and daily order capacity (null: unlimited). */
    public record Calendar(@Nullable Integer capacity, Set<DayOfWeek> workingDays, Set<LocalDate> holidays) {}

    /** Forecast demand of one SKU at one location: mean orders per day, and the standard deviation of a day's count. */
    public record Demand(String location, String sku, Map<LocalDate, Double> dailyMean, double dailyStdDev) {}

    /**
     * Per order (in the order given): the probability of arriving after its promise, the expected delay in days (0 when
     * on time), and the delay that 90 % of runs stay within; the forecast orders per run and how many of them waited.
     */
    public static final class Result {

        private final double[] lateProbability;
        private final double[] expectedDelayDays;
        private final int[] delayP90Days;
        private final double forecastOrders;
        private final double forecastOrdersDelayed;

        Result(
                double[] lateProbability,
                double[] expectedDelayDays,
                int[] delayP90Days,
                double forecastOrders,
                double forecastOrdersDelayed) {
            this.lateProbability = lateProbability;
            this.expectedDelayDays = expectedDelayDays;
            this.delayP90Days = delayP90Days;
            this.forecastOrders = forecastOrders;
            this.forecastOrdersDelayed = forecastOrdersDelayed;
        }

        public double lateProbability(int order) {
            return lateProbability[order];
        }

        public double expectedDelayDays(int order) {
            return expectedDelayDays[order];
        }

        public int delayP90Days(int order) {
            return delayP90Days[order];
        }

        public double forecastOrders() {
            return forecastOrders;
        }

        public double forecastOrdersDelayed() {
            return forecastOrdersDelayed;
        }
    }

    private MonteCarlo() {}

    /**
     * Runs the simulation. {@code windowFrom}/{@code windowTo} bound the days forecast orders arrive on (with today);
     * with no disruptions it is the baseline the scenario is compared with.
     */
    public static Result run(
            List<OrderRoute> orders,
            List<Disruption> disruptions,
            Map<String, Calendar> calendars,
            List<Demand> demand,
            LocalDate today,
            LocalDate windowFrom,
            LocalDate windowTo,
            int runs,
            long seed) {
        List<int[]> legRefs = new ArrayList<>();
        Map<String, List<Integer>> legsAt = new LinkedHashMap<>();
        List<TransitTimes> transit = new ArrayList<>();
        for (int o = 0; o < orders.size(); o++) {
            List<Leg> legs = orders.get(o).legs();
            for (int l = 0; l < legs.size(); l++) {
                Leg leg = legs.get(l);
                legsAt.computeIfAbsent(leg.location(), key -> new ArrayList<>()).add(legRefs.size());
                legRefs.add(new int[] {o, l});
                transit.add(new TransitTimes(leg.typicalDays(), leg.p90Days()));
            }
        }
        Map<String, List<Demand>> demandAt = new HashMap<>();
        demand.forEach(d ->
                demandAt.computeIfAbsent(d.location(), key -> new ArrayList<>()).add(d));
        LocalDate forecastFrom = windowFrom.isBefore(today) ? today : windowFrom;

        int n = orders.size();
        long[] late = new long[n];
        double[] delaySum = new double[n];
        int[][] delays = new int[n][MAX_DELAY + 1];
        LocalDate[] shipDay = new LocalDate[legRefs.size()];
        long forecastTotal = 0;
        long forecastDelayed = 0;
        SplittableRandom root = new SplittableRandom(seed);
        for (int run = 0; run < runs; run++) {
            SplittableRandom random = root.split();
            for (Map.Entry<String, List<Integer>> at : legsAt.entrySet()) {
                long[] forecast = playLocation(
                        at.getKey(),
                        at.getValue(),
                        orders,
                        legRefs,
                        disruptions,
                        calendars.get(at.getKey()),
                        demandAt.getOrDefault(at.getKey(), List.of()),
                        today,
                        forecastFrom,
                        windowTo,
                        random,
                        shipDay);
                forecastTotal += forecast[0];
                forecastDelayed += forecast[1];
            }
            long[] arrival = new long[n];
            java.util.Arrays.fill(arrival, Long.MIN_VALUE);
            for (int ref = 0; ref < legRefs.size(); ref++) {
                int o = legRefs.get(ref)[0];
                OrderRoute order = orders.get(o);
                Leg leg = order.legs().get(legRefs.get(ref)[1]);
                LocalDate ship = shipDay[ref];
                int days = transit.get(ref).sample(random);
                for (Disruption disruption : disruptions) {
                    if (disruption.delaysCarrier(leg.carrier(), leg.service()) && disruption.covers(ship)) {
                        days += java.util.Objects.requireNonNullElse(disruption.extraDays(), 0);
                    }
                }
                LocalDate arrives = ship.plusDays(days);
                for (Disruption disruption : disruptions) {
                    if (disruption.cutsOff(order.country(), order.region()) && disruption.covers(arrives)) {
                        arrives = disruption.to().plusDays(1);
                    }
                }
                arrival[o] = Math.max(arrival[o], arrives.toEpochDay());
            }
            for (int o = 0; o < n; o++) {
                if (arrival[o] == Long.MIN_VALUE) {
                    continue;
                }
                long delay = Math.max(0, arrival[o] - orders.get(o).deliverBy().toEpochDay());
                if (delay > 0) {
                    late[o]++;
                    delaySum[o] += delay;
                }
                delays[o][(int) Math.min(delay, MAX_DELAY)]++;
            }
        }
        double[] probability = new double[n];
        double[] expectedDelay = new double[n];
        int[] delayP90 = new int[n];
        for (int o = 0; o < n; o++) {
            probability[o] = runs == 0 ? 0 : (double) late[o] / runs;
            expectedDelay[o] = runs == 0 ? 0 : delaySum[o] / runs;
            long seen = 0;
            for (int d = 0; d <= MAX_DELAY; d++) {
                seen += delays[o][d];
                if (seen >= Math.ceil(0.9 * runs)) {
                    delayP90[o] = d;
                    break;
                }
            }
        }
        return new Result(
                probability,
                expectedDelay,
                delayP90,
                runs == 0 ? 0 : (double) forecastTotal / runs,
                runs == 0 ? 0 : (double) forecastDelayed / runs);
    }

    /**
     * Plays one location's days for one run, setting the ship day of each of its legs; answers the forecast orders that
     * arrived and how many of them shipped later than the day they arrived.
     */
    private static long[] playLocation(
            String location,
            List<Integer> legs,
            List<OrderRoute> orders,
            List<int[]> legRefs,
            List<Disruption> disruptions,
            @Nullable Calendar calendar,
            List<Demand> demand,
            LocalDate today,
            LocalDate forecastFrom,
            LocalDate forecastTo,
            SplittableRandom random,
            LocalDate[] shipDay) {
        Map<LocalDate, List<Integer>> planned = new HashMap<>();
        LocalDate first = today;
        LocalDate last = forecastTo;
        for (int ref : legs) {
            LocalDate day = orders.get(legRefs.get(ref)[0])
                    .legs()
                    .get(legRefs.get(ref)[1])
                    .plannedShipDay();
            planned.computeIfAbsent(day, key -> new ArrayList<>()).add(ref);
            first = day.isBefore(first) ? day : first;
            last = day.isAfter(last) ? day : last;
        }
        LocalDate stop = last.plusDays(DRAIN_DAYS);
        // A waiting parcel: a leg (>= 0) or a forecast order, encoded as -(epoch day it arrived) - 1.
        ArrayDeque<Long> waiting = new ArrayDeque<>();
        long forecastOrders = 0;
        long forecastDelayed = 0;
        int placed = 0;
        for (LocalDate day = first; !day.isAfter(stop); day = day.plusDays(1)) {
            List<Long> arriving = new ArrayList<>();
            List<Integer> due = planned.get(day);
            if (due != null) {
                due.forEach(ref -> arriving.add((long) ref));
                placed += due.size();
            }
            if (!day.isBefore(forecastFrom) && !day.isAfter(forecastTo)) {
                long count = forecastOrders(location, demand, disruptions, day, random);
                for (long i = 0; i < count; i++) {
                    arriving.add(-day.toEpochDay() - 1);
                }
                forecastOrders += count;
            }
            for (int i = arriving.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Long swap = arriving.get(i);
                arriving.set(i, arriving.get(j));
                arriving.set(j, swap);
            }
            waiting.addAll(arriving);
            long slots = slots(location, calendar, disruptions, day);
            while (slots > 0 && !waiting.isEmpty()) {
                long parcel = waiting.poll();
                if (parcel >= 0) {
                    shipDay[(int) parcel] = day;
                } else if (-parcel - 1 < day.toEpochDay()) {
                    forecastDelayed++;
                }
                slots--;
            }
            if (placed == legs.size() && waiting.isEmpty() && day.isAfter(last)) {
                break;
            }
        }
        for (Long parcel : waiting) {
            if (parcel >= 0) {
                shipDay[(int) (long) parcel] = stop.plusDays(1);
            } else {
                forecastDelayed++;
            }
        }
        return new long[] {forecastOrders, forecastDelayed};
    }

    /** Orders a location may ship on a day: none off its calendar or while closed, its capacity scaled, or unlimited. */
    static long slots(String location, @Nullable Calendar calendar, List<Disruption> disruptions, LocalDate day) {
        if (calendar != null
                && (!calendar.workingDays().contains(day.getDayOfWeek())
                        || calendar.holidays().contains(day))) {
            return 0;
        }
        int percent = 100;
        for (Disruption disruption : disruptions) {
            if (disruption.limits(location) && disruption.covers(day)) {
                if (disruption.type().equals(Disruption.LOCATION_CLOSED)) {
                    return 0;
                }
                percent = Math.min(percent, java.util.Objects.requireNonNullElse(disruption.capacityPercent(), 100));
            }
        }
        Integer capacity = calendar == null ? null : calendar.capacity();
        if (capacity == null) {
            return Long.MAX_VALUE;
        }
        return (long) Math.floor(capacity * percent / 100.0);
    }

    /** A day's forecast orders at a location: per SKU, normal around its mean (times a surge in force), never below 0. */
    private static long forecastOrders(
            String location,
            List<Demand> demand,
            List<Disruption> disruptions,
            LocalDate day,
            SplittableRandom random) {
        long count = 0;
        for (Demand series : demand) {
            Double mean = series.dailyMean().get(day);
            if (mean == null || mean <= 0) {
                continue;
            }
            double factor = 1;
            for (Disruption disruption : disruptions) {
                if (disruption.surges(location, series.sku()) && disruption.covers(day)) {
                    factor *= java.util.Objects.requireNonNullElse(disruption.factor(), 1.0);
                }
            }
            double drawn = factor * (mean + series.dailyStdDev() * random.nextGaussian());
            count += Math.max(0, Math.round(drawn));
        }
        return count;
    }
}

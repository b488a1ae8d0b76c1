package dev.fulcrum.pulse;

import dev.fulcrum.order.OrderFigures;
import dev.fulcrum.pulse.internal.AcknowledgementStore;
import dev.fulcrum.pulse.internal.Agreement;
import dev.fulcrum.pulse.internal.Histogram;
import dev.fulcrum.pulse.internal.Metrics;
import dev.fulcrum.pulse.internal.PulseMinutes;
import dev.fulcrum.shared.OrderId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order pulse of the current tenant: its figures over a window, aggregated on read from the minutes the pulse job
 * stores, the points of its charts, and the orders behind a figure. Reads only; see docs/guide/pulse.md.
 */
@Component
public class OrderPulse {

    /** The longest window a report covers: the 90 days the minutes are kept. */
    public static final Duration MAX_WINDOW = Duration.ofDays(90);

    /** The most disagreeing orders a report lists. */
    public static final int MAX_DISAGREEING = 100;

    /** The most acknowledgements a report compares with Fulcrum's statuses (the newest of the window). */
    static final int MAX_ACKS = 10_000;

    /** The hold types a report always shows, with 0 when none was placed. */
    static final List<String> HOLD_TYPES = List.of("payment", "risk", "compliance", "approval", "manual");

    private final PulseMinutes minutes;
    private final AcknowledgementStore acknowledgements;
    private final OrderFigures orders;
    private final Clock clock;

    OrderPulse(PulseMinutes minutes, AcknowledgementStore acknowledgements, OrderFigures orders, Clock clock) {
        this.minutes = minutes;
        this.acknowledgements = acknowledgements;
        this.orders = orders;
        this.clock = clock;
    }

    /** The figures of the last {@code window} up to now, of one channel or (null) the whole tenant. */
    @Transactional(readOnly = true)
    public PulseReport report(Duration window, @Nullable String channel) {
        return report(clock.instant(), window, channel, true);
    }

    /**
     * The figures of [to - window, to). With {@code details}, consistency is compared live and lists the disagreeing
     * orders, and the open late orders are counted; without, consistency comes from the stored minutes and open late
     * orders are not counted (0), which is what the pulse job needs every few seconds.
     */
    @Transactional(readOnly = true)
    public PulseReport report(Instant to, Duration window, @Nullable String channel, boolean details) {
        Instant from = to.minus(window);
        Map<String, PulseMinutes.Sum> sums = minutes.sums(from.truncatedTo(ChronoUnit.MINUTES), to, channel);
        PulseReport.Consistency consistency = details ? liveConsistency(from, to) : storedConsistency(sums);
        long openLate = details ? orders.openLate(LocalDate.ofInstant(to, ZoneOffset.UTC), channel) : 0;
        return figures(window.toString(), from, to, channel, sums, consistency, openLate);
    }

    private static PulseReport figures(
            String window,
            Instant from,
            Instant to,
            @Nullable String channel,
            Map<String, PulseMinutes.Sum> sums,
            PulseReport.Consistency consistency,
            long openLate) {
        long orders = count(sums, Metrics.ORDERS);
        long held = count(sums, Metrics.HELD);
        long rejected = count(sums, Metrics.REJECTED);
        Set<String> types = new LinkedHashSet<>(HOLD_TYPES);
        sums.keySet().stream()
                .filter(metric -> metric.startsWith(Metrics.HELD + "."))
                .map(metric -> metric.substring(Metrics.HELD.length() + 1))
                .sorted()
                .forEach(types::add);
        Map<String, PulseReport.HoldFigure> byType = new LinkedHashMap<>();
        for (String type : types) {
            long count = count(sums, Metrics.held(type));
            byType.put(type, new PulseReport.HoldFigure(count, share(count, orders)));
        }
        long decided = count(sums, Metrics.SOURCED);
        long fallback = count(sums, Metrics.SOURCED_FALLBACK);
        long needsPerson = count(sums, Metrics.SOURCED_NEEDS_PERSON);
        long changes = count(sums, Metrics.CHANGES_BY_CUSTOMER);
        long cancellations = count(sums, Metrics.CANCELLATIONS_BY_CUSTOMER);
        long quarantined = rejected;
        long backorders = count(sums, Metrics.BACKORDERS);
        long deadWebhooks = count(sums, Metrics.DEAD_WEBHOOKS);
        long deadStatusReports = count(sums, Metrics.DEAD_STATUS_REPORTS);
        // TODO(rules): count the rules module's failed actions here once it publishes a query for them.
        long failedRuleActions = 0;
        long delivered = count(sums, Metrics.DELIVERED);
        long onTime = count(sums, Metrics.DELIVERED_ON_TIME);
        return new PulseReport(
                window,
                from,
                to,
                channel,
                orders,
                new PulseReport.Freshness(
                        latency(sums.get(Metrics.FRESHNESS_INTAKE)), latency(sums.get(Metrics.FRESHNESS_DOWNSTREAM))),
                consistency,
                new PulseReport.Interception(
                        orders,
                        held,
                        rejected,
                        share(Math.min(held, orders) + rejected, orders + rejected),
                        share(Math.min(held, orders), orders),
                        byType),
                new PulseReport.StrategyCoverage(
                        decided,
                        decided - fallback,
                        fallback,
                        share(decided - fallback, decided),
                        needsPerson,
                        share(needsPerson, decided)),
                new PulseReport.CustomerIntervention(
                        orders,
                        changes,
                        cancellations,
                        orders == 0 ? null : 100.0 * (changes + cancellations) / orders),
                new PulseReport.Exceptions(
                        quarantined,
                        backorders,
                        deadWebhooks,
                        deadStatusReports,
                        failedRuleActions,
                        quarantined + backorders + deadWebhooks + deadStatusReports + failedRuleActions),
                new PulseReport.PromiseKept(delivered, onTime, share(onTime, delivered), openLate));
    }

    private PulseReport.Consistency liveConsistency(Instant from, Instant to) {
        List<AcknowledgementStore.Stored> acks = acknowledgements.received(from, to, MAX_ACKS);
        Map<OrderId, String> statuses = orders.statuses(
                acks.stream().map(AcknowledgementStore.Stored::orderId).toList());
        Set<OrderId> acknowledged = new LinkedHashSet<>();
        Set<OrderId> disagreeingOrders = new LinkedHashSet<>();
        List<PulseReport.Disagreement> disagreeing = new ArrayList<>();
        for (AcknowledgementStore.Stored ack : acks) {
            String status = statuses.get(ack.orderId());
            if (status == null) {
                continue;
            }
            acknowledged.add(ack.orderId());
            if (!Agreement.agrees(ack.status(), status)) {
                disagreeingOrders.add(ack.orderId());
                if (disagreeing.size() < MAX_DISAGREEING) {
                    disagreeing.add(new PulseReport.Disagreement(
                            ack.orderId().value(), status, ack.system(), ack.status(), ack.at()));
                }
            }
        }
        long agreeing = (long) acknowledged.size() - disagreeingOrders.size();
        return new PulseReport.Consistency(
                acknowledged.size(), agreeing, share(agreeing, acknowledged.size()), List.copyOf(disagreeing));
    }

    private static PulseReport.Consistency storedConsistency(Map<String, PulseMinutes.Sum> sums) {
        long acks = count(sums, Metrics.ACKS);
        long agreeing = acks - count(sums, Metrics.ACKS_DISAGREEING);
        return new PulseReport.Consistency(acks, agreeing, share(agreeing, acks), List.of());
    }

    /** One point of the dashboard's charts: the figures of one step. */
    public record Point(Instant at, PulseReport figures) {}

    /** The figures of the last {@code window} in about 60 steps of whole minutes, oldest first. */
    @Transactional(readOnly = true)
    public List<Point> chart(Duration window, @Nullable String channel) {
        Instant to = clock.instant();
        Duration step = Duration.ofMinutes(Math.max(1, window.toMinutes() / 60));
        Instant from = to.minus(window).truncatedTo(ChronoUnit.MINUTES);
        Map<Instant, Map<String, PulseMinutes.Sum>> steps = minutes.steps(from, to, step, channel);
        List<Point> points = new ArrayList<>(steps.size());
        steps.forEach((at, sums) -> points.add(
                new Point(at, figures(step.toString(), at, at.plus(step), channel, sums, storedConsistency(sums), 0))));
        return points;
    }

    /** The channels with figures in the last {@code window}. */
    @Transactional(readOnly = true)
    public List<String> channels(Duration window) {
        Instant to = clock.instant();
        return minutes.channels(to.minus(window), to);
    }

    /**
     * The orders behind the interception figure: those that got a hold of {@code type} (any when null) in the last
     * {@code window} and are still held, newest first.
     */
    @Transactional(readOnly = true)
    public List<OrderId> heldOrders(@Nullable String type, Duration window, @Nullable String channel, int limit) {
        Instant to = clock.instant();
        return orders.heldOrders(type, to.minus(window), to.plusSeconds(1), channel, limit);
    }

    /** The orders not delivered and past their {@code deliverBy}, most overdue first. */
    @Transactional(readOnly = true)
    public List<OrderId> openLateOrders(@Nullable String channel, int limit) {
        return orders.openLateOrders(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), channel, limit);
    }

    private static PulseReport.Latency latency(PulseMinutes.@Nullable Sum sum) {
        if (sum == null || sum.count() == 0) {
            return new PulseReport.Latency(0, null, null, null, null);
        }
        long[] buckets = sum.buckets();
        return new PulseReport.Latency(
                sum.count(),
                Histogram.quantile(buckets, 0.50),
                Histogram.quantile(buckets, 0.95),
                Histogram.quantile(buckets, 0.99),
                sum.total() / sum.count());
    }

    private static long count(Map<String, PulseMinutes.Sum> sums, String metric) {
        PulseMinutes.Sum sum = sums.get(metric);
        return sum == null ? 0 : sum.count();
    }

    private static @Nullable Double share(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}

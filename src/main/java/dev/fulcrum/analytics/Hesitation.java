package dev.fulcrum.analytics;

import dev.fulcrum.analytics.internal.OrderBaskets;
import dev.fulcrum.analytics.internal.OrderFacts;
import dev.fulcrum.analytics.internal.ReportRunner;
import dev.fulcrum.order.OrderLine;
import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.order.OrderSummary;
import dev.fulcrum.shared.OrderId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Hesitant buyers: orders cancelled before payment or before shipping, unpaid orders that expired (still waiting for
 * payment longer than {@code fulcrum.analytics.unpaid-expiry}, or cancelled with a reason about expiry), the time
 * buyers take to pay, and customers who cancel and then order again; with the SKUs and reasons most involved.
 */
@Service
public class Hesitation {

    /** The status filter of unpaid orders (a filter, as the order list takes it; no decision about the order). */
    private static final OrderStatus WAITING_FOR_PAYMENT = OrderStatus.fromWireName("pending_payment");

    /** The most cancellations and the most expired orders one report reads; a period holding more is refused. */
    public static final int DEFAULT_MAX_ORDERS = 20_000;

    /** The most cancelling customers whose later orders one report looks up (one query each). */
    public static final int MAX_CUSTOMERS = 200;

    /** The SKUs, reasons and customers a report lists. */
    public static final int TOP = 10;

    private final OrderFacts facts;
    private final OrderBaskets orders;
    private final ReportRunner runner;
    private final Clock clock;
    private final Duration unpaidExpiry;
    private final int maxOrders;

    Hesitation(
            OrderFacts facts,
            OrderBaskets orders,
            ReportRunner runner,
            Clock clock,
            @Value("${fulcrum.analytics.unpaid-expiry:${fulcrum.sourcing.unpaid-reservation-ttl:PT30M}}")
                    Duration unpaidExpiry,
            @Value("${fulcrum.analytics.max-orders:" + DEFAULT_MAX_ORDERS + "}") int maxOrders) {
        this.facts = facts;
        this.orders = orders;
        this.runner = runner;
        this.clock = clock;
        this.unpaidExpiry = unpaidExpiry;
        this.maxOrders = maxOrders;
    }

    /** A count per name (SKU, reason, stage), most first. */
    public record Count(String name, int count) {}

    /** Minutes from placing to paying of the orders paid after they were placed unpaid; null without any. */
    public record TimeToPay(
            int orders,
            @Nullable Double p50Minutes,
            @Nullable Double p90Minutes) {}

    /** A customer who cancelled an order and placed another afterwards. */
    public record Reorder(String customer, OrderId cancelledOrder, OrderId nextOrder, double hoursBetween) {}

    /**
     * The report for [from, to): cancellations by stage ({@code before_payment}, {@code before_shipping},
     * {@code after_shipping}), expired unpaid orders, time to pay (minutes, p50 and p90, of orders paid after they were
     * placed unpaid), customers who cancelled and how many of them ordered again (looked up for the first
     * {@value #MAX_CUSTOMERS} by their first cancellation, {@code customersLookedUp}), and the SKUs and reasons most
     * involved.
     */
    public record Report(
            Instant from,
            Instant to,
            int cancelled,
            List<Count> cancelledByStage,
            int expiredUnpaid,
            Duration unpaidExpiry,
            TimeToPay timeToPay,
            int customersWhoCancelled,
            int customersLookedUp,
            int customersWhoReordered,
            List<Reorder> reorders,
            List<Count> skus,
            List<Count> reasons,
            Instant computedAt) {}

    public Report report(Instant from, Instant to) {
        return runner.report("hesitation|" + from + "|" + to, () -> compute(from, to));
    }

    private Report compute(Instant from, Instant to) {
        List<OrderFacts.Cancellation> cancellations = facts.cancellations(from, to, maxOrders + 1);
        if (cancellations.size() > maxOrders) {
            throw Bundles.tooManyOrders(maxOrders);
        }
        Map<String, Integer> stages = new LinkedHashMap<>();
        List.of("before_payment", "before_shipping", "after_shipping").forEach(stage -> stages.put(stage, 0));
        Map<String, Integer> skus = new HashMap<>();
        Map<String, Integer> reasons = new HashMap<>();
        int expired = 0;
        for (OrderFacts.Cancellation cancellation : cancellations) {
            stages.merge(cancellation.stage(), 1, Integer::sum);
            cancellation.skus().forEach(sku -> skus.merge(sku, 1, Integer::sum));
            String reason =
                    cancellation.reason() == null || cancellation.reason().isBlank()
                            ? "(none)"
                            : cancellation.reason().strip();
            reasons.merge(reason, 1, Integer::sum);
            if (reason.toLowerCase(Locale.ROOT).contains("expir")) {
                expired++;
            }
        }
        // Orders still waiting for payment well past the unpaid reservation's lifetime: the buyer walked away.
        Instant expiredBefore = clock.instant().minus(unpaidExpiry);
        Instant placedTo = to.isBefore(expiredBefore) ? to : expiredBefore;
        int[] waiting = {0};
        if (placedTo.isAfter(from)) {
            boolean more = orders.each(WAITING_FOR_PAYMENT, null, from, placedTo, maxOrders, order -> {
                waiting[0]++;
                order.lines().stream().map(OrderLine::sku).distinct().forEach(sku -> skus.merge(sku, 1, Integer::sum));
            });
            if (more) {
                throw Bundles.tooManyOrders(maxOrders);
            }
        }
        expired += waiting[0];
        if (waiting[0] > 0) {
            reasons.merge("unpaid, expired", waiting[0], Integer::sum);
        }
        Map<String, OrderFacts.Cancellation> firstCancellation = new LinkedHashMap<>();
        cancellations.stream()
                .filter(cancellation -> cancellation.customer() != null)
                .sorted(Comparator.comparing(OrderFacts.Cancellation::at))
                .forEach(cancellation -> firstCancellation.putIfAbsent(
                        java.util.Objects.requireNonNull(cancellation.customer()), cancellation));
        List<Reorder> reorders = new ArrayList<>();
        int looked = 0;
        for (Map.Entry<String, OrderFacts.Cancellation> entry : firstCancellation.entrySet()) {
            if (looked >= MAX_CUSTOMERS) {
                break;
            }
            looked++;
            OrderFacts.Cancellation cancellation = entry.getValue();
            OrderId cancelled = new OrderId(cancellation.orderId());
            OrderSummary next = orders.orderedAgain(entry.getKey(), cancellation.at(), cancelled);
            if (next != null) {
                reorders.add(new Reorder(
                        entry.getKey(),
                        cancelled,
                        next.id(),
                        Duration.between(cancellation.at(), next.placedAt()).toMinutes() / 60.0));
            }
        }
        return new Report(
                from,
                to,
                cancellations.size(),
                stages.entrySet().stream()
                        .map(entry -> new Count(entry.getKey(), entry.getValue()))
                        .toList(),
                expired,
                unpaidExpiry,
                timeToPay(facts.timeToPay(from, to)),
                firstCancellation.size(),
                looked,
                reorders.size(),
                reorders.stream().limit(TOP).toList(),
                top(skus),
                top(reasons),
                clock.instant());
    }

    private static TimeToPay timeToPay(OrderFacts.TimeToPay paid) {
        return new TimeToPay(paid.orders(), paid.p50Minutes(), paid.p90Minutes());
    }

    private static List<Count> top(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP)
                .map(entry -> new Count(entry.getKey(), entry.getValue()))
                .toList();
    }
}

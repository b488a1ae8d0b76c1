package dev.fulcrum.analytics;

import dev.fulcrum.analytics.internal.FpGrowth;
import dev.fulcrum.analytics.internal.OrderBaskets;
import dev.fulcrum.analytics.internal.ReportRunner;
import dev.fulcrum.shared.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Bundles: which SKUs sell together, as association rules over the orders of a period, found by FP-growth per channel.
 * For a rule "A → B" over a channel's n orders: support = orders with A and B / n, confidence = orders with A and B /
 * orders with A, lift = confidence / (orders with B / n). Orders cancelled whole and cancelled lines are left out.
 */
@Service
public class Bundles {

    /** The most orders one report reads; a period holding more is refused (configurable). */
    public static final int DEFAULT_MAX_ORDERS = 20_000;

    /** The most items a rule names (antecedent and consequent together). */
    public static final int MAX_ITEMS = 3;

    private final OrderBaskets baskets;
    private final ReportRunner runner;
    private final Clock clock;
    private final int maxOrders;

    Bundles(
            OrderBaskets baskets,
            ReportRunner runner,
            Clock clock,
            @Value("${fulcrum.analytics.max-orders:" + DEFAULT_MAX_ORDERS + "}") int maxOrders) {
        this.baskets = baskets;
        this.runner = runner;
        this.clock = clock;
        this.maxOrders = maxOrders;
    }

    /**
     * What to look for: orders placed in [from, to), rules with at least {@code minSupport} and {@code minConfidence},
     * on one channel or each ({@code channel} null), at most {@code limit} rules per channel.
     */
    public record Query(
            Instant from,
            Instant to,
            double minSupport,
            double minConfidence,
            @Nullable String channel,
            int limit) {}

    /** "Orders with {@code antecedent} also hold {@code consequent}" in {@code orders} of the channel's orders. */
    public record Rule(
            List<String> antecedent, String consequent, int orders, double support, double confidence, double lift) {}

    /** One channel's orders read and its strongest rules (by lift); {@code rulesFound} before the limit. */
    public record ChannelRules(String channel, int orders, int rulesFound, List<Rule> rules) {}

    /** The report: per channel its rules; {@code orders} read in all, never more than {@code maxOrders}. */
    public record Report(
            Instant from,
            Instant to,
            double minSupport,
            double minConfidence,
            @Nullable String channel,
            int orders,
            int maxOrders,
            List<ChannelRules> channels,
            Instant computedAt) {}

    /** The refusal of a period holding more orders than one report reads. */
    static ApiProblem tooManyOrders(int maxOrders) {
        return ApiProblem.invalid(
                "from",
                "the period holds more than " + maxOrders + " orders, the most one report reads "
                        + "(fulcrum.analytics.max-orders): narrow from and to, or name a channel");
    }

    /** The report for the current tenant, computed in the background (or from the cache: ADR 0130). */
    public Report report(Query query) {
        return runner.report("bundles|" + query, () -> compute(query));
    }

    private Report compute(Query query) {
        OrderBaskets.Read read = baskets.read(query.channel(), query.from(), query.to(), maxOrders);
        if (read.truncated()) {
            // The whole period or nothing (docs/guide/limits.md): a sample would skew support toward the newest orders.
            throw tooManyOrders(maxOrders);
        }
        Map<String, List<java.util.Set<String>>> byChannel = new TreeMap<>();
        read.baskets()
                .forEach(basket -> byChannel
                        .computeIfAbsent(basket.channel(), any -> new ArrayList<>())
                        .add(basket.skus()));
        List<ChannelRules> channels = new ArrayList<>();
        byChannel.forEach((channel, orders) -> {
            int minCount = (int) Math.max(1, Math.ceil(query.minSupport() * orders.size() - 1e-9));
            List<FpGrowth.Rule> rules = FpGrowth.rules(
                    FpGrowth.frequentItemsets(orders, minCount, MAX_ITEMS), orders.size(), query.minConfidence());
            channels.add(new ChannelRules(
                    channel,
                    orders.size(),
                    rules.size(),
                    rules.stream()
                            .limit(query.limit())
                            .map(rule -> new Rule(
                                    rule.antecedent(),
                                    rule.consequent(),
                                    rule.count(),
                                    rule.support(),
                                    rule.confidence(),
                                    rule.lift()))
                            .toList()));
        });
        return new Report(
                query.from(),
                query.to(),
                query.minSupport(),
                query.minConfidence(),
                query.channel(),
                read.baskets().size(),
                maxOrders,
                channels,
                clock.instant());
    }
}

package dev.fulcrum.analytics.internal;

import dev.fulcrum.order.OrderLine;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderPage;
import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.order.OrderSummary;
import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The orders of a period, newest first, read through the order module's API in pages of {@value #PAGE} (one list and
 * one load of their lines per page), at most a given number: a report is bounded however many orders there are.
 */
@Component
public class OrderBaskets {

    static final int PAGE = 500;

    private final OrderManagement orders;

    OrderBaskets(OrderManagement orders) {
        this.orders = orders;
    }

    /** One order's channel, customer and the distinct SKUs it still buys (lines not cancelled). */
    public record Basket(OrderId orderId, String channel, Set<String> skus) {}

    /** The baskets read and whether more orders of the period were left unread (the cap). */
    public record Read(List<Basket> baskets, boolean truncated) {}

    /** Orders not cancelled placed in [from, to) on {@code channel} (null: any), the newest {@code max}. */
    public Read read(@Nullable String channel, @Nullable Instant from, @Nullable Instant to, int max) {
        List<Basket> baskets = new ArrayList<>();
        boolean truncated = each(null, channel, from, to, max, order -> {
            if (order.status().isCancelled()) {
                return;
            }
            Set<String> skus = new TreeSet<>();
            for (OrderLine line : order.lines()) {
                if (line.quantities().ordered() - line.quantities().cancelled() > 0) {
                    skus.add(line.sku());
                }
            }
            if (!skus.isEmpty()) {
                baskets.add(new Basket(order.id(), order.channel(), skus));
            }
        });
        return new Read(baskets, truncated);
    }

    /**
     * Hands every order of the query to {@code each}, newest first, at most {@code max}; returns whether more were
     * left unread.
     */
    public boolean each(
            @Nullable OrderStatus status,
            @Nullable String channel,
            @Nullable Instant from,
            @Nullable Instant to,
            int max,
            java.util.function.Consumer<dev.fulcrum.order.Order> each) {
        OrderQuery.Position after = null;
        int read = 0;
        while (read < max) {
            OrderPage page = orders.list(
                    new OrderQuery(status, channel, null, from, to, null, null, after, Math.min(PAGE, max - read)));
            List<OrderId> ids = page.items().stream().map(OrderSummary::id).toList();
            if (!ids.isEmpty()) {
                orders.findAll(ids).forEach(each);
            }
            read += ids.size();
            after = page.next();
            if (after == null) {
                return false;
            }
        }
        return true;
    }

    /** Whether the customer placed an order other than {@code except} from {@code since} on; the first such, if any. */
    public @Nullable OrderSummary orderedAgain(String customer, Instant since, OrderId except) {
        OrderPage page = orders.list(new OrderQuery(null, null, customer, since, null, null, null, null, 20));
        return page.items().stream()
                .filter(order -> !order.id().equals(except))
                .min(java.util.Comparator.comparing(OrderSummary::placedAt))
                .orElse(null);
    }
}

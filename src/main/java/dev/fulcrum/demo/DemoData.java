package dev.fulcrum.demo;

import dev.fulcrum.demo.DemoOrders.DemoOrder;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the demo orders into a tenant through the order API, as the actor {@code demo}: each order is placed as its
 * channel would send it and then paid, held, shipped, delivered or cancelled as far as its story goes, so the
 * timeline and the public event log are as real as for any other order.
 */
@Service
public class DemoData {

    /** How many orders a load places. */
    public static final int ORDER_COUNT = 300;

    static final String ACTOR = "demo";

    private final OrderManagement orders;
    private final TransactionTemplate transactions;
    private final Clock clock;

    DemoData(OrderManagement orders, PlatformTransactionManager transactionManager, Clock clock) {
        this.orders = orders;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Fills the tenant with demo orders unless it already has orders. Everything happens in one transaction, so a
     * load interrupted halfway leaves nothing behind and the next start tries again.
     *
     * @return how many orders were placed: {@link #ORDER_COUNT}, or 0 when the tenant already had orders
     */
    public int load(TenantId tenant) {
        return RequestContext.runAs(
                tenant,
                ACTOR,
                () -> transactions.execute(status -> {
                    if (!orders.list(OrderQuery.all(1)).items().isEmpty()) {
                        return 0;
                    }
                    List<DemoOrder> demoOrders = new DemoOrders(DemoOrders.SEED, clock.instant()).generate(ORDER_COUNT);
                    for (DemoOrder demoOrder : demoOrders) {
                        play(demoOrder);
                    }
                    return demoOrders.size();
                }));
    }

    private void play(DemoOrder demo) {
        Order order = orders.place(demo.order());
        boolean chinese = demo.order().shippingAddress().country().equals("CN");
        switch (demo.fate()) {
            case PENDING_PAYMENT -> {}
            case CANCELLED_UNPAID -> orders.cancel(order.id(), chinese ? "超时未支付" : "payment not received in time");
            case PAID -> pay(order, demo);
            case MANUAL_HOLD -> {
                pay(order, demo);
                orders.hold(order.id(), "manual", chinese ? "客户来电要求暂缓发货" : "customer asked us to wait before shipping");
            }
            case ADDRESS_HOLD -> {
                pay(order, demo);
                orders.hold(order.id(), "address", chinese ? "地址不完整，待客户确认" : "address incomplete, asked the customer");
            }
            case CANCELLED_PAID -> {
                pay(order, demo);
                orders.cancel(order.id(), chinese ? "客户要求取消" : "customer changed their mind");
            }
            case PARTIALLY_SHIPPED -> {
                pay(order, demo);
                shipFirstLine(order, demo);
            }
            case SHIPPED -> {
                pay(order, demo);
                shipEverything(order, demo);
            }
            case PARTIALLY_DELIVERED -> {
                pay(order, demo);
                shipFirstLine(order, demo);
                shipEverything(order, demo);
                orders.deliver(
                        order.id(),
                        List.of(new LineQuantity(
                                1, null, order.lines().getFirst().quantity())));
            }
            case COMPLETED -> {
                pay(order, demo);
                if (!order.channel().equals("store")) {
                    shipEverything(order, demo);
                    orders.deliver(order.id(), List.of());
                } else {
                    // Bought over the counter: handed over at once.
                    orders.ship(order.id(), List.of(), null, null);
                    orders.deliver(order.id(), List.of());
                }
            }
        }
    }

    private void pay(Order order, DemoOrder demo) {
        if (order.payment() == null || !order.payment().isCaptured()) {
            orders.pay(order.id(), demo.paymentMethod(), null);
        }
    }

    private void shipFirstLine(Order order, DemoOrder demo) {
        orders.ship(
                order.id(),
                List.of(new LineQuantity(1, null, order.lines().getFirst().quantity())),
                demo.carrier(),
                tracking(order, demo, 1));
    }

    private void shipEverything(Order order, DemoOrder demo) {
        orders.ship(order.id(), List.of(), demo.carrier(), tracking(order, demo, 2));
    }

    private static String tracking(Order order, DemoOrder demo, int parcel) {
        long digits = Math.abs(order.externalId().hashCode() * 31L + parcel) % 1_000_000_000_000L;
        return demo.carrier().toUpperCase(Locale.ROOT) + String.format(Locale.ROOT, "%012d", digits);
    }
}

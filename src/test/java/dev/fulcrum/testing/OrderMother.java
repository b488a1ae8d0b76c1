package dev.fulcrum.testing;

import dev.fulcrum.order.ActionOutcome;
import dev.fulcrum.order.Address;
import dev.fulcrum.order.Customer;
import dev.fulcrum.order.FlowRef;
import dev.fulcrum.order.FlowRules;
import dev.fulcrum.order.Hold;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.NewOrderLine;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderAction;
import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.order.Payment;
import dev.fulcrum.shared.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Orders for tests: as domain objects ({@link NewOrder}, and placed {@link Order}s in every status, built without
 * Spring or a database), and as documents channels send (data contract v1).
 */
public final class OrderMother {

    /** When the orders of this mother are placed. */
    public static final Instant PLACED_AT = Instant.parse("2026-11-20T10:00:00Z");

    /** The standard flow, version 1, as a reference; the mother's orders run on it. */
    public static final FlowRef STANDARD_FLOW = new FlowRef("standard", 1);

    /** A flow that allows everything and does nothing more: for moving an order into the state a test needs. */
    private static final FlowRules ANYTHING_GOES = (order, action) -> new FlowRules.Allowed(null, changed -> changed);

    private OrderMother() {}

    /** A paid order of two lines: 2 × TEA-001 and 1 × CUP-002, in CNY, to Shanghai. */
    public static NewOrder newPaidOrder() {
        return newOrder(new Payment("captured", "alipay", Money.of("197.00", "CNY")));
    }

    /** The same two lines, waiting for payment. */
    public static NewOrder newUnpaidOrder() {
        return newOrder(null);
    }

    private static NewOrder newOrder(@Nullable Payment payment) {
        Customer customer = new Customer("C-77", "王芳", "wang@example.com", "+86 138 0000 0000");
        Address shanghai =
                new Address("王芳", "+86 138 0000 0000", "人民路 1 号", null, "上海", "SH", "200001", "CN", 31.23, 121.47);
        return new NewOrder(
                "web",
                "W-" + UUID.randomUUID(),
                "CNY",
                PLACED_AT,
                customer,
                shanghai,
                null,
                List.of(
                        new NewOrderLine(
                                "TEA-001", 2, Money.of("59.00", "CNY"), Money.of("5.00", "CNY"), Money.of("0", "CNY")),
                        new NewOrderLine("CUP-002", 1, Money.of("84.00", "CNY"))),
                payment,
                null,
                List.of("vip"),
                Map.of("campaign", "double-11"));
    }

    /**
     * A paid order in yen, which has no minor unit: 2 × TEA-001 at ¥1500 and 1 × CUP-002 at ¥1000, with a ¥333 coupon
     * shared across the lines by {@link #shareDiscount} (¥250 and ¥83) and 10 % consumption tax on what is left
     * (¥275 and ¥92). Lines total ¥3025 and ¥1009; the order ¥4034.
     */
    public static NewOrder newYenOrder() {
        return newOrderIn(
                "JPY",
                shareDiscount(
                        Money.of("333", "JPY"),
                        List.of(
                                new NewOrderLine("TEA-001", 2, Money.of("1500", "JPY")),
                                new NewOrderLine("CUP-002", 1, Money.of("1000", "JPY")))),
                List.of(Money.of("275", "JPY"), Money.of("92", "JPY")));
    }

    /**
     * A paid order in Kuwaiti dinar, which has three decimals: 3 × TEA-001 at 12.345 KWD and 1 × CUP-002 at 4.500,
     * with a 1.000 KWD coupon shared across the lines (0.892 and 0.108) and tax of 1.807 and 0.220. Lines total
     * 37.950 and 4.612; the order 42.562.
     */
    public static NewOrder newDinarOrder() {
        return newOrderIn(
                "KWD",
                shareDiscount(
                        Money.of("1.000", "KWD"),
                        List.of(
                                new NewOrderLine("TEA-001", 3, Money.of("12.345", "KWD")),
                                new NewOrderLine("CUP-002", 1, Money.of("4.500", "KWD")))),
                List.of(Money.of("1.807", "KWD"), Money.of("0.220", "KWD")));
    }

    /**
     * Shares an order-level discount (a coupon) across lines in proportion to their gross amounts (unit price ×
     * quantity) with {@link Money#allocate}, so the line discounts add up to the coupon exactly.
     */
    public static List<NewOrderLine> shareDiscount(Money coupon, List<NewOrderLine> lines) {
        List<Money> shares = coupon.allocate(lines.stream()
                .map(line -> line.unitPrice().times(line.quantity()).minorUnits())
                .toList());
        List<NewOrderLine> discounted = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            NewOrderLine line = lines.get(i);
            discounted.add(new NewOrderLine(
                    line.sku(), line.quantity(), line.unitPrice(), shares.get(i), line.tax(), line.weightGrams()));
        }
        return List.copyOf(discounted);
    }

    /** A paid order in {@code currency} to Shanghai, with these lines and each line's tax. */
    private static NewOrder newOrderIn(String currency, List<NewOrderLine> lines, List<Money> taxes) {
        List<NewOrderLine> taxed = new java.util.ArrayList<>();
        Money total = Money.zero(java.util.Currency.getInstance(currency));
        for (int i = 0; i < lines.size(); i++) {
            NewOrderLine line = lines.get(i);
            NewOrderLine withTax = new NewOrderLine(
                    line.sku(), line.quantity(), line.unitPrice(), line.discount(), taxes.get(i), line.weightGrams());
            taxed.add(withTax);
            total = total.plus(withTax.unitPrice()
                    .times(withTax.quantity())
                    .minus(withTax.discount())
                    .plus(withTax.tax()));
        }
        NewOrder shape = newPaidOrder();
        return new NewOrder(
                shape.channel(),
                "W-" + UUID.randomUUID(),
                currency,
                PLACED_AT,
                shape.customer(),
                shape.shippingAddress(),
                null,
                taxed,
                new Payment("captured", "card", total),
                null,
                List.of(),
                Map.of());
    }

    /**
     * A placed order of {@link #newPaidOrder()}'s lines in the given status and without any hold (an unpaid order's
     * payment hold released): pending payment, paid, partially shipped (1 of 3 units shipped), shipped, completed or
     * cancelled.
     */
    public static Order orderThatIs(OrderStatus status) {
        Order unpaid = Order.placed(newUnpaidOrder(), STANDARD_FLOW, "test", PLACED_AT).toBuilder()
                .holds(List.of())
                .build();
        Order order = switch (status) {
            case PENDING_PAYMENT -> unpaid;
            case PAID -> moved(unpaid, new OrderAction.Pay("alipay", null));
            case PARTIALLY_SHIPPED ->
                moved(
                        orderThatIs(OrderStatus.PAID),
                        new OrderAction.Ship(List.of(new LineQuantity(1, null, 1)), "SF", null));
            case SHIPPED -> moved(orderThatIs(OrderStatus.PAID), new OrderAction.Ship(List.of(), "SF", null));
            case COMPLETED -> moved(orderThatIs(OrderStatus.SHIPPED), new OrderAction.Deliver(List.of()));
            case CANCELLED -> moved(orderThatIs(OrderStatus.PAID), new OrderAction.Cancel("changed mind"));
        };
        if (order.status() != status) {
            throw new IllegalStateException("the mother made a " + order.status() + " order, not " + status);
        }
        return order;
    }

    /** {@link #orderThatIs} with a manual hold on it. */
    public static Order heldOrderThatIs(OrderStatus status) {
        Order order = orderThatIs(status);
        return order.toBuilder()
                .holds(List.of(new Hold("manual", "checking the address", "ops", PLACED_AT)))
                .build();
    }

    private static Order moved(Order order, OrderAction action) {
        return switch (order.apply(action, ANYTHING_GOES, new OrderAction.Context("test", PLACED_AT, 2))) {
            case ActionOutcome.Applied applied -> applied.order();
            case ActionOutcome.Refused refused -> throw new IllegalStateException(refused.reason());
        };
    }

    /**
     * The order as a channel sends it over the API (data contract v1): the same fields, amounts as plain decimal
     * strings in the order's currency, so a test can build its order as a domain object and post it.
     */
    public static String document(NewOrder order) {
        return DOCUMENTS.writeValueAsString(order);
    }

    private static final tools.jackson.databind.json.JsonMapper DOCUMENTS =
            tools.jackson.databind.json.JsonMapper.builder()
                    .addModule(new tools.jackson.databind.module.SimpleModule()
                            .addSerializer(Money.class, new tools.jackson.databind.ValueSerializer<Money>() {
                                @Override
                                public void serialize(
                                        Money value,
                                        tools.jackson.core.JsonGenerator gen,
                                        tools.jackson.databind.SerializationContext ctxt) {
                                    gen.writeString(value.toPlainString());
                                }
                            }))
                    .build();

    /** The example order of the data contract, paid, with a unique external id. */
    public static String paidOrder() {
        return paidOrder("W-" + UUID.randomUUID());
    }

    public static String paidOrder(String externalId) {
        return """
                {"channel": "web", "externalId": "%s", "currency": "CNY", "placedAt": "2026-11-20T10:00:00Z",
                 "customer": {"id": "C-77", "name": "王芳", "email": "wang@example.com", "phone": "+86 138 0000 0000"},
                 "shippingAddress": {"name": "王芳", "phone": "+86 138 0000 0000", "line1": "人民路 1 号", "line2": null,
                   "city": "上海", "region": "SH", "postalCode": "200001", "country": "CN", "latitude": 31.23, "longitude": 121.47},
                 "lines": [{"sku": "TEA-001", "quantity": 2, "unitPrice": "59.00", "discount": "5.00", "tax": "0.00"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "113.00"},
                 "notes": "急用，送长辈", "tags": ["vip"], "attributes": {"campaign": "double-11"}}
                """.formatted(externalId);
    }

    /** An order with two lines that waits for payment. */
    public static String unpaidOrderWithTwoLines() {
        return """
                {"channel": "web", "externalId": "W-%s", "currency": "USD",
                 "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
                 "shippingAddress": {"name": "Ada Lovelace", "line1": "12 St James's Square", "city": "London",
                   "postalCode": "SW1Y 4JH", "country": "GB"},
                 "lines": [{"sku": "BOOK-1", "quantity": 1, "unitPrice": 20},
                           {"sku": "PEN-2", "quantity": 3, "unitPrice": "2.50", "tax": "1.50"}]}
                """.formatted(UUID.randomUUID());
    }
}

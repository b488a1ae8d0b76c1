package dev.fulcrum.order;

import dev.fulcrum.shared.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An order as the rules of the {@code order} data contract read it (the variable {@code order}): the fields of
 * {@link OrderContract} by their contract names, amounts as numbers, {@code placedAt} as a timestamp, and two values
 * Fulcrum derives, each line's {@code total} and the order's {@code linesTotal}. Absent values are left out, so that
 * a rule can ask {@code has(order.payment)}. {@code placedAt} stays an {@code Instant}, read by CEL as a timestamp.
 */
final class OrderContractView {

    /** The contract orders are checked against. */
    static final String CONTRACT = "order";

    private OrderContractView() {}

    static Map<String, Object> of(NewOrder order) {
        Map<String, Object> view = new HashMap<>(24);
        view.put("channel", order.channel());
        view.put("externalId", order.externalId());
        view.put("currency", order.currency());
        putIfPresent(view, "placedAt", order.placedAt());
        view.put("customer", customer(order.customer()));
        view.put("shippingAddress", address(order.shippingAddress()));
        Address billing = order.billingAddress();
        if (billing != null) {
            view.put("billingAddress", address(billing));
        }
        List<Map<String, Object>> lines = new ArrayList<>(order.lines().size());
        BigDecimal linesTotal = BigDecimal.ZERO;
        for (NewOrderLine line : order.lines()) {
            Money total = OrderLine.totalOf(line.quantity(), line.unitPrice(), line.discount(), line.tax());
            linesTotal = linesTotal.add(total.amount());
            lines.add(line(
                    line.sku(),
                    line.quantity(),
                    line.unitPrice(),
                    line.discount(),
                    line.tax(),
                    total,
                    line.weightGrams()));
        }
        view.put("lines", lines);
        view.put("linesTotal", linesTotal);
        putPayment(view, order.payment());
        putIfPresent(view, "notes", order.notes());
        view.put("tags", order.tags());
        view.put("attributes", order.attributes());
        return view;
    }

    static Map<String, Object> of(Order order) {
        Map<String, Object> view = new HashMap<>(24);
        view.put("channel", order.channel());
        view.put("externalId", order.externalId());
        view.put("currency", order.currency());
        view.put("placedAt", order.placedAt());
        view.put("customer", customer(order.customer()));
        view.put("shippingAddress", address(order.shippingAddress()));
        Address billing = order.billingAddress();
        if (billing != null) {
            view.put("billingAddress", address(billing));
        }
        List<Map<String, Object>> lines = new ArrayList<>(order.lines().size());
        BigDecimal linesTotal = BigDecimal.ZERO;
        for (OrderLine line : order.lines()) {
            linesTotal = linesTotal.add(line.total().amount());
            lines.add(line(
                    line.sku(),
                    line.quantity(),
                    line.unitPrice(),
                    line.discount(),
                    line.tax(),
                    line.total(),
                    line.weightGrams()));
        }
        view.put("lines", lines);
        view.put("linesTotal", linesTotal);
        putPayment(view, order.payment());
        putIfPresent(view, "notes", order.notes());
        view.put("tags", order.tags());
        view.put("attributes", order.attributes());
        return view;
    }

    private static Map<String, Object> customer(Customer customer) {
        Map<String, Object> view = new HashMap<>(8);
        putIfPresent(view, "id", customer.id());
        view.put("name", customer.name());
        putIfPresent(view, "email", customer.email());
        putIfPresent(view, "phone", customer.phone());
        return view;
    }

    private static Map<String, Object> address(Address address) {
        Map<String, Object> view = new HashMap<>(16);
        view.put("name", address.name());
        putIfPresent(view, "phone", address.phone());
        view.put("line1", address.line1());
        putIfPresent(view, "line2", address.line2());
        view.put("city", address.city());
        putIfPresent(view, "region", address.region());
        putIfPresent(view, "postalCode", address.postalCode());
        view.put("country", address.country());
        putIfPresent(view, "latitude", address.latitude());
        putIfPresent(view, "longitude", address.longitude());
        return view;
    }

    private static Map<String, Object> line(
            String sku,
            int quantity,
            Money unitPrice,
            Money discount,
            Money tax,
            Money total,
            @Nullable Double weightGrams) {
        Map<String, Object> view = new HashMap<>(12);
        view.put("sku", sku);
        view.put("quantity", quantity);
        view.put("unitPrice", unitPrice.amount());
        view.put("discount", discount.amount());
        view.put("tax", tax.amount());
        view.put("total", total.amount());
        putIfPresent(view, "weightGrams", weightGrams);
        return view;
    }

    private static void putPayment(Map<String, Object> view, @Nullable Payment payment) {
        if (payment == null) {
            return;
        }
        Map<String, Object> paid = new HashMap<>(4);
        paid.put("status", payment.status());
        putIfPresent(paid, "method", payment.method());
        Money amount = payment.amount();
        if (amount != null) {
            paid.put("amount", amount.amount());
        }
        view.put("payment", paid);
    }

    private static void putIfPresent(Map<String, Object> view, String key, @Nullable Object value) {
        if (value != null) {
            view.put(key, value);
        }
    }
}

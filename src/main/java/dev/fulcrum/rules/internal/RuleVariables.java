package dev.fulcrum.rules.internal;

import com.google.protobuf.Timestamp;
import dev.fulcrum.order.Flows;
import dev.fulcrum.order.Order;
import dev.fulcrum.rules.RuleField;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The variables of a rule's condition: {@code order} (the order as flows see it), {@code event} (type, id, time and
 * data of the triggering event), {@code customer} (history counts, computed only for conditions that use them) and
 * {@code now}.
 */
public final class RuleVariables {

    /** The fields the editor completes; the same names as {@link Flows#celView}. */
    public static final List<RuleField> FIELDS = List.of(
            new RuleField("order.id", "string", "the order id"),
            new RuleField("order.channel", "string", "the sales channel"),
            new RuleField("order.externalId", "string", "the channel's order number"),
            new RuleField("order.currency", "string", "ISO 4217 currency"),
            new RuleField("order.status", "string", "canonical status: created, paid, allocated, shipped, ..."),
            new RuleField("order.state", "string", "the state in its flow"),
            new RuleField("order.flow", "string", "the flow's name"),
            new RuleField("order.total", "double", "the order total"),
            new RuleField("order.tags", "list(string)", "the order's tags"),
            new RuleField("order.holds", "list(string)", "the types of the holds on the order"),
            new RuleField("order.paid", "bool", "whether the payment is captured"),
            new RuleField("order.payment.method", "string", "the payment method"),
            new RuleField("order.payment.amount", "double", "the amount paid"),
            new RuleField("order.attributes", "map(string, dyn)", "the order's attributes"),
            new RuleField("order.customer.id", "string", "the customer id"),
            new RuleField("order.customer.email", "string", "the customer's e-mail"),
            new RuleField("order.shippingAddress.country", "string", "ISO 3166 country of the shipping address"),
            new RuleField("order.shippingAddress.region", "string", "the region"),
            new RuleField("order.shippingAddress.city", "string", "the city"),
            new RuleField("order.quantities.ordered", "int", "units ordered"),
            new RuleField("order.quantities.open", "int", "units neither shipped nor cancelled"),
            new RuleField("order.quantities.shipped", "int", "units shipped"),
            new RuleField("order.lines", "list(map)", "lines with sku and quantity"),
            new RuleField("event.type", "string", "the triggering event type, for example order.paid"),
            new RuleField("event.id", "string", "the triggering event's id"),
            new RuleField("event.time", "string", "when the event happened (RFC 3339)"),
            new RuleField("event.data", "map(string, dyn)", "the event's data, as in docs/events.md"),
            new RuleField("customer.orders30d", "int", "orders of the order's customer placed in the last 30 days"),
            new RuleField("now", "timestamp", "the time the condition is evaluated"));

    private RuleVariables() {}

    public static Map<String, Object> of(
            @Nullable Order order,
            String eventType,
            UUID eventId,
            Instant eventTime,
            @Nullable JsonNode eventData,
            Supplier<Long> customerOrders30d,
            boolean needsCustomer,
            Instant now) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("order", order == null ? Map.of() : Flows.celView(order));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", eventType);
        event.put("id", eventId.toString());
        event.put("time", eventTime.toString());
        event.put("data", eventData == null ? Map.of() : cel(eventData));
        variables.put("event", event);
        variables.put(
                "customer", needsCustomer ? Map.of("orders30d", customerOrders30d.get()) : Map.of("orders30d", 0L));
        variables.put(
                "now",
                Timestamp.newBuilder()
                        .setSeconds(now.getEpochSecond())
                        .setNanos(now.getNano())
                        .build());
        return variables;
    }

    /** A JSON value as CEL wants it: whole numbers as int64, other numbers as double, objects as maps. */
    static Object cel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                map.put(field.getKey(), cel(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new java.util.ArrayList<>();
            node.forEach(element -> list.add(cel(element)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            return "";
        }
        String text = node.asString();
        // Amounts are decimal strings in events ("113.00"); they stay strings, as written.
        return text == null ? "" : text;
    }
}

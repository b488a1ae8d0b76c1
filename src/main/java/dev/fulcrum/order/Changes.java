package dev.fulcrum.order;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Copies of an order with one part changed, for the flow's effects and states. */
final class Changes {

    private Changes() {}

    static Order withFlow(Order order, FlowRef flow) {
        return copy(order, order.tags(), order.attributes(), order.holds(), order.status(), flow);
    }

    static Order withState(Order order, @Nullable String state, OrderStatus status) {
        return copy(
                order,
                order.tags(),
                order.attributes(),
                order.holds(),
                status,
                order.flow().inState(state));
    }

    static Order withTags(Order order, List<String> tags) {
        return copy(order, List.copyOf(tags), order.attributes(), order.holds(), order.status(), order.flow());
    }

    static Order withHolds(Order order, List<Hold> holds) {
        return copy(order, order.tags(), order.attributes(), List.copyOf(holds), order.status(), order.flow());
    }

    static Order withAttributes(Order order, Map<String, Object> attributes) {
        return copy(
                order,
                order.tags(),
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes)),
                order.holds(),
                order.status(),
                order.flow());
    }

    private static Order copy(
            Order order,
            List<String> tags,
            Map<String, Object> attributes,
            List<Hold> holds,
            OrderStatus status,
            FlowRef flow) {
        return new Order(
                order.id(),
                order.channel(),
                order.externalId(),
                order.currency(),
                order.customer(),
                order.shippingAddress(),
                order.billingAddress(),
                order.lines(),
                order.payment(),
                order.notes(),
                tags,
                attributes,
                order.placedAt(),
                status,
                holds,
                flow,
                order.total(),
                order.createdAt(),
                order.updatedAt());
    }
}

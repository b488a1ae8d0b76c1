package dev.fulcrum.order;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs any action of an order's flow by name: a built-in action (pay, hold, …), a custom action that performs one
 * ({@code pay_balance} performing pay), or a custom action that only moves the order to another state and applies its
 * effects ({@code approve}). The flow decides whether it is allowed, as for every change.
 */
@Service
public class FlowActions {

    private final OrderManagement orders;
    private final Flows flows;

    FlowActions(OrderManagement orders, Flows flows) {
        this.orders = orders;
        this.flows = flows;
    }

    /**
     * Runs {@code action} on the order.
     *
     * @throws ApiProblem 404 when the order does not exist or its flow has no such action; 409 naming the reason when
     *     the flow does not allow it now
     */
    @Transactional
    public Order run(OrderId id, String action, Parameters parameters) {
        Order order = orders.get(id);
        FlowDefinition flow = flows.definition(order.flow());
        String performs = flow.transitions().stream()
                .filter(transition -> transition.action().equals(action))
                .findFirst()
                .map(transition -> transition.builtIn().orElse(""))
                .orElseGet(() -> {
                    if (FlowDefinition.BUILT_IN_ACTIONS.contains(action)) {
                        return action;
                    }
                    throw ApiProblem.notFound("flow " + order.flow().name() + " v"
                            + order.flow().version() + " has no action '" + action + "'");
                });
        OrderAction builtIn = switch (performs) {
            case "pay" -> new OrderAction.Pay(parameters.method(), parameters.amount());
            case "hold" ->
                new OrderAction.Hold(
                        parameters.type() == null ? "manual" : parameters.type(),
                        parameters.reason() == null ? "held by hand" : parameters.reason());
            case "release" -> new OrderAction.Release(parameters.type());
            case "ship" -> new OrderAction.Ship(parameters.lines(), parameters.carrier(), parameters.trackingNumber());
            case "deliver" -> new OrderAction.Deliver(parameters.lines());
            case "cancel" -> new OrderAction.Cancel(parameters.reason());
            default -> {
                Map<String, Object> given = new LinkedHashMap<>();
                if (parameters.reason() != null) {
                    given.put("reason", parameters.reason());
                }
                yield new OrderAction.Custom(action, given);
            }
        };
        boolean ownName =
                builtIn instanceof OrderAction.Custom || builtIn.name().equals(action);
        return orders.apply(id, ownName ? builtIn : new OrderAction.Named(action, builtIn));
    }

    /**
     * What an action may be told; each built-in change reads its own (pay: method and amount; hold: type and reason;
     * release: type; ship: lines, carrier, tracking number; deliver: lines; cancel: reason) and ignores the rest.
     */
    public record Parameters(
            @Nullable String method,
            @Nullable BigDecimal amount,
            @Nullable String type,
            @Nullable String reason,
            List<LineQuantity> lines,
            @Nullable String carrier,
            @Nullable String trackingNumber) {

        public static final Parameters NONE = new Parameters(null, null, null, null, List.of(), null, null);

        public Parameters {
            lines = List.copyOf(lines);
        }
    }
}

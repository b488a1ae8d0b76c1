package dev.fulcrum.rules;

import java.util.List;

/**
 * What a version would have done over a period, with no side effects: per order touched by it or by the active
 * version, the actions of each; {@code touched} and {@code activeTouched} count the orders each touches.
 */
public record DryRun(List<OrderOutcome> orders, int touched, int activeTouched) {

    public DryRun {
        orders = List.copyOf(orders);
    }

    /** The actions of the dry-run version and of the active version for one order (empty: it does not touch it). */
    public record OrderOutcome(String orderId, List<PlannedAction> actions, List<PlannedAction> activeVersionActions) {
        public OrderOutcome {
            actions = List.copyOf(actions);
            activeVersionActions = List.copyOf(activeVersionActions);
        }
    }
}

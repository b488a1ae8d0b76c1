package dev.fulcrum.console;

import dev.fulcrum.order.LineQuantities;
import dev.fulcrum.order.Order;
import java.util.Set;

/**
 * Which actions the order page offers for an order as it is now: a hint for the person, taken from the standard flow,
 * not a rule. The order module decides on every action; what it refuses comes back as a message (custom flows may
 * allow less or more than offered here).
 */
record ActionHints(
        boolean any,
        boolean pay,
        boolean hold,
        boolean release,
        boolean cancel,
        boolean ship,
        boolean deliver,
        boolean amendAddress,
        boolean resource) {

    private static final Set<String> HOLDABLE = Set.of("pending_payment", "paid", "partially_shipped");
    private static final Set<String> SHIPPABLE = Set.of("paid", "partially_shipped");

    static ActionHints of(Order order, boolean mayAct) {
        if (!mayAct) {
            return new ActionHints(false, false, false, false, false, false, false, false, false);
        }
        String status = order.status().wireName();
        int open = order.totalQuantity(LineQuantities::open);
        int inTransit = order.totalQuantity(LineQuantities::inTransit);
        int shipped = order.totalQuantity(LineQuantities::shipped);
        int allocated = order.totalQuantity(LineQuantities::allocated);
        boolean held = !order.holds().isEmpty();
        boolean pay = status.equals("pending_payment");
        boolean hold = HOLDABLE.contains(status);
        boolean cancel = (status.equals("pending_payment") || status.equals("paid")) && shipped == 0 && open > 0;
        boolean ship = SHIPPABLE.contains(status) && !held && open > 0;
        boolean deliver = inTransit > 0;
        boolean amend = shipped == 0 && allocated == 0 && !status.equals("cancelled");
        boolean resource = SHIPPABLE.contains(status) && !held && open > 0;
        return new ActionHints(
                pay || hold || held || cancel || ship || deliver || amend || resource,
                pay,
                hold,
                held,
                cancel,
                ship,
                deliver,
                amend,
                resource);
    }
}

package dev.fulcrum.order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The event of a flow's own action that performs no built-in change: the public event of what its effects did, so
 * that no new public event type is needed and consumers react as they already do. Holds released: {@code
 * order.released} (sourcing picks the order up, as after any release); a hold set: {@code order.held}; otherwise
 * {@code order.updated} naming {@code flow} and whatever else changed.
 */
final class FlowActionEvents {

    private FlowActionEvents() {}

    static OrderEvent of(Order before, Order after, long sequence, Instant at) {
        List<String> beforeHolds = before.holds().stream().map(Hold::type).toList();
        List<String> afterHolds = after.holds().stream().map(Hold::type).toList();
        List<String> released =
                beforeHolds.stream().filter(type -> !afterHolds.contains(type)).toList();
        if (!released.isEmpty()) {
            return new OrderEvent.OrderReleased(after, String.join(",", released), sequence, at);
        }
        Optional<Hold> added = after.holds().stream()
                .filter(hold -> !beforeHolds.contains(hold.type()))
                .findFirst();
        if (added.isPresent()) {
            return new OrderEvent.OrderHeld(after, added.get(), sequence, at);
        }
        List<String> changed = new ArrayList<>();
        changed.add("flow");
        if (!before.tags().equals(after.tags())) {
            changed.add("tags");
        }
        if (!before.attributes().equals(after.attributes())) {
            changed.add("attributes");
        }
        return new OrderEvent.OrderUpdated(after, changed, sequence, at);
    }
}

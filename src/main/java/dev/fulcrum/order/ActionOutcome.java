package dev.fulcrum.order;

import org.jspecify.annotations.Nullable;

/** What became of an {@link OrderAction} applied to an order: applied, or refused with the reason. */
public sealed interface ActionOutcome {

    /**
     * The action was applied: the order after it, the typed record of the change, and the event to publish (null when
     * the action publishes none: an allocation, a custom action without an event, an amendment that changed nothing).
     */
    record Applied(
            Order order, OrderChange change, @Nullable OrderEvent event) implements ActionOutcome {

        /** True when the action left the order exactly as it was (nothing to save or publish). */
        public boolean changedNothing(Order before) {
            return event == null && order.equals(before);
        }
    }

    /**
     * The action was refused and the order is untouched.
     *
     * @param problem the problem type, for example {@code transition-not-allowed} or {@code quantity-exceeded}
     * @param reason why, in words for the caller
     * @param field the request field at fault when the action itself was malformed (a line that does not exist, a
     *     hold type that is not known); null when the action is well formed but not allowed now
     */
    record Refused(String problem, String reason, @Nullable String field) implements ActionOutcome {}
}

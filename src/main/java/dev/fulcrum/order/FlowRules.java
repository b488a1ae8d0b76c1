package dev.fulcrum.order;

import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What the order asks its flow before it changes: is this action allowed from the order's current state, which state
 * does it lead to, and what does the flow do to the order after the change. {@link Flows} answers from the stored flow
 * definitions; tests answer with a fixed definition.
 */
public interface FlowRules {

    /** Whether the flow of {@code order} allows {@code action} (a flow action name) now, with the guards evaluated. */
    Step step(Order order, String action);

    /** The flow's answer. */
    sealed interface Step {}

    /**
     * Allowed.
     *
     * @param nextState the flow state the order moves to; null when the state follows from the line ledger and
     *     payment, as in the standard flow
     * @param effects what the flow does to the order after the change (add a tag, …); applied to the changed order
     */
    record Allowed(@Nullable String nextState, UnaryOperator<Order> effects) implements Step {}

    /** Not allowed, with the reason (naming the flow and its version). */
    record Forbidden(String reason) implements Step {}
}

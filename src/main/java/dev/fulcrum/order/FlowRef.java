package dev.fulcrum.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The flow (state machine definition) and version an order runs on, and the state of that flow the order is in when
 * it is one the flow declares for itself ({@code balance_due}); {@code state} is null while the order's state is its
 * status (it follows the line ledger and payment, as in the standard flow).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowRef(String name, int version, @Nullable String state) {

    /** A flow version, without a state. */
    public FlowRef(String name, int version) {
        this(name, version, null);
    }

    /** The same flow version with the order in {@code newState} (null: following its ledger). */
    public FlowRef inState(@Nullable String newState) {
        return new FlowRef(name, version, newState);
    }

    /** The flow version alone, without the order's state: the key of its definition. */
    public FlowRef withoutState() {
        return state == null ? this : new FlowRef(name, version);
    }
}

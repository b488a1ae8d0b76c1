package dev.fulcrum.order;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A flow: the declarative state machine an order runs on. States are order statuses; a transition names an action
 * (pay, hold, release, ship, deliver, cancel), the statuses it is allowed from, CEL guards over the order that must
 * hold (each with the reason given when it does not), and actions to run after the change (add a tag).
 */
public record FlowDefinition(
        String name, @Nullable String description, List<String> states, List<Transition> transitions) {

    public FlowDefinition {
        states = List.copyOf(states);
        transitions = List.copyOf(transitions);
    }

    public record Transition(
            String action,
            List<String> from,
            @Nullable List<Guard> guards,
            @Nullable List<FlowAction> actions) {

        public List<Guard> guardsOrEmpty() {
            return guards == null ? List.of() : guards;
        }

        public List<FlowAction> actionsOrEmpty() {
            return actions == null ? List.of() : actions;
        }
    }

    /** A CEL condition over {@code order} that must be true, and the reason to give when it is not. */
    public record Guard(String when, String otherwise) {}

    /** Something a transition does after it happened; {@code addTag} is the one type so far. */
    public record FlowAction(String type, String value) {}
}

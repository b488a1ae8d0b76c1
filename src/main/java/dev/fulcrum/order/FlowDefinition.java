package dev.fulcrum.order;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A flow: the declarative state machine an order runs on. Its states are the order statuses, which follow the line
 * ledger and payment, and states the flow declares for itself ({@code balance_due}), each mapped to one canonical
 * status code (0–4) so that every consumer still reads a canonical status. A transition names an action, the states it
 * is allowed from, the state it leads to, the built-in change it performs (pay, hold, release, ship, deliver, cancel,
 * or none), CEL guards over the order that must hold (each with the reason given when it does not) and effects (tags,
 * holds, attributes). A state may carry deadlines that run an action when they pass. A flow other than the standard one
 * applies to the orders its CEL {@code selector} matches at intake; {@code start} says which state such an order starts
 * in. See docs/guide/flows.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlowDefinition(
        String name,
        @Nullable String description,
        @Nullable String selector,
        @Nullable Integer priority,
        List<State> states,
        @Nullable List<Start> start,
        List<Transition> transitions) {

    /** The changes Fulcrum knows how to make to the line ledger, payment and holds; a transition performs one or none. */
    public static final List<String> BUILT_IN_ACTIONS = List.of("pay", "hold", "release", "ship", "deliver", "cancel");

    public FlowDefinition {
        states = List.copyOf(states);
        transitions = List.copyOf(transitions);
        start = start == null ? null : List.copyOf(start);
    }

    /** A definition in the first format (states and transitions only). */
    public FlowDefinition(String name, @Nullable String description, List<State> states, List<Transition> transitions) {
        this(name, description, null, null, states, null, transitions);
    }

    /** The same definition under another name. */
    public FlowDefinition named(String newName) {
        return new FlowDefinition(newName, description, selector, priority, states, start, transitions);
    }

    public List<Start> startOrEmpty() {
        return start == null ? List.of() : start;
    }

    public int priorityOrZero() {
        return priority == null ? 0 : priority;
    }

    /** The state of this name: declared by the flow, or an order status. */
    public Optional<State> state(String stateName) {
        return states.stream()
                .filter(state -> state.name().equals(stateName))
                .findFirst()
                .or(() -> State.canonical(stateName));
    }

    /** Whether any transition of the flow is named {@code action}, from whatever state. */
    public boolean declares(String action) {
        return transitions.stream().anyMatch(transition -> transition.action().equals(action));
    }

    /**
     * A state of the flow. An order status name ({@code paid}) may be written alone as a string: its state follows the
     * ledger. A state of the flow's own has a name and a canonical {@code statusCode}, and may carry deadlines.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record State(
            String name, int statusCode, @Nullable List<Deadline> deadlines) {

        public State {
            deadlines = deadlines == null ? null : List.copyOf(deadlines);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static State ofStatus(String name) {
            return canonical(name).orElse(new State(name, -1, null));
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        static State of(
                @com.fasterxml.jackson.annotation.JsonProperty("name") String name,
                @com.fasterxml.jackson.annotation.JsonProperty("statusCode") @Nullable Integer statusCode,
                @com.fasterxml.jackson.annotation.JsonProperty("deadlines") @Nullable List<Deadline> deadlines) {
            if (statusCode == null) {
                State status = ofStatus(name);
                return new State(status.name(), status.statusCode(), deadlines);
            }
            return new State(name, statusCode, deadlines);
        }

        /** The state of an order status: it follows the ledger and payment. */
        static Optional<State> canonical(String name) {
            return Arrays.stream(OrderStatus.values())
                    .filter(status -> status.wireName().equals(name))
                    .findFirst()
                    .map(status -> new State(status.wireName(), status.code(), null));
        }

        /** True for an order status, false for a state the flow declares for itself. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean followsLedger() {
            return canonical(name).isPresent();
        }

        public List<Deadline> deadlinesOrEmpty() {
            return deadlines == null ? List.of() : deadlines;
        }
    }

    /** When an order has been in the state for {@code after} (ISO-8601 duration, {@code P14D}), run {@code action}. */
    public record Deadline(String action, String after) {}

    /**
     * Where an order placed under this flow starts: the first entry whose CEL condition {@code when} holds (no
     * condition: always) names the state and the effects; an order no entry matches follows its ledger.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Start(
            String state, @Nullable String when, @Nullable List<Effect> effects) {

        public List<Effect> effectsOrEmpty() {
            return effects == null ? List.of() : effects;
        }
    }

    /**
     * An action of the flow from some states. {@code to} names the state it leads to (absent: the order stays in its
     * state; an order status name: the order follows its ledger again). {@code performs} names the built-in change the
     * action makes; a built-in action's name is its own, a custom action without it only moves state and applies its
     * effects.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Transition(
            String action,
            List<String> from,
            @Nullable String to,
            @Nullable String performs,
            @Nullable List<Guard> guards,
            @JsonAlias("actions") @Nullable List<Effect> effects) {

        public Transition {
            from = List.copyOf(from);
        }

        /** A transition in the first format (action, from, guards and addTag actions). */
        public Transition(
                String action, List<String> from, @Nullable List<Guard> guards, @Nullable List<Effect> effects) {
            this(action, from, null, null, guards, effects);
        }

        public List<Guard> guardsOrEmpty() {
            return guards == null ? List.of() : guards;
        }

        public List<Effect> effectsOrEmpty() {
            return effects == null ? List.of() : effects;
        }

        /** The built-in change this transition makes, if any: {@code performs}, or the action's own built-in name. */
        public Optional<String> builtIn() {
            if (performs != null) {
                return Optional.of(performs);
            }
            return BUILT_IN_ACTIONS.contains(action) ? Optional.of(action) : Optional.empty();
        }
    }

    /** A CEL condition over {@code order} that must be true, and the reason to give when it is not. */
    public record Guard(String when, String otherwise) {}

    /**
     * Something a transition (or a start) does to the order after its change, when the optional CEL condition
     * {@code when} holds. Types: {@code addTag} / {@code removeTag} ({@code value} is the tag), {@code hold}
     * ({@code name} is the hold type, {@code reason} why), {@code release} ({@code name} is the hold type),
     * {@code setAttribute} ({@code name}, and {@code expression}: CEL over {@code order} giving the value) and
     * {@code removeAttribute} ({@code name}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Effect(
            String type,
            @Nullable String value,
            @Nullable String name,
            @Nullable String reason,
            @Nullable String expression,
            @Nullable String when) {

        public static final List<String> TYPES =
                List.of("addTag", "removeTag", "hold", "release", "setAttribute", "removeAttribute");
    }
}

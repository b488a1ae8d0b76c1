package dev.fulcrum.console;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What became of an action the console sent: done (a message key to say so, with its arguments) or refused (the
 * module's reason and, for bad input, each field's problem). Templates show either as a message in place.
 */
record ActionOutcome(
        boolean done,
        String messageKey,
        List<Object> arguments,
        @Nullable String reason,
        List<FieldProblem> errors) {

    ActionOutcome {
        arguments = List.copyOf(arguments);
        errors = List.copyOf(errors);
    }

    static ActionOutcome done(String messageKey, Object... arguments) {
        return new ActionOutcome(true, messageKey, List.of(arguments), null, List.of());
    }

    /** A refusal: 409 is "not now" (the flow, the ledger), 400 is "not like this" (a field), others as they come. */
    static ActionOutcome refused(ApiProblem problem) {
        String key = switch (problem.status()) {
            case 400 -> "outcome.invalid";
            case 403 -> "outcome.forbidden";
            case 404 -> "outcome.notFound";
            default -> "outcome.refused";
        };
        return new ActionOutcome(false, key, List.of(), problem.getMessage(), problem.errors());
    }

    /** The arguments as an array, for {@code #messages.msgWithParams}. */
    public Object[] args() {
        return arguments.toArray();
    }
}

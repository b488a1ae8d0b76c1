package dev.fulcrum.rules;

import java.util.List;

/** A rule that cannot be saved as written; answered 400 with every {@link RuleError}. */
@SuppressWarnings("serial") // never Java-serialized
public final class InvalidRule extends RuntimeException {

    private final transient List<RuleError> errors;

    public InvalidRule(List<RuleError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    private static String summary(List<RuleError> errors) {
        if (errors.isEmpty()) {
            return "invalid rule";
        }
        RuleError first = errors.getFirst();
        return String.join(": ", first.field(), first.reason());
    }

    public List<RuleError> errors() {
        return errors;
    }

    @Override
    public String getMessage() {
        return java.util.Objects.requireNonNull(super.getMessage());
    }
}

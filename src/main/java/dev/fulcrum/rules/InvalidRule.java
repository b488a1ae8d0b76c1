package dev.fulcrum.rules;

import java.util.List;

/** A rule that cannot be saved as written; answered 400 with every {@link RuleError}. */
@SuppressWarnings("serial") // never Java-serialized
public final class InvalidRule extends RuntimeException {

    private final transient List<RuleError> errors;

    public InvalidRule(List<RuleError> errors) {
        super(
                errors.isEmpty()
                        ? "invalid rule"
                        : errors.getFirst().field() + ": " + errors.getFirst().reason());
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }

    @Override
    public String getMessage() {
        return java.util.Objects.requireNonNull(super.getMessage());
    }
}

package dev.fulcrum.rules;

import org.jspecify.annotations.Nullable;

/**
 * Why a rule is refused: the field by its JSON path ({@code when}, {@code actions[1].hold}) and the reason; for a CEL
 * error also the line and column (both from 1) in the expression.
 */
public record RuleError(
        String field,
        String reason,
        @Nullable Integer line,
        @Nullable Integer column) {

    public static RuleError of(String field, String reason) {
        return new RuleError(field, reason, null, null);
    }
}

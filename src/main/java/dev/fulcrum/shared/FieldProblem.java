package dev.fulcrum.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One reason a request was refused, naming the field by its JSON path (for example {@code lines[0].quantity}) and,
 * when a data contract rule refused it, the rule's name (null otherwise).
 */
public record FieldProblem(
        String field,
        String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String rule) {

    public FieldProblem(String field, String reason) {
        this(field, reason, null);
    }
}

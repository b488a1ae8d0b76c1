package dev.fulcrum.shared;

/** One reason a request was refused, naming the field by its JSON path (for example {@code lines[0].quantity}). */
public record FieldProblem(String field, String reason) {}

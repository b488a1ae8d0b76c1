package dev.fulcrum.contracts;

/**
 * A rule of a contract that a subject failed.
 *
 * @param rule the rule's name, or {@code required:<path>} for a required field that is missing
 * @param field the field the rule is about
 * @param message what is wrong, in English
 */
public record ContractViolation(String rule, String field, String message) {}

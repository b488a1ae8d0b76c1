package dev.fulcrum.rules;

/** A variable a rule's condition may use, for the editor's completion: {@code order.total}, a double. */
public record RuleField(String path, String type, String description) {}

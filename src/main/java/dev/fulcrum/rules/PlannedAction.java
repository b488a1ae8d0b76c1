package dev.fulcrum.rules;

/** An action of a rule as it applies to one order: its type and what it does, in words. */
public record PlannedAction(String type, String description) {}

package dev.fulcrum.rules;

import java.util.List;

/** What a version would do to one order now: whether its condition holds and, if so, its actions. */
public record TryResult(boolean matched, List<PlannedAction> actions) {
    public TryResult {
        actions = List.copyOf(actions);
    }
}

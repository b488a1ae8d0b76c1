package dev.fulcrum.rules;

import org.jspecify.annotations.Nullable;

/**
 * A rule in the list: its description (of the latest version), active and latest version, status ({@code active} when
 * a version is active, else {@code draft} or {@code retired}) and a running canary, if any.
 */
public record RuleSummary(
        String name,
        String description,
        @Nullable Integer activeVersion,
        int latestVersion,
        String status,
        @Nullable Canary canary) {

    /** The version a canary rollout applies to {@code percent} of new orders. */
    public record Canary(int version, int percent) {}
}

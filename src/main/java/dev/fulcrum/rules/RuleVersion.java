package dev.fulcrum.rules;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A stored version of a rule: {@code draft}, {@code active} or {@code retired}, with who created and activated it. */
public record RuleVersion(
        String name,
        int version,
        String status,
        RuleDefinition definition,
        Instant createdAt,
        String createdBy,
        @Nullable Instant activatedAt,
        @Nullable String activatedBy) {

    /** The actor a run of this version acts as, on the timeline and in the audit log: {@code rule:name@3}. */
    public String actor() {
        return actorOf(name, version);
    }

    public static String actorOf(String name, int version) {
        return "rule:" + name + "@" + version;
    }
}

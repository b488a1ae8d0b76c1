package dev.fulcrum.rules;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one version of a rule says: when it is considered ({@link Trigger}), the CEL condition {@code when} that must
 * hold, and the actions run in order when it does. Rules of one event run in ascending {@code priority} (then by
 * name); a matching rule with {@code stopAfter} ends the list for that event.
 *
 * @param actions each an object with its {@code type} and settings, as written (see docs/guide/rules.md)
 */
public record RuleDefinition(
        String description,
        Trigger trigger,
        String when,
        List<Map<String, Object>> actions,
        int priority,
        boolean stopAfter) {

    public static final int DEFAULT_PRIORITY = 100;

    public RuleDefinition {
        actions = List.copyOf(actions);
    }

    /**
     * A public event type ({@code event}), or a time after one ({@code after}); exactly one is set.
     */
    public record Trigger(@Nullable String event, @Nullable After after) {

        /** The event type that starts the rule: the trigger event, or the event a time rule counts from. */
        public String startEvent() {
            if (after != null) {
                return after.event();
            }
            return java.util.Objects.requireNonNull(event, "a trigger has an event or an after");
        }

        public boolean timed() {
            return after != null;
        }
    }

    /**
     * A time condition relative to the order: {@code duration} (ISO 8601, {@code PT48H}) after {@code event}, unless
     * one of the {@code unless} events happened to the order first.
     */
    public record After(String event, String duration, List<String> unless) {
        public After {
            unless = List.copyOf(unless);
        }

        public java.time.Duration length() {
            return java.time.Duration.parse(duration);
        }
    }
}

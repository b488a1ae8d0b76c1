package dev.fulcrum.rules.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The active rules of one tenant by the event type that triggers them, in run order (ascending priority, then name):
 * finding the rules of an event is one map lookup, and evaluating them runs only their compiled conditions. Time
 * rules are listed under their start event and their {@code unless} events separately.
 */
public final class RuleIndex {

    public static final RuleIndex EMPTY = new RuleIndex(List.of());

    private static final Comparator<CompiledRule> RUN_ORDER = Comparator.comparingInt(
                    (CompiledRule rule) -> rule.version().definition().priority())
            .thenComparing(CompiledRule::name);

    private final List<CompiledRule> rules;
    private final Map<String, List<CompiledRule>> byTrigger = new HashMap<>();
    private final Map<String, List<CompiledRule>> timedByStart = new HashMap<>();
    private final Map<String, List<CompiledRule>> timedByUnless = new HashMap<>();
    private final Map<String, CompiledRule> byName = new HashMap<>();

    public RuleIndex(List<CompiledRule> rules) {
        this.rules = List.copyOf(rules);
        for (CompiledRule rule : rules) {
            byName.put(rule.name(), rule);
            var trigger = rule.version().definition().trigger();
            var after = trigger.after();
            if (after == null) {
                byTrigger
                        .computeIfAbsent(trigger.startEvent(), type -> new ArrayList<>())
                        .add(rule);
            } else {
                timedByStart
                        .computeIfAbsent(after.event(), type -> new ArrayList<>())
                        .add(rule);
                for (String unless : after.unless()) {
                    timedByUnless
                            .computeIfAbsent(unless, type -> new ArrayList<>())
                            .add(rule);
                }
            }
        }
        byTrigger.values().forEach(list -> list.sort(RUN_ORDER));
        timedByStart.values().forEach(list -> list.sort(RUN_ORDER));
    }

    public List<CompiledRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Every event type the rules read: triggers, time rules' start events and their unless events. */
    public Set<String> eventTypes() {
        Set<String> types = new LinkedHashSet<>(byTrigger.keySet());
        types.addAll(timedByStart.keySet());
        types.addAll(timedByUnless.keySet());
        return types;
    }

    public List<CompiledRule> triggeredBy(String type) {
        return byTrigger.getOrDefault(type, List.of());
    }

    public List<CompiledRule> startedBy(String type) {
        return timedByStart.getOrDefault(type, List.of());
    }

    public List<CompiledRule> cancelledBy(String type) {
        return timedByUnless.getOrDefault(type, List.of());
    }

    public CompiledRule named(String name) {
        return java.util.Objects.requireNonNull(byName.get(name), name);
    }

    /**
     * The rules of an event whose condition holds, in run order, up to and including the first matching rule with
     * {@code stopAfter}.
     *
     * @param versionFor the version each rule's name applies to this event's order (a canary may replace the active
     *     version); returns the rule itself when the active version applies
     * @param skip rule versions that must not run for this event (it is their own effect)
     */
    public List<CompiledRule> matching(
            String type,
            Map<String, ?> variables,
            Function<CompiledRule, CompiledRule> versionFor,
            Predicate<CompiledRule> skip) {
        List<CompiledRule> candidates = triggeredBy(type);
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<CompiledRule> matched = new ArrayList<>();
        for (CompiledRule active : candidates) {
            CompiledRule rule = versionFor.apply(active);
            if (!type.equals(rule.version().definition().trigger().event()) || skip.test(rule)) {
                continue;
            }
            if (rule.matches(variables)) {
                matched.add(rule);
                if (rule.version().definition().stopAfter()) {
                    break;
                }
            }
        }
        return List.copyOf(matched);
    }
}

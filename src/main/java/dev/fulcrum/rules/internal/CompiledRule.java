package dev.fulcrum.rules.internal;

import dev.fulcrum.rules.RuleVersion;
import dev.fulcrum.shared.Expressions;
import java.util.List;
import java.util.Map;

/**
 * A rule version ready to evaluate: its condition compiled once (through the project's CEL cache) and its actions
 * parsed. Versions never change once stored, so a compiled version is kept as long as it is used.
 */
public record CompiledRule(
        RuleVersion version, Expressions.Condition condition, List<RuleAction> actions, boolean needsCustomer) {

    public static CompiledRule of(RuleVersion version) {
        String when = version.definition().when();
        return new CompiledRule(
                version,
                Expressions.condition(when, RuleParser.VARIABLES),
                RuleParser.actions(version.definition()),
                when.contains("customer"));
    }

    public String name() {
        return version.name();
    }

    public int number() {
        return version.version();
    }

    public String key() {
        return version.name() + "@" + version.version();
    }

    /** Whether the condition holds; a condition that fails to evaluate does not hold. */
    public boolean matches(Map<String, ?> variables) {
        try {
            return condition.test(variables);
        } catch (Expressions.InvalidExpression failed) {
            return false;
        }
    }
}

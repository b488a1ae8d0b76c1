package dev.fulcrum.rules.internal;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.fulcrum.rules.RuleVersion;
import java.util.List;
import java.util.Map;

/**
 * A rule version ready to evaluate: its condition compiled once (CEL, as {@link RuleParser} sets it up) and its actions
 * parsed. Versions never change once stored, so a compiled version is kept as long as it is used.
 */
public record CompiledRule(
        RuleVersion version, CelRuntime.Program condition, List<RuleAction> actions, boolean needsCustomer) {

    public static CompiledRule of(RuleVersion version) {
        String when = version.definition().when();
        return new CompiledRule(
                version, RuleParser.program(when), RuleParser.actions(version.definition()), when.contains("customer"));
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
            return Boolean.TRUE.equals(condition.eval(variables));
        } catch (CelEvaluationException failed) {
            return false;
        }
    }
}

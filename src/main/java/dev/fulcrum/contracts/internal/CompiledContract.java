package dev.fulcrum.contracts.internal;

import com.google.protobuf.Timestamp;
import dev.fulcrum.contracts.ContractDocument;
import dev.fulcrum.contracts.ContractViolation;
import dev.fulcrum.shared.Expressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One contract version with its rules compiled, ready to check subjects: a required field that is missing and a hard
 * rule that is false refuse the subject; a soft rule that is false flags it. A rule that cannot be evaluated on a
 * subject (a type mismatch, a missing key without {@code has()}) counts as failed, with the reason: a dry run shows
 * it before the version is active. Immutable and thread-safe.
 */
public final class CompiledContract {

    private final String name;
    private final int version;
    private final ContractDocument document;
    private final List<CompiledRule> rules;
    private final List<String> requiredPaths;

    private record CompiledRule(ContractDocument.Rule rule, Expressions.Condition condition) {}

    /** A subject's failures under this version. */
    public record Verdict(List<ContractViolation> hard, List<ContractViolation> soft) {

        public boolean refused() {
            return !hard.isEmpty();
        }
    }

    /**
     * Compiles every rule.
     *
     * @throws Expressions.InvalidExpression naming the first rule that does not compile
     */
    public CompiledContract(int version, ContractDocument document) {
        this.name = document.name();
        this.version = version;
        this.document = document;
        List<String> variables = List.of(document.subject(), "now");
        List<CompiledRule> compiled = new ArrayList<>(document.rules().size());
        for (ContractDocument.Rule rule : document.rules()) {
            compiled.add(new CompiledRule(rule, Expressions.condition(rule.expression(), variables)));
        }
        this.rules = List.copyOf(compiled);
        this.requiredPaths = document.fields().stream()
                .filter(ContractDocument.Field::required)
                .map(ContractDocument.Field::path)
                .toList();
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    public ContractDocument document() {
        return document;
    }

    /** Checks one subject, given as its view (see {@link CelValues}), at {@code now}. */
    public Verdict check(Map<String, ?> view, Timestamp now) {
        Map<String, Object> subject = CelValues.of(view);
        List<ContractViolation> hard = new ArrayList<>(0);
        List<ContractViolation> soft = new ArrayList<>(0);
        for (String path : requiredPaths) {
            if (!FieldPaths.present(subject, path)) {
                hard.add(new ContractViolation("required:" + path, FieldPaths.display(path), "is required"));
            }
        }
        Map<String, Object> variables = Map.of(document.subject(), subject, "now", now);
        for (CompiledRule compiled : rules) {
            ContractDocument.Rule rule = compiled.rule();
            String failure;
            try {
                failure = compiled.condition().test(variables)
                        ? null
                        : rule.message().en();
            } catch (Expressions.InvalidExpression notEvaluated) {
                failure = "could not be evaluated: " + notEvaluated.getMessage();
            }
            if (failure != null) {
                (rule.hard() ? hard : soft).add(new ContractViolation(rule.name(), rule.field(), failure));
            }
        }
        return new Verdict(hard, soft);
    }
}

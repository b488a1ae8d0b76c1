package dev.fulcrum.contracts.internal;

import dev.fulcrum.contracts.ContractDocument;
import dev.fulcrum.shared.Expressions;
import dev.fulcrum.shared.FieldProblem;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a contract version before it is stored: every text present in both languages, field paths unique and (when
 * the subject's module says which it knows) known to the code, rule names unique, rules about declared fields, every
 * CEL rule compiling, and the objectives well-formed. Reports every problem with its JSON path.
 */
public final class ContractValidation {

    /** The most fields one contract describes. */
    public static final int MAX_FIELDS = 500;
    /** The most rules one contract has. */
    public static final int MAX_RULES = 200;
    /** The longest rule expression, in characters. */
    public static final int MAX_EXPRESSION = 2_000;

    static final Set<String> KINDS = Set.of("order", "channel-input", "event");
    static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "object", "array");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,127}");
    private static final Pattern RULE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][A-Za-z0-9]{0,31}");
    private static final Pattern PATH =
            Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\[\\])?(\\.[A-Za-z][A-Za-z0-9]*(\\[\\])?)*");

    private final List<FieldProblem> problems = new ArrayList<>();

    private ContractValidation() {}

    /**
     * Every problem of the document.
     *
     * @param knownFields the field paths the subject's code knows, or null when no module says
     */
    public static List<FieldProblem> problems(
            String name, @Nullable ContractDocument document, @Nullable Set<String> knownFields) {
        ContractValidation validation = new ContractValidation();
        if (document == null) {
            validation.problems.add(new FieldProblem("body", "is required"));
        } else {
            validation.check(name, document, knownFields);
        }
        return List.copyOf(validation.problems);
    }

    @SuppressWarnings("NullAway") // a document read from JSON may carry nulls where the record says none: checked here
    private void check(String name, ContractDocument document, @Nullable Set<String> knownFields) {
        if (!NAME.matcher(name).matches()) {
            problems.add(new FieldProblem("name", "must be lower-case letters, digits, dots and dashes"));
        }
        if (document.name() != null && !document.name().equals(name)) {
            problems.add(new FieldProblem("name", "must be " + name + ", the name in the path"));
        }
        if (document.kind() == null || !KINDS.contains(document.kind())) {
            problems.add(new FieldProblem("kind", "must be one of " + String.join(", ", sorted(KINDS))));
        }
        if (document.subject() == null
                || !IDENTIFIER.matcher(document.subject()).matches()
                || document.subject().equals("now")) {
            problems.add(new FieldProblem("subject", "must be the CEL variable the rules read, such as order"));
        }
        text(document.title(), "title");
        required(document.owner(), "owner");
        Set<String> paths = fields(document.fields(), knownFields);
        rules(document, paths);
        ContractDocument.Freshness freshness = document.freshness();
        if (freshness != null) {
            if (freshness.from() == null || !paths.contains(freshness.from())) {
                problems.add(new FieldProblem("freshness.from", "must be a declared field holding a time"));
            }
            duration(freshness.objective(), "freshness.objective", Duration.ofDays(30));
            if (freshness.percentile() < 1 || freshness.percentile() > 100) {
                problems.add(new FieldProblem("freshness.percentile", "must be from 1 to 100"));
            }
        }
        ContractDocument.Quality quality = document.quality();
        if (quality != null) {
            if (!(quality.minimumSoftPassRatio() >= 0 && quality.minimumSoftPassRatio() <= 1)) {
                problems.add(new FieldProblem("quality.minimumSoftPassRatio", "must be from 0 to 1"));
            }
            duration(quality.window(), "quality.window", Duration.ofDays(7));
        }
    }

    @SuppressWarnings("NullAway") // see check
    private Set<String> fields(@Nullable List<ContractDocument.Field> fields, @Nullable Set<String> knownFields) {
        Set<String> paths = new HashSet<>();
        if (fields == null || fields.isEmpty()) {
            problems.add(new FieldProblem("fields", "must describe at least one field"));
            return paths;
        }
        if (fields.size() > MAX_FIELDS) {
            problems.add(new FieldProblem("fields", "must not describe more than " + MAX_FIELDS + " fields"));
            return paths;
        }
        for (int i = 0; i < fields.size(); i++) {
            ContractDocument.Field field = fields.get(i);
            String at = "fields[" + i + "]";
            if (field == null) {
                problems.add(new FieldProblem(at, "must be an object"));
                continue;
            }
            if (field.path() == null || !PATH.matcher(field.path()).matches()) {
                problems.add(
                        new FieldProblem(at + ".path", "must be a dotted path such as shippingAddress.postalCode"));
            } else if (!paths.add(field.path())) {
                problems.add(new FieldProblem(at + ".path", "describes " + field.path() + " a second time"));
            } else if (knownFields != null && !knownFields.contains(field.path())) {
                problems.add(new FieldProblem(at + ".path", field.path() + " is not a field the code accepts"));
            }
            if (field.type() == null || !TYPES.contains(field.type())) {
                problems.add(new FieldProblem(at + ".type", "must be one of " + String.join(", ", sorted(TYPES))));
            }
            required(field.source(), at + ".source");
            required(field.owner(), at + ".owner");
            text(field.meaning(), at + ".meaning");
        }
        return paths;
    }

    @SuppressWarnings("NullAway") // see check
    private void rules(ContractDocument document, Set<String> paths) {
        List<ContractDocument.Rule> rules = document.rules();
        if (rules == null) {
            return;
        }
        if (rules.size() > MAX_RULES) {
            problems.add(new FieldProblem("rules", "must not have more than " + MAX_RULES + " rules"));
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            ContractDocument.Rule rule = rules.get(i);
            String at = "rules[" + i + "]";
            if (rule == null) {
                problems.add(new FieldProblem(at, "must be an object"));
                continue;
            }
            if (rule.name() == null || !RULE_NAME.matcher(rule.name()).matches()) {
                problems.add(new FieldProblem(at + ".name", "must be lower-case letters, digits and dashes"));
            } else if (!names.add(rule.name())) {
                problems.add(new FieldProblem(at + ".name", "names " + rule.name() + " a second time"));
            }
            if (!"hard".equals(rule.severity()) && !"soft".equals(rule.severity())) {
                problems.add(new FieldProblem(at + ".severity", "must be hard or soft"));
            }
            if (rule.field() == null || !paths.contains(rule.field())) {
                problems.add(new FieldProblem(at + ".field", "must be one of the contract's fields"));
            }
            text(rule.message(), at + ".message");
            String expression = rule.expression();
            if (expression == null || expression.isBlank()) {
                problems.add(new FieldProblem(at + ".expression", "is required"));
            } else if (expression.length() > MAX_EXPRESSION) {
                problems.add(new FieldProblem(
                        at + ".expression", "must not be longer than " + MAX_EXPRESSION + " characters"));
            } else if (document.subject() != null) {
                try {
                    Expressions.condition(expression, List.of(document.subject(), "now"));
                } catch (Expressions.InvalidExpression invalid) {
                    problems.add(new FieldProblem(at + ".expression", "does not compile: " + invalid.getMessage()));
                }
            }
        }
    }

    @SuppressWarnings("NullAway") // see check
    private void text(ContractDocument.@Nullable Text text, String at) {
        if (text == null) {
            problems.add(new FieldProblem(at, "is required, in English (en) and Chinese (zh)"));
            return;
        }
        required(text.en(), at + ".en");
        required(text.zh(), at + ".zh");
    }

    private void required(@Nullable String value, String at) {
        if (value == null || value.isBlank()) {
            problems.add(new FieldProblem(at, "is required"));
        }
    }

    private void duration(@Nullable String value, String at, Duration max) {
        if (value == null) {
            problems.add(new FieldProblem(at, "is required"));
            return;
        }
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0) {
                problems.add(new FieldProblem(at, "must be more than zero and at most " + max));
            }
        } catch (DateTimeParseException notDuration) {
            problems.add(new FieldProblem(at, "must be an ISO 8601 duration such as PT60S"));
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}

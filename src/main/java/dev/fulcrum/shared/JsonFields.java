package dev.fulcrum.shared;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.lang.Contract;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of a JSON request body, collecting every bad field with its reason before refusing the request
 * with one 400 problem ({@link #throwIfInvalid()}), so that callers learn all their mistakes at once.
 */
public final class JsonFields {

    private final @Nullable JsonNode body;
    private final String prefix;
    private final List<FieldProblem> problems;

    /** Reads {@code body}, which must be an object whose fields are among {@code known} (none given: any field). */
    public JsonFields(@Nullable JsonNode body, String... known) {
        this(body, "", new ArrayList<>(), known);
    }

    private JsonFields(@Nullable JsonNode body, String prefix, List<FieldProblem> problems, String... known) {
        this.body = body;
        this.prefix = prefix;
        this.problems = problems;
        if (body != null && !body.isNull()) {
            if (!body.isObject()) {
                problems.add(new FieldProblem(
                        prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must be a JSON object"));
            } else if (known.length > 0) {
                List<String> knownFields = List.of(known);
                for (String name : body.propertyNames()) {
                    if (!knownFields.contains(name)) {
                        problems.add(new FieldProblem(
                                prefix + name, "is not a known field; expected one of " + knownFields));
                    }
                }
            }
        }
    }

    /** The fields of a nested object (or of one element of an array) sharing this reader's problem list. */
    public JsonFields nested(String path, @Nullable JsonNode node, String... known) {
        return new JsonFields(node, prefix + path + ".", problems, known);
    }

    public @Nullable JsonNode node(String name) {
        JsonNode node = body == null || !body.isObject() ? null : body.get(name);
        return node == null || node.isNull() ? null : node;
    }

    public void problem(String name, String reason) {
        problems.add(new FieldProblem(prefix + name, reason));
    }

    public @Nullable String text(String name, boolean required) {
        JsonNode node = node(name);
        if (node == null) {
            if (required) {
                problem(name, "is required");
            }
            return null;
        }
        if (!node.isString()
                || node.stringValue().isBlank()
                || node.stringValue().length() > 2000) {
            problem(name, "must be a non-empty string of at most 2000 characters");
            return null;
        }
        return node.stringValue().strip();
    }

    /** A text that must be one of {@code allowed}; {@code fallback} when absent. */
    @Contract("_, _, !null -> !null") // lets NullAway see that a non-null fallback gives a non-null answer
    public @Nullable String oneOf(String name, List<String> allowed, @Nullable String fallback) {
        String value = text(name, false);
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            problem(name, "must be one of " + allowed);
            return fallback;
        }
        return value;
    }

    public @Nullable Integer integer(String name, boolean required, long min, long max) {
        JsonNode node = node(name);
        if (node == null) {
            if (required) {
                problem(name, "is required");
            }
            return null;
        }
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            problem(name, "must be a whole number between " + min + " and " + max);
            return null;
        }
        return node.asInt();
    }

    public @Nullable Double decimal(String name, boolean required, double min, double max) {
        JsonNode node = node(name);
        if (node == null) {
            if (required) {
                problem(name, "is required");
            }
            return null;
        }
        if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
            problem(name, "must be a number between " + min + " and " + max);
            return null;
        }
        return node.asDouble();
    }

    /** A non-negative decimal amount given as a string ({@code "2.00"}) or a number. */
    public @Nullable BigDecimal amount(String name, boolean required) {
        JsonNode node = node(name);
        if (node == null) {
            if (required) {
                problem(name, "is required");
            }
            return null;
        }
        try {
            BigDecimal value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.stringValue());
            if (value.signum() < 0 || value.stripTrailingZeros().scale() > 4) {
                problem(name, "must be a non-negative amount with at most 4 decimals");
                return null;
            }
            return value;
        } catch (RuntimeException notAnAmount) {
            problem(name, "must be a decimal amount such as \"2.00\"");
            return null;
        }
    }

    public boolean bool(String name, boolean fallback) {
        JsonNode node = node(name);
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problem(name, "must be true or false");
            return fallback;
        }
        return node.asBoolean();
    }

    /** A list of non-empty strings; {@code null} when absent. */
    public @Nullable List<String> strings(String name) {
        JsonNode node = node(name);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            problem(name, "must be an array of strings");
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (!element.isString() || element.stringValue().isBlank()) {
                problem(name + "[" + i + "]", "must be a non-empty string");
            } else {
                values.add(element.stringValue().strip());
            }
        }
        return values;
    }

    public @Nullable Instant instant(String name, boolean required) {
        String value = text(name, required);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException invalid) {
            problem(name, "must be an ISO 8601 instant such as 2026-11-20T08:00:00Z");
            return null;
        }
    }

    public @Nullable LocalTime time(String name) {
        String value = text(name, false);
        if (value == null) {
            return null;
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException invalid) {
            problem(name, "must be a time of day such as 16:00");
            return null;
        }
    }

    public @Nullable List<LocalDate> dates(String name) {
        List<String> values = strings(name);
        if (values == null) {
            return null;
        }
        List<LocalDate> dates = new ArrayList<>();
        for (String value : values) {
            try {
                dates.add(LocalDate.parse(value));
            } catch (DateTimeParseException invalid) {
                problem(name, "'" + value + "' is not a date such as 2026-10-01");
            }
        }
        return dates;
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(List.copyOf(problems));
        }
    }
}

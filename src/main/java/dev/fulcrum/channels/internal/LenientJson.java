package dev.fulcrum.channels.internal;

import dev.fulcrum.shared.FieldProblem;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Lenient reading of channel payloads: each reader tolerates any JSON shape and records what it could not read. */
final class LenientJson {

    final List<FieldProblem> problems = new ArrayList<>();

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Text of a string or number field, stripped; null when absent, blank or of another type. */
    static @Nullable String text(@Nullable JsonNode parent, String field) {
        if (parent == null || !parent.isObject()) {
            return null;
        }
        JsonNode node = parent.get(field);
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            String value = node.stringValue().strip();
            return value.isEmpty() ? null : value;
        }
        if (node.isNumber()) {
            return node.isIntegralNumber()
                    ? node.bigIntegerValue().toString()
                    : node.decimalValue().toPlainString();
        }
        return null;
    }

    static JsonNode at(@Nullable JsonNode parent, String field) {
        if (parent == null || !parent.isObject()) {
            return tools.jackson.databind.node.MissingNode.getInstance();
        }
        JsonNode node = parent.get(field);
        return node == null ? tools.jackson.databind.node.MissingNode.getInstance() : node;
    }

    static Iterable<JsonNode> elements(@Nullable JsonNode node) {
        return node != null && node.isArray() ? node.values() : List.of();
    }

    static @Nullable String joined(String separator, @Nullable String... parts) {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                if (!text.isEmpty()) {
                    text.append(separator);
                }
                text.append(part.strip());
            }
        }
        return text.isEmpty() ? null : text.toString();
    }

    @SafeVarargs
    static <T> @Nullable T first(@Nullable T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** A decimal amount from a string or number; records a problem at {@code path} when present but not a number. */
    @Nullable
    BigDecimal decimal(@Nullable JsonNode parent, String field, String path) {
        String text = text(parent, field);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException notANumber) {
            problems.add(new FieldProblem(path, "'" + abbreviate(text) + "' is not a decimal amount"));
            return null;
        }
    }

    @Nullable
    Integer integer(@Nullable JsonNode parent, String field, String path) {
        String text = text(parent, field);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text).intValueExact();
        } catch (NumberFormatException | ArithmeticException notAWholeNumber) {
            problems.add(new FieldProblem(path, "'" + abbreviate(text) + "' is not a whole number"));
            return null;
        }
    }

    static @Nullable Double coordinate(@Nullable JsonNode parent, String field) {
        String text = text(parent, field);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    static void put(ObjectNode node, String field, @Nullable String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    static void put(Map<String, Object> map, String field, @Nullable String value) {
        if (value != null) {
            map.put(field, value);
        }
    }

    static void put(ObjectNode node, String field, @Nullable BigDecimal value) {
        if (value != null) {
            node.put(field, value.toPlainString());
        }
    }

    static void put(ObjectNode node, String field, @Nullable Double value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Minor-unit digits of a currency; 2 for codes Java does not know (the contract reports those itself). */
    static int fractionDigits(@Nullable String currency) {
        try {
            return currency == null
                    ? 2
                    : Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        } catch (IllegalArgumentException unknown) {
            return 2;
        }
    }

    /**
     * Splits a line amount into a unit price and a discount so that unit price × quantity − discount is exactly the
     * amount: channels such as Amazon report only the line amount, which need not divide evenly by the quantity.
     */
    static BigDecimal[] unitPriceAndRoundingDiscount(BigDecimal lineAmount, int quantity, int fractionDigits) {
        BigDecimal unit = lineAmount.divide(BigDecimal.valueOf(quantity), fractionDigits, RoundingMode.CEILING);
        BigDecimal rounding = unit.multiply(BigDecimal.valueOf(quantity)).subtract(lineAmount);
        return new BigDecimal[] {unit, rounding};
    }

    /** Shares {@code total} over the weights in proportion, to the currency's minor unit; the last share takes the rest. */
    static List<BigDecimal> allocate(BigDecimal total, List<BigDecimal> weights, int fractionDigits) {
        BigDecimal sum = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        List<BigDecimal> shares = new ArrayList<>();
        BigDecimal given = BigDecimal.ZERO;
        for (int i = 0; i < weights.size(); i++) {
            BigDecimal share;
            if (i == weights.size() - 1) {
                share = total.subtract(given);
            } else if (sum.signum() == 0) {
                share = total.divide(BigDecimal.valueOf(weights.size()), fractionDigits, RoundingMode.DOWN);
            } else {
                share = total.multiply(weights.get(i)).divide(sum, fractionDigits, RoundingMode.HALF_EVEN);
            }
            shares.add(share);
            given = given.add(share);
        }
        return shares;
    }

    /** Any JSON value as plain Java values (maps, lists, strings, numbers, booleans), for attributes. */
    static @Nullable Object plain(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        } else if (node.isString()) {
            return node.stringValue();
        } else if (node.isBoolean()) {
            return node.booleanValue();
        } else if (node.isIntegralNumber()) {
            return node.canConvertToLong()
                    ? (Object) node.longValue()
                    : node.bigIntegerValue().toString();
        } else if (node.isNumber()) {
            return node.decimalValue().toPlainString();
        } else if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            node.values().forEach(value -> values.add(plain(value)));
            return values;
        } else if (node.isObject()) {
            Map<String, Object> values = new LinkedHashMap<>();
            node.properties().forEach(entry -> values.put(entry.getKey(), plain(entry.getValue())));
            return values;
        }
        return node.toString();
    }

    /** {@code [{name, value}, …]} (Shopify note attributes, line properties; WooCommerce meta data) as a map. */
    static Map<String, Object> nameValues(@Nullable JsonNode array, String nameField, String valueField) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (JsonNode entry : elements(array)) {
            String name = text(entry, nameField);
            if (name != null) {
                values.put(name, plain(at(entry, valueField)));
            }
        }
        return values;
    }

    private static final tools.jackson.databind.json.JsonMapper PLAIN =
            tools.jackson.databind.json.JsonMapper.builder().build();

    static JsonNode tree(@Nullable Object plain) {
        return PLAIN.valueToTree(plain);
    }

    static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}

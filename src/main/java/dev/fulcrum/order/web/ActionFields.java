package dev.fulcrum.order.web;

import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.shared.ApiProblem;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the small bodies of order actions, collecting every bad field before refusing: one reading for the shorthand
 * endpoints of {@link OrderController} and the flow actions of {@link FlowController}.
 */
final class ActionFields {

    private final @Nullable JsonNode body;
    private final List<dev.fulcrum.shared.FieldProblem> problems = new java.util.ArrayList<>();

    ActionFields(@Nullable JsonNode body, String... known) {
        this.body = body;
        if (body != null && !body.isNull()) {
            if (!body.isObject()) {
                throw ApiProblem.invalid("body", "must be a JSON object");
            }
            List<String> knownFields = List.of(known);
            for (String name : body.propertyNames()) {
                if (!knownFields.contains(name)) {
                    problems.add(new dev.fulcrum.shared.FieldProblem(
                            name, "is not a known field; expected one of " + knownFields));
                }
            }
        }
    }

    @Nullable
    String text(String name, boolean required) {
        JsonNode node = body == null ? null : body.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(new dev.fulcrum.shared.FieldProblem(name, "is required"));
            }
            return null;
        }
        if (!node.isString()
                || node.stringValue().isBlank()
                || node.stringValue().length() > 500) {
            problems.add(
                    new dev.fulcrum.shared.FieldProblem(name, "must be a non-empty string of at most 500 characters"));
            return null;
        }
        return node.stringValue().strip();
    }

    @Nullable
    BigDecimal amount(String name) {
        JsonNode node = body == null ? null : body.get(name);
        if (node == null || node.isNull()) {
            throwIfInvalid();
            return null;
        }
        try {
            BigDecimal value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.stringValue());
            if (value.signum() < 0 || value.stripTrailingZeros().scale() > 4) {
                problems.add(new dev.fulcrum.shared.FieldProblem(
                        name, "must be a non-negative amount with at most 4 decimals"));
            }
            throwIfInvalid();
            return value;
        } catch (NumberFormatException | NullPointerException notAnAmount) {
            problems.add(new dev.fulcrum.shared.FieldProblem(name, "must be a decimal amount such as \"113.00\""));
            throwIfInvalid();
            return null;
        }
    }

    List<LineQuantity> lineQuantities(String name) {
        JsonNode node = body == null ? null : body.get(name);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(new dev.fulcrum.shared.FieldProblem(name, "must be an array"));
            return List.of();
        }
        List<LineQuantity> lines = new java.util.ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode line = node.get(i);
            String prefix = name + "[" + i + "].";
            JsonNode lineNo = line.get("lineNo");
            JsonNode sku = line.get("sku");
            JsonNode quantity = line.get("quantity");
            if (lineNo != null && !lineNo.isNull() && !lineNo.canConvertToExactIntegral()) {
                problems.add(new dev.fulcrum.shared.FieldProblem(prefix + "lineNo", "must be a whole number"));
                continue;
            }
            if (quantity == null || !quantity.isIntegralNumber() || quantity.asInt() <= 0) {
                problems.add(new dev.fulcrum.shared.FieldProblem(
                        prefix + "quantity", "must be a whole number greater than zero"));
                continue;
            }
            lines.add(new LineQuantity(
                    lineNo == null || lineNo.isNull() ? null : lineNo.asInt(),
                    sku == null || !sku.isString() ? null : sku.stringValue(),
                    quantity.asInt()));
        }
        return lines;
    }

    void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
    }
}

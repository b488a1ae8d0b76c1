package dev.fulcrum.channels.internal;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.fulcrum.shared.FieldProblem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps any JSON document to the canonical order with a JSONata expression (dashjoin's Java implementation). The
 * expression's result is the order document of the data contract; beside the contract's fields, a line may carry
 * {@code attributes} and {@code tags} (kept for shipment group rules) and the order may carry {@code cancelled}.
 * Expressions are compiled once per text and evaluated with a time and depth bound, so a mapping cannot hang intake.
 */
public final class JsonataMapping {

    static final long TIMEOUT_MILLIS = 2_000;
    static final int MAX_DEPTH = 200;
    private static final int CACHE_SIZE = 256;
    private static final Map<String, Jsonata> COMPILED =
            java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Jsonata> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    private JsonataMapping() {}

    /** Compiles the expression; reports a syntax error as a problem of field {@code mapping}. */
    public static void check(String expression) {
        compile(expression);
    }

    public static Mapped map(@Nullable String expression, JsonNode input) {
        if (expression == null || expression.isBlank()) {
            // Without a mapping, documents must already be canonical orders.
            if (!input.isObject()) {
                throw new MappingFailure("body", "must be a JSON object (the connection has no mapping)");
            }
            return fromCanonical((ObjectNode) input.deepCopy());
        }
        Jsonata compiled = compile(expression);
        Object result;
        try {
            synchronized (compiled) {
                Jsonata.Frame frame = compiled.createFrame();
                frame.setRuntimeBounds(TIMEOUT_MILLIS, MAX_DEPTH);
                result = compiled.evaluate(toPlain(input), frame);
            }
        } catch (JException | StackOverflowError failed) {
            throw new MappingFailure("mapping", "evaluation failed: " + message(failed));
        } catch (RuntimeException failed) {
            throw new MappingFailure(
                    "mapping",
                    "evaluation failed: " + failed.getClass().getSimpleName()
                            + (failed.getMessage() == null ? "" : ": " + LenientJson.abbreviate(failed.getMessage())));
        }
        JsonNode document = toTree(result);
        if (!document.isObject()) {
            throw new MappingFailure(
                    "mapping",
                    "must produce a JSON object (the order), but produced "
                            + (result == null
                                    ? "nothing"
                                    : document.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return fromCanonical((ObjectNode) document);
    }

    /** Takes the extras (line attributes and tags, cancelled) out of a canonical document. */
    static Mapped fromCanonical(ObjectNode document) {
        List<Mapped.LineExtra> extras = new ArrayList<>();
        JsonNode lines = document.get("lines");
        if (lines != null && lines.isArray()) {
            for (JsonNode line : lines.values()) {
                if (line instanceof ObjectNode object) {
                    JsonNode attributes = object.remove("attributes");
                    JsonNode tags = object.remove("tags");
                    JsonNode ref = object.remove("ref");
                    Map<String, Object> attributeMap = new LinkedHashMap<>();
                    if (attributes != null && attributes.isObject()) {
                        attributes
                                .properties()
                                .forEach(e -> attributeMap.put(e.getKey(), LenientJson.plain(e.getValue())));
                    }
                    List<String> tagList = new ArrayList<>();
                    for (JsonNode tag : LenientJson.elements(tags)) {
                        if (tag.isString()) {
                            tagList.add(tag.stringValue());
                        }
                    }
                    extras.add(new Mapped.LineExtra(
                            ref != null && ref.isValueNode() ? ref.asString() : null, attributeMap, tagList));
                } else {
                    extras.add(new Mapped.LineExtra(null, Map.of(), List.of()));
                }
            }
        }
        JsonNode cancelled = document.remove("cancelled");
        String externalId = LenientJson.text(document, "externalId");
        if (externalId == null) {
            throw new MappingFailure(List.of(new FieldProblem("externalId", "is required: the channel's order id")));
        }
        return Mapped.upsert(externalId, document, extras, cancelled != null && cancelled.asBoolean(false), null);
    }

    private static Jsonata compile(String expression) {
        Jsonata compiled = COMPILED.get(expression);
        if (compiled != null) {
            return compiled;
        }
        try {
            compiled = Jsonata.jsonata(expression);
        } catch (JException | StackOverflowError invalid) {
            throw new MappingFailure("mapping", "is not a valid JSONata expression: " + message(invalid));
        } catch (RuntimeException invalid) {
            throw new MappingFailure(
                    "mapping",
                    "is not a valid JSONata expression: " + invalid.getClass().getSimpleName());
        }
        COMPILED.put(expression, compiled);
        return compiled;
    }

    private static String message(Throwable failure) {
        if (failure instanceof StackOverflowError) {
            return "the expression nests too deeply";
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof JException jsonata && jsonata.getLocation() >= 0) {
            message += " (at position " + jsonata.getLocation() + ")";
        }
        return LenientJson.abbreviate(message.length() > 200 ? message.substring(0, 200) : message);
    }

    /** JSON to the plain Java values JSONata works on: maps, lists, strings, booleans, Long and Double numbers. */
    static @Nullable Object toPlain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), toPlain(e.getValue())));
            return map;
        } else if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.values().forEach(value -> list.add(toPlain(value)));
            return list;
        } else if (node.isString()) {
            return node.stringValue();
        } else if (node.isBoolean()) {
            return node.booleanValue();
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        } else if (node.isNumber()) {
            return node.doubleValue();
        }
        return null;
    }

    static JsonNode toTree(@Nullable Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (value == null || value == Jsonata.NULL_VALUE) {
            return nodes.nullNode();
        } else if (value instanceof Map<?, ?> map) {
            ObjectNode object = nodes.objectNode();
            map.forEach((key, entry) -> object.set(String.valueOf(key), toTree(entry)));
            return object;
        } else if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode();
            list.forEach(entry -> array.add(toTree(entry)));
            return array;
        } else if (value instanceof String text) {
            return nodes.stringNode(text);
        } else if (value instanceof Boolean bool) {
            return nodes.booleanNode(bool);
        } else if (value instanceof Double number) {
            if (!Double.isFinite(number)) {
                return nodes.nullNode();
            }
            BigDecimal decimal = BigDecimal.valueOf(number);
            return decimal.stripTrailingZeros().scale() <= 0 && Math.abs(number) < 1e15
                    ? nodes.numberNode(decimal.toBigInteger())
                    : nodes.numberNode(decimal);
        } else if (value instanceof BigDecimal decimal) {
            return nodes.numberNode(decimal);
        } else if (value instanceof BigInteger integer) {
            return nodes.numberNode(integer);
        } else if (value instanceof Number number) {
            return nodes.numberNode(number.longValue());
        }
        return nodes.stringNode(String.valueOf(value));
    }
}

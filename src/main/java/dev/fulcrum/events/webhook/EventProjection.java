package dev.fulcrum.events.webhook;

import dev.fulcrum.events.EventType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a subscriber sees of an event's {@code data}: only the fields its subscription lists (all when none are
 * listed), with every field the event's schema marks as personal data masked unless the subscription is granted it.
 * Paths are dotted ({@code order.customer.email}); arrays are transparent ({@code order.lines.sku}).
 */
final class EventProjection {

    static final String MASK = "***";

    private EventProjection() {}

    static JsonNode project(EventType type, JsonNode data, List<String> fields, Set<String> grantedPersonalData) {
        JsonNode projected = fields.isEmpty() ? data.deepCopy() : select(data, fields);
        for (String path : type.personalDataPaths()) {
            if (!grantedPersonalData.contains(path)) {
                mask(projected, path.split("\\."), 0);
            }
        }
        return projected;
    }

    private static JsonNode select(JsonNode data, List<String> fields) {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (String field : fields) {
            copy(data, result, field.split("\\."), 0);
        }
        return result;
    }

    /** Copies the value at {@code path} from {@code source} into {@code target}, creating objects and arrays on the way. */
    private static void copy(JsonNode source, JsonNode target, String[] path, int index) {
        if (source.isArray() && target.isArray()) {
            var targetArray = (tools.jackson.databind.node.ArrayNode) target;
            for (int i = 0; i < source.size(); i++) {
                JsonNode element = source.get(i);
                if (targetArray.size() <= i) {
                    targetArray.add(element.isObject() ? JsonNodeFactory.instance.objectNode() : element.deepCopy());
                }
                if (element.isObject()) {
                    copy(element, targetArray.get(i), path, index);
                }
            }
            return;
        }
        if (!source.isObject() || !target.isObject()) {
            return;
        }
        JsonNode value = source.get(path[index]);
        if (value == null) {
            return;
        }
        ObjectNode into = (ObjectNode) target;
        if (index == path.length - 1) {
            into.set(path[index], value.deepCopy());
            return;
        }
        JsonNode existing = into.get(path[index]);
        if (existing == null || existing.isNull()) {
            if (value.isObject()) {
                existing = into.putObject(path[index]);
            } else if (value.isArray()) {
                existing = into.putArray(path[index]);
            } else {
                return;
            }
        }
        copy(value, existing, path, index + 1);
    }

    private static void mask(JsonNode node, String[] path, int index) {
        if (node.isArray()) {
            node.forEach(element -> mask(element, path, index));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode object = (ObjectNode) node;
        JsonNode value = object.get(path[index]);
        if (value == null || value.isNull()) {
            return;
        }
        if (index == path.length - 1) {
            if (value.isString()) {
                object.put(path[index], MASK);
            } else {
                object.putNull(path[index]);
            }
        } else {
            mask(value, path, index + 1);
        }
    }

    /**
     * The variables a subscription filter sees: {@code data} (with decimal amounts as numbers, so that
     * {@code data.order.total > 1000.0} works), {@code type} (short name) and {@code subject}.
     */
    static Map<String, Object> filterVariables(EventType type, JsonNode data, @Nullable String subject) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("data", plain(data, "", type.decimalPaths()));
        variables.put("type", type.name());
        variables.put("subject", subject == null ? "" : subject);
        return variables;
    }

    private static Object plain(JsonNode node, String path, Set<String> decimals) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties()
                    .forEach(entry -> map.put(
                            entry.getKey(),
                            plain(
                                    entry.getValue(),
                                    path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(),
                                    decimals)));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(plain(element, path, decimals)));
            return list;
        }
        if (node.isString()) {
            if (decimals.contains(path)) {
                try {
                    return new BigDecimal(node.asString()).doubleValue();
                } catch (NumberFormatException notADecimal) {
                    return node.asString();
                }
            }
            return node.asString();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return com.google.protobuf.NullValue.NULL_VALUE;
    }
}

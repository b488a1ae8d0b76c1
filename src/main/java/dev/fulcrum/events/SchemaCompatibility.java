package dev.fulcrum.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Whether a changed schema of an already released event version still serves the consumers of the released one.
 * Compares dereferenced schemas and reports every field that was removed, retyped or is no longer required; adding
 * optional fields is fine. A breaking change needs a new version ({@code order.placed.v2.json}) instead.
 */
public final class SchemaCompatibility {

    private SchemaCompatibility() {}

    /** The breaking changes from {@code released} to {@code current}; empty when compatible. */
    public static List<String> breakingChanges(JsonNode released, JsonNode current) {
        List<String> problems = new ArrayList<>();
        compare(released, current, "data", problems);
        return problems;
    }

    private static void compare(JsonNode released, JsonNode current, String path, List<String> problems) {
        Set<String> releasedTypes = types(released);
        Set<String> currentTypes = types(current);
        if (!releasedTypes.equals(currentTypes)) {
            problems.add(path + " was retyped from " + releasedTypes + " to " + currentTypes);
            return;
        }
        for (JsonNode name : released.path("required")) {
            if (!contains(current.path("required"), name.asString())) {
                problems.add(path + "." + name.asString() + " is no longer required");
            }
        }
        released.path("properties").properties().forEach(property -> {
            String child = path + "." + property.getKey();
            JsonNode now = current.path("properties").get(property.getKey());
            if (now == null) {
                problems.add(child + " was removed");
            } else {
                compare(property.getValue(), now, child, problems);
            }
        });
        if (released.has("items")) {
            compare(released.get("items"), current.path("items"), path + "[]", problems);
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            JsonNode before = released.path(combinator);
            JsonNode after = current.path(combinator);
            for (int i = 0; i < before.size(); i++) {
                if (i >= after.size()) {
                    problems.add(path + " lost its alternative " + combinator + "[" + i + "]");
                } else {
                    compare(before.get(i), after.get(i), path, problems);
                }
            }
        }
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new TreeSet<>();
        JsonNode type = schema.path("type");
        if (type.isString()) {
            types.add(type.asString());
        } else {
            type.forEach(each -> types.add(each.asString()));
        }
        return types;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.asString().equals(value)) {
                return true;
            }
        }
        return false;
    }
}

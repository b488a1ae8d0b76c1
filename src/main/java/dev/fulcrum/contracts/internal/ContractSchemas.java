package dev.fulcrum.contracts.internal;

import dev.fulcrum.contracts.ContractDocument;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Generates a JSON Schema (draft 2020-12) from a contract version: an object per path segment, arrays for segments
 * marked {@code []}, {@code required} from the fields' flags, each field's English meaning as its
 * {@code description} and the rest of its description as {@code x-} keywords (Chinese meaning, unit, source, owner);
 * the rules are listed under {@code x-rules}, as JSON Schema cannot say what CEL says.
 */
public final class ContractSchemas {

    private ContractSchemas() {}

    public static Map<String, Object> of(ContractDocument document, int version) {
        Node root = new Node();
        for (ContractDocument.Field field : document.fields()) {
            Node node = root;
            String[] segments = field.path().split("\\.", -1);
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                boolean each = segment.endsWith("[]");
                String name = each ? segment.substring(0, segment.length() - 2) : segment;
                Node child = node.properties.computeIfAbsent(name, ignored -> new Node());
                if (each) {
                    child.array = true;
                }
                if (i == segments.length - 1) {
                    child.field = field;
                    if (field.required()) {
                        node.required.add(name);
                    }
                }
                node = each ? child.items() : child;
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://fulcrum.dev/schemas/contracts/" + document.name() + ".v" + version + ".json");
        schema.put("title", document.title().en());
        schema.put("x-title-zh", document.title().zh());
        schema.put("x-contract-version", version);
        schema.putAll(root.schema());
        schema.put("type", "object");
        schema.put(
                "x-rules",
                document.rules().stream()
                        .map(rule -> Map.of(
                                "name", rule.name(),
                                "severity", rule.severity(),
                                "field", rule.field(),
                                "expression", rule.expression(),
                                "message", rule.message().en()))
                        .toList());
        return schema;
    }

    private static final class Node {
        final Map<String, Node> properties = new LinkedHashMap<>();
        final Set<String> required = new LinkedHashSet<>();
        ContractDocument.@org.jspecify.annotations.Nullable Field field;
        boolean array;

        @org.jspecify.annotations.Nullable
        Node items;

        Node items() {
            if (items == null) {
                items = new Node();
            }
            return items;
        }

        Map<String, Object> schema() {
            Map<String, Object> schema = new LinkedHashMap<>();
            ContractDocument.Field described = field;
            if (described != null) {
                schema.put("type", described.type());
                if (described.format() != null) {
                    schema.put("format", described.format());
                }
                schema.put("description", described.meaning().en());
                schema.put("x-description-zh", described.meaning().zh());
                if (described.unit() != null) {
                    schema.put("x-unit", described.unit());
                }
                schema.put("x-source", described.source());
                schema.put("x-owner", described.owner());
            }
            Node elements = items;
            if (array) {
                schema.put("type", "array");
                if (elements != null) {
                    schema.put("items", elements.schema());
                }
            } else if (!properties.isEmpty()) {
                schema.put("type", "object");
                Map<String, Object> children = new LinkedHashMap<>();
                properties.forEach((name, node) -> children.put(name, node.schema()));
                schema.put("properties", children);
                if (!required.isEmpty()) {
                    schema.put("required", List.copyOf(required));
                }
            }
            return schema;
        }
    }
}

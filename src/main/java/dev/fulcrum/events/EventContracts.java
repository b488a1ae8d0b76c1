package dev.fulcrum.events;

import dev.fulcrum.contracts.ContractDocument;
import dev.fulcrum.contracts.ContractSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The public event types as data contracts ({@code event.<type>}, for example {@code event.order.placed}), generated
 * from the catalogue's JSON Schemas: each property of {@code data} with its type and description. A schema property
 * may give its Chinese description as {@code x-description-zh}; without one the Chinese meaning points to the English
 * text. Event contracts carry no rules: the schema is the contract, checked by {@link EventCatalogue#validate}.
 */
@Component
class EventContracts implements ContractSource {

    private static final int MAX_DEPTH = 4;

    private final List<ContractDocument> contracts;

    EventContracts() {
        EventCatalogue catalogue = EventCatalogue.load();
        List<ContractDocument> documents = new ArrayList<>();
        for (EventType type : catalogue.current()) {
            List<ContractDocument.Field> fields = new ArrayList<>();
            collect(type.schema(), "", Set.copyOf(strings(type.schema().path("required"))), fields, 0);
            if (fields.isEmpty()) {
                continue;
            }
            documents.add(new ContractDocument(
                    "event." + type.name(),
                    "event",
                    "data",
                    new ContractDocument.Text(type.title(), "公共事件 " + type.cloudEventsType()),
                    "integration",
                    fields,
                    List.of(),
                    null,
                    null));
        }
        this.contracts = List.copyOf(documents);
    }

    @Override
    public List<ContractDocument> contracts() {
        return contracts;
    }

    private static void collect(
            JsonNode schema, String prefix, Set<String> required, List<ContractDocument.Field> fields, int depth) {
        JsonNode properties = schema.path("properties");
        if (!properties.isObject() || depth > MAX_DEPTH) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (var entry : properties.properties()) {
            String name = entry.getKey();
            if (!seen.add(name) || !name.matches("[A-Za-z][A-Za-z0-9]*")) {
                continue;
            }
            JsonNode property = entry.getValue();
            String type = type(property);
            String path = prefix + name;
            String description = property.path("description").asString("");
            if (description.isBlank()) {
                description = property.path("title").asString(name);
            }
            String chinese = property.path("x-description-zh").asString("");
            fields.add(new ContractDocument.Field(
                    path,
                    type,
                    property.path("format").isString() ? property.path("format").asString() : null,
                    null,
                    "Fulcrum",
                    "integration",
                    required.contains(name),
                    new ContractDocument.Text(description, chinese.isBlank() ? "见英文说明：" + description : chinese)));
            if (type.equals("object")) {
                collect(property, path + ".", Set.copyOf(strings(property.path("required"))), fields, depth + 1);
            } else if (type.equals("array") && property.path("items").isObject()) {
                JsonNode items = property.path("items");
                collect(items, path + "[].", Set.copyOf(strings(items.path("required"))), fields, depth + 1);
            }
        }
    }

    private static String type(JsonNode property) {
        JsonNode type = property.path("type");
        if (type.isString()) {
            return type.asString();
        }
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (!one.asString().equals("null")) {
                    return one.asString();
                }
            }
        }
        return property.path("properties").isObject() ? "object" : "string";
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(value -> values.add(value.asString()));
        }
        return values;
    }
}

package dev.fulcrum.events;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Renders the event catalogue ({@code docs/events.md}) from the committed schemas. */
public final class CatalogueDocument {

    private CatalogueDocument() {}

    public static String render(EventCatalogue catalogue) {
        StringBuilder md = new StringBuilder();
        md.append("""
                # Fulcrum public events

                <!-- Generated from src/main/resources/events/schemas by EventContractTests; do not edit by hand. -->

                Every public event is a [CloudEvents 1.0](https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md)
                structured JSON document (`application/cloudevents+json`), the same on Kafka, in webhooks, on the live
                stream and from `GET /api/v1/events`:

                | attribute | value |
                |---|---|
                | `specversion` | `1.0` |
                | `id` | the event id (UUID); the same event delivered twice has the same id, so use it to drop duplicates |
                | `source` | `/fulcrum/tenants/<tenant id>` |
                | `type` | `dev.fulcrum.<name>.v<version>`, for example `dev.fulcrum.order.placed.v1` |
                | `subject` | the order id (or the subscription id for `subscription.*`); also the Kafka record key |
                | `time` | when it happened (UTC, RFC 3339) |
                | `datacontenttype` | `application/json` |
                | `dataschema` | the URI of the JSON Schema of `data` (the file under `src/main/resources/events/schemas`) |
                | `ordersequence` | extension: the event's number within its order, 1, 2, 3, … |
                | `data` | the payload described below |

                Versions are contracts: a released version only ever gains optional fields. Removing, retyping or
                un-requiring a field makes a new version (`…v2`), and a test fails on the old one otherwise. Fields marked
                *personal* are masked for webhook subscribers unless the subscription is granted them. Amounts are decimal
                strings (`"113.00"`).

                | type | CloudEvents type | what happened |
                |---|---|---|
                """);
        for (EventType type : catalogue.all()) {
            if (!type.inbound()) {
                row(type, md);
            }
        }
        md.append("""

                ## Inbound documents

                Documents warehouses, carriers and payment systems send *to* Fulcrum, on its inbound Kafka topics or to
                `POST /api/v1/inbound-events` (see [inbound events](guide/inbound.md)): CloudEvents 1.0 structured JSON
                like the public events, with `source` naming the sending system, `id` unique per source (a document is
                applied once per source and id), `type` as below (or its short name) and the extension `tenant` (the
                tenant id) on Kafka. Fulcrum never publishes these types.

                | type | CloudEvents type | what happened |
                |---|---|---|
                """);
        for (EventType type : catalogue.all()) {
            if (type.inbound()) {
                row(type, md);
            }
        }
        for (EventType type : catalogue.all()) {
            md.append("\n## ")
                    .append(type.name())
                    .append(" v")
                    .append(type.version())
                    .append("\n\n")
                    .append(type.description())
                    .append("\n\n")
                    .append("CloudEvents type `")
                    .append(type.cloudEventsType())
                    .append("`, schema `")
                    .append(type.schemaId())
                    .append("`.\n\n")
                    .append("| field of `data` | type | required | personal | description |\n|---|---|---|---|---|\n");
            fields(type.schema(), "", md);
        }
        return md.toString();
    }

    private static void row(EventType type, StringBuilder md) {
        md.append("| [`")
                .append(type.name())
                .append("`](#")
                .append(anchor(type))
                .append(") | `")
                .append(type.cloudEventsType())
                .append("` | ")
                .append(type.title())
                .append(" |\n");
    }

    private static String anchor(EventType type) {
        return (type.name() + "-v" + type.version()).replace(".", "");
    }

    private static void fields(JsonNode schema, String path, StringBuilder md) {
        JsonNode properties = schema.path("properties");
        List<String> requiredNames = new java.util.ArrayList<>();
        schema.path("required").forEach(name -> requiredNames.add(name.asString()));
        properties.properties().forEach(property -> {
            JsonNode field = concrete(property.getValue());
            String child = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
            md.append("| `")
                    .append(child)
                    .append("` | ")
                    .append(typeOf(property.getValue()))
                    .append(" | ")
                    .append(requiredNames.contains(property.getKey()) ? "yes" : "")
                    .append(" | ")
                    .append(field.path("x-personal-data").asBoolean(false) ? "personal" : "")
                    .append(" | ")
                    .append(field.path("description").asString("").replace("|", "\\|"))
                    .append(" |\n");
            fields(field, child, md);
            if (field.has("items")) {
                fields(concrete(field.get("items")), child + "[]", md);
            }
        });
    }

    /** The object alternative of a nullable {@code anyOf}, or the schema itself. */
    private static JsonNode concrete(JsonNode schema) {
        for (JsonNode alternative : schema.path("anyOf")) {
            if (!"null".equals(alternative.path("type").asString(""))) {
                return alternative;
            }
        }
        return schema;
    }

    private static String typeOf(JsonNode schema) {
        if (schema.has("anyOf")) {
            List<String> parts = new java.util.ArrayList<>();
            schema.get("anyOf").forEach(alternative -> parts.add(typeOf(alternative)));
            return String.join(" \\| ", parts);
        }
        JsonNode type = schema.path("type");
        String name = type.isArray()
                ? String.join(
                        " \\| ", type.valueStream().map(JsonNode::asString).toList())
                : type.asString("any");
        if (schema.path("x-decimal").asBoolean(false)) {
            name = "decimal string";
        } else if (schema.has("format")) {
            name += " (" + schema.get("format").asString() + ")";
        }
        if (schema.has("enum")) {
            name += ": "
                    + String.join(
                            ", ",
                            schema.get("enum")
                                    .valueStream()
                                    .map(JsonNode::asString)
                                    .toList());
        }
        return name;
    }
}

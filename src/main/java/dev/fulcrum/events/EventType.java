package dev.fulcrum.events;

import java.net.URI;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * One version of a public event type, described by its committed JSON Schema.
 *
 * @param name the short name used in the API and subscriptions, for example {@code order.placed}
 * @param version the contract version; a change that is not backward compatible needs a new version
 * @param schemaId the {@code $id} of the schema, also written as the CloudEvents {@code dataschema}
 * @param schema the schema of {@code data} with every {@code $ref} resolved
 * @param personalDataPaths dotted paths into {@code data} marked {@code x-personal-data} (array items are transparent)
 * @param decimalPaths dotted paths of decimal amounts written as strings ({@code x-decimal})
 */
public record EventType(
        String name,
        int version,
        String title,
        String description,
        URI schemaId,
        JsonNode schema,
        Set<String> personalDataPaths,
        Set<String> decimalPaths) {

    /** The CloudEvents {@code type} attribute, for example {@code dev.fulcrum.order.placed.v1}. */
    public String cloudEventsType() {
        return "dev.fulcrum." + name + ".v" + version;
    }

    /**
     * Whether this is an inbound document type ({@code inbound.*}): a document other systems send to Fulcrum (see
     * docs/guide/inbound.md), never published by it.
     */
    public boolean inbound() {
        return family().equals("inbound");
    }

    /** The family (first segment of the name), which selects the Kafka topic: {@code order}, {@code subscription}. */
    public String family() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}

package dev.fulcrum.events;

import dev.fulcrum.compliance.PersonalDataMasks;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masking of an event's personal fields (those its schema marks {@code x-personal-data}) for a destination in a data
 * region the tenant did not allow: webhook subscriptions and Kafka topics declared in another region (ADR 0122).
 */
public final class PersonalFields {

    /** What a personal field a webhook subscription was not granted reads as. */
    public static final String NOT_GRANTED = "***";

    private PersonalFields() {}

    /**
     * Masks, in place, every personal field of {@code data} still in the clear the way {@link PersonalDataMasks} does
     * ({@code 王**}, {@code a***@example.com}); numbers (coordinates) become null. A field already masked as not granted
     * stays {@value #NOT_GRANTED}.
     */
    public static void maskForTransfer(EventType type, JsonNode data) {
        for (String path : type.personalDataPaths()) {
            mask(data, path.split("\\."), 0);
        }
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
        if (index < path.length - 1) {
            mask(value, path, index + 1);
        } else if (value.isString()) {
            if (!value.asString().equals(NOT_GRANTED)) {
                object.put(path[index], PersonalDataMasks.mask(value.asString()));
            }
        } else {
            object.putNull(path[index]);
        }
    }
}

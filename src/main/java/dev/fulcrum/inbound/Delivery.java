package dev.fulcrum.inbound;

import org.jspecify.annotations.Nullable;

/**
 * How an inbound document arrived: over Kafka (with the record's topic, partition, offset and key) or the REST API.
 */
public record Delivery(
        String transport,
        @Nullable String topic,
        @Nullable Integer partition,
        @Nullable Long offset,
        @Nullable String key) {

    public static final String KAFKA = "kafka";
    public static final String REST = "rest";

    public static Delivery rest() {
        return new Delivery(REST, null, null, null, null);
    }

    public static Delivery kafka(String topic, int partition, long offset, @Nullable String key) {
        return new Delivery(KAFKA, topic, partition, offset, key);
    }
}

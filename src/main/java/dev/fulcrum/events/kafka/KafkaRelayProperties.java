package dev.fulcrum.events.kafka;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code fulcrum.kafka}. The relay runs only when {@code bootstrap-servers} is set
 * ({@code FULCRUM_KAFKA_BOOTSTRAP_SERVERS}).
 *
 * @param bootstrapServers the Kafka cluster, for example {@code kafka-1:9092,kafka-2:9092}
 * @param topic the topic of every event family without its own ({@code fulcrum.events})
 * @param topics a topic per event family, for example {@code order: fulcrum.orders}
 * @param pollMillis how often the relay looks for events committed by other instances
 * @param leaseRetryMillis how often a standby instance tries to take over the relay
 * @param ackTimeoutMillis how long the relay waits for Kafka to acknowledge a batch
 * @param region the data region of the Kafka cluster, for every topic without its own in {@code topicRegions}; null:
 *     each tenant's own region (nothing is masked for residency)
 * @param topicRegions a data region per topic, for example {@code fulcrum.orders: eu}: a tenant's events going to a
 *     topic in a region its data residency does not allow have their personal fields masked (ADR 0122)
 */
@ConfigurationProperties("fulcrum.kafka")
public record KafkaRelayProperties(
        String bootstrapServers,
        String topic,
        Map<String, String> topics,
        long pollMillis,
        long leaseRetryMillis,
        long ackTimeoutMillis,
        @Nullable String region,
        Map<String, String> topicRegions) {

    public KafkaRelayProperties {
        topic = topic == null || topic.isBlank() ? "fulcrum.events" : topic;
        topics = topics == null ? Map.of() : Map.copyOf(topics);
        pollMillis = pollMillis <= 0 ? 500 : pollMillis;
        leaseRetryMillis = leaseRetryMillis <= 0 ? 2000 : leaseRetryMillis;
        ackTimeoutMillis = ackTimeoutMillis <= 0 ? 30_000 : ackTimeoutMillis;
        region = region == null || region.isBlank() ? null : region;
        topicRegions = topicRegions == null ? Map.of() : Map.copyOf(topicRegions);
    }
}

package dev.fulcrum.events.kafka;

import java.util.Map;
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
 */
@ConfigurationProperties("fulcrum.kafka")
public record KafkaRelayProperties(
        String bootstrapServers,
        String topic,
        Map<String, String> topics,
        long pollMillis,
        long leaseRetryMillis,
        long ackTimeoutMillis) {

    public KafkaRelayProperties {
        topic = topic == null || topic.isBlank() ? "fulcrum.events" : topic;
        topics = topics == null ? Map.of() : Map.copyOf(topics);
        pollMillis = pollMillis <= 0 ? 500 : pollMillis;
        leaseRetryMillis = leaseRetryMillis <= 0 ? 2000 : leaseRetryMillis;
        ackTimeoutMillis = ackTimeoutMillis <= 0 ? 30_000 : ackTimeoutMillis;
    }
}

package dev.fulcrum.inbound.kafka;

import dev.fulcrum.inbound.InboundEvents;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The inbound Kafka consumer, present when {@code fulcrum.kafka.bootstrap-servers} is set (like the relay) and
 * {@code fulcrum.inbound.kafka.enabled} is not false. Every instance joins one consumer group, so each partition is
 * read by one instance at a time and a partition moves to another instance when one stops.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
        "'${fulcrum.kafka.bootstrap-servers:}' != '' and '${fulcrum.inbound.kafka.enabled:true}' != 'false'")
@EnableConfigurationProperties(InboundKafkaProperties.class)
class InboundKafkaConfiguration {

    @Bean
    DeadLetterTopic inboundDeadLetterTopic(@Value("${fulcrum.kafka.bootstrap-servers}") String bootstrapServers) {
        return new DeadLetterTopic(bootstrapServers);
    }

    /**
     * The listener container: records are acknowledged one by one by the listener after their transaction commits.
     * A failure the listener does not turn into a dead letter (the database is unreachable) is retried every second
     * from the same record, so nothing after it in its partition is applied first.
     */
    @Bean
    ConcurrentMessageListenerContainer<String, byte[]> inboundKafkaContainer(
            @Value("${fulcrum.kafka.bootstrap-servers}") String bootstrapServers,
            InboundKafkaProperties properties,
            InboundEvents inbound,
            DeadLetterTopic inboundDeadLetterTopic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, properties.autoOffsetReset());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "fulcrum-inbound");
        DefaultKafkaConsumerFactory<String, byte[]> consumers =
                new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        ContainerProperties container =
                new ContainerProperties(properties.topics().toArray(String[]::new));
        container.setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
        container.setMessageListener(new InboundKafkaListener(inbound, inboundDeadLetterTopic));
        ConcurrentMessageListenerContainer<String, byte[]> listeners =
                new ConcurrentMessageListenerContainer<>(consumers, container);
        listeners.setConcurrency(properties.concurrency());
        listeners.setCommonErrorHandler(
                new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS)));
        listeners.setBeanName("fulcrumInboundKafka");
        return listeners;
    }
}

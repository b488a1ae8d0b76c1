package dev.fulcrum.events.kafka;

import dev.fulcrum.compliance.DataResidency;
import dev.fulcrum.events.CloudEvents;
import dev.fulcrum.events.NewEventsSignal;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The Kafka relay, present only when {@code fulcrum.kafka.bootstrap-servers} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${fulcrum.kafka.bootstrap-servers:}' != ''")
@EnableConfigurationProperties(KafkaRelayProperties.class)
class KafkaRelayConfiguration {

    @Bean
    KafkaTemplate<String, byte[]> fulcrumEventsKafkaTemplate(KafkaRelayProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Idempotent producer: retries cannot duplicate or reorder records within a partition.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fulcrum-relay");
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }

    @Bean
    KafkaRelay kafkaRelay(
            DataSource dataSource,
            KafkaTemplate<String, byte[]> fulcrumEventsKafkaTemplate,
            CloudEvents cloudEvents,
            NewEventsSignal signal,
            KafkaRelayProperties properties,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters,
            DataResidency residency) {
        return new KafkaRelay(
                "log",
                dataSource,
                fulcrumEventsKafkaTemplate,
                cloudEvents,
                signal,
                properties,
                json,
                clock,
                meters,
                residency);
    }
}

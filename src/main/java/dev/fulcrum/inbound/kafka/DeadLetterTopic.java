package dev.fulcrum.inbound.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Publishes a record that could not be applied to its topic's dead-letter topic {@code <topic>.dlt}, unchanged (same
 * key, same value) with spring-kafka's {@link DeadLetterPublishingRecoverer}: its headers say the original topic,
 * partition, offset and the exception; ours add the reason ({@code fulcrum-dead-letter-reason}) and the dead letter's id
 * ({@code fulcrum-dead-letter-id}). Waits for the broker's acknowledgement, so a record is never acknowledged before
 * its dead letter is on the topic.
 */
class DeadLetterTopic implements DisposableBean {

    static final String REASON_HEADER = "fulcrum-dead-letter-reason";
    static final String ID_HEADER = "fulcrum-dead-letter-id";

    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final DeadLetterPublishingRecoverer recoverer;

    DeadLetterTopic(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fulcrum-inbound-dlt");
        this.producers = new DefaultKafkaProducerFactory<>(config);
        // A negative partition lets the producer choose by key: the dead-letter topic may have other partitions.
        this.recoverer = new DeadLetterPublishingRecoverer(
                new KafkaTemplate<>(producers),
                (record, failure) ->
                        new TopicPartition(record.topic() + InboundKafkaProperties.DEAD_LETTER_SUFFIX, -1));
        recoverer.setFailIfSendResultIsError(true);
        recoverer.setWaitForSendResultTimeout(Duration.ofSeconds(30));
        recoverer.setHeadersFunction((record, failure) -> {
            RecordHeaders headers = new RecordHeaders();
            if (failure instanceof NotApplied notApplied) {
                headers.add(REASON_HEADER, notApplied.getMessage().getBytes(StandardCharsets.UTF_8));
                if (notApplied.deadLetterId != null) {
                    headers.add(ID_HEADER, notApplied.deadLetterId.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            return headers;
        });
    }

    /** Publishes the record to its dead-letter topic and waits for the broker; throws when it could not. */
    void publish(ConsumerRecord<String, byte[]> record, String reason, @Nullable UUID deadLetterId) {
        recoverer.accept(record, new NotApplied(reason, deadLetterId));
    }

    @Override
    public void destroy() {
        producers.destroy();
    }

    /** Why a record was dead-lettered, as the exception the recoverer records in its headers. */
    @SuppressWarnings("serial") // never serialized
    static final class NotApplied extends RuntimeException {
        private final @Nullable UUID deadLetterId;

        NotApplied(String reason, @Nullable UUID deadLetterId) {
            super(reason, null, false, false);
            this.deadLetterId = deadLetterId;
        }

        @Override
        public String getMessage() {
            return java.util.Objects.requireNonNull(super.getMessage());
        }
    }
}

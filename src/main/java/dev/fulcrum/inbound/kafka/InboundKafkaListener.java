package dev.fulcrum.inbound.kafka;

import dev.fulcrum.inbound.Delivery;
import dev.fulcrum.inbound.InboundEvents;
import dev.fulcrum.inbound.InboundOutcome;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * Applies each record of the inbound topics and acknowledges it only after the transaction that applied it (or
 * recorded its dead letter and published it to the dead-letter topic) has committed: a crash before the
 * acknowledgement redelivers the record, which its processed row then turns into a no-op. Records of one partition are
 * applied one after the other, so documents keyed by the same order id apply in the order they were sent.
 */
class InboundKafkaListener implements AcknowledgingMessageListener<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(InboundKafkaListener.class);

    private final InboundEvents inbound;
    private final DeadLetterTopic deadLetterTopic;

    InboundKafkaListener(InboundEvents inbound, DeadLetterTopic deadLetterTopic) {
        this.inbound = inbound;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record, @Nullable Acknowledgment acknowledgment) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        InboundOutcome outcome = inbound.receive(
                value,
                null,
                Delivery.kafka(record.topic(), record.partition(), record.offset(), record.key()),
                (reason, deadLetterId) -> deadLetterTopic.publish(record, reason, deadLetterId));
        if (outcome.status() == InboundOutcome.Status.DEAD_LETTERED) {
            log.info(
                    "Inbound record {}-{}@{} dead-lettered: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    outcome.reason());
        }
        if (acknowledgment != null) {
            acknowledgment.acknowledge();
        }
    }
}

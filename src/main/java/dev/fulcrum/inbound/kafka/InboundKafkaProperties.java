package dev.fulcrum.inbound.kafka;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code fulcrum.inbound.kafka}. The consumer runs when {@code fulcrum.kafka.bootstrap-servers} is set
 * (the relay's switch) and {@code enabled} is not false.
 *
 * @param enabled false leaves the inbound topics unread although Kafka is configured
 * @param topics the topics inbound documents arrive on ({@code fulcrum.inbound}); each has a dead-letter topic
 *     {@code <topic>.dlt}
 * @param groupId the consumer group every instance joins, so each partition is read by one instance at a time
 * @param concurrency consumers per instance (at most the partitions it is given are read in parallel)
 * @param autoOffsetReset where a group without committed offsets starts: {@code earliest} (the default: nothing sent
 *     before the first start is skipped; duplicates are dropped by id anyway) or {@code latest}
 */
@ConfigurationProperties("fulcrum.inbound.kafka")
public record InboundKafkaProperties(
        @DefaultValue("true") boolean enabled,
        List<String> topics,
        String groupId,
        int concurrency,
        String autoOffsetReset) {

    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    public InboundKafkaProperties {
        topics = topics == null || topics.isEmpty() ? List.of("fulcrum.inbound") : List.copyOf(topics);
        groupId = groupId == null || groupId.isBlank() ? "fulcrum-inbound" : groupId;
        concurrency = concurrency <= 0 ? 1 : concurrency;
        autoOffsetReset = autoOffsetReset == null || autoOffsetReset.isBlank() ? "earliest" : autoOffsetReset;
    }
}

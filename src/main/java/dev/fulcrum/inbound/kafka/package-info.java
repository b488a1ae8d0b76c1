/** The inbound Kafka consumer, present only when {@code fulcrum.kafka.bootstrap-servers} is set. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.inbound.kafka;

/**
 * The relay of the public event log to Kafka, led by one instance at a time through PostgreSQL.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.events.kafka;

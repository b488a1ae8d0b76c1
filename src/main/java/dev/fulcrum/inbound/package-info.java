/**
 * Inbound events: what warehouses, carriers and payment systems report back (shipment confirmed, delivered, delivery
 * failed, stock adjusted, payment captured, payment refunded), as CloudEvents whose JSON Schemas are in the event
 * catalogue ({@code inbound.*}). They arrive on Kafka topics (one consumer group across instances) or at
 * {@code POST /api/v1/inbound-events}, and {@link dev.fulcrum.inbound.InboundEvents} applies each as the ordinary
 * order action ({@code OrderManagement}) or inventory ledger movement, audited with the sending system as actor, once
 * per (tenant, source, id). A document that cannot be applied becomes a dead letter (a table, and the topic's
 * {@code .dlt} topic for Kafka) with its reason, to retry after a fix or discard. Publishes nothing of its own: the
 * actions publish their usual events. Listens to nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Inbound events")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.inbound;

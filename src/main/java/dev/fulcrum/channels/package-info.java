/**
 * Channel intake: connections to sales channels (Shopify, WooCommerce, Amazon SP-API, any JSON through a JSONata
 * mapping), bulk imports (CSV, JSON Lines), dedupe by (tenant, connection, external id), merge groups of orders that
 * ship together, shipment groups of lines that cannot, quarantine of authentic payloads that cannot become orders,
 * and status reports back to the channel when an order ships or is cancelled.
 *
 * <p>Places and changes orders only through {@link dev.fulcrum.order.OrderManagement}; listens to
 * {@link dev.fulcrum.order.OrderEvent}s (shipped, cancelled) to report back. Offers {@link dev.fulcrum.channels.ShipmentGroups}
 * and {@link dev.fulcrum.channels.ShipmentGroupRule} to sourcing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Channels")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.channels;

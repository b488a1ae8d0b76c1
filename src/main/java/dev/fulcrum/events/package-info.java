/**
 * The event backbone. Every order change becomes a versioned public event (for example {@code order.placed}),
 * written in the same transaction as the change, numbered per order, and readable in commit order through a cursor
 * that never skips a late-committing transaction. Public events are CloudEvents 1.0 documents whose {@code data}
 * follows a JSON Schema committed under {@code events/schemas} ({@link dev.fulcrum.events.EventCatalogue}).
 * From the log, the {@code kafka} relay publishes to Kafka (one leader per database), {@code webhook} delivers signed
 * events to subscribers from a PostgreSQL queue, the live stream serves server-sent events, and {@code usage} meters
 * API calls per tenant and day. {@link dev.fulcrum.events.WebhookOperations} (delivery health, log, retry, replay,
 * resume) and {@link dev.fulcrum.events.UsageReports} are what the console sees of webhooks and usage. Listens to
 * {@link dev.fulcrum.order.OrderEvent}s and {@link dev.fulcrum.returns.ReturnEvent}s; publishes {@link dev.fulcrum.events.PublicEventAppended} inside the appending
 * transaction.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Events")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.events;

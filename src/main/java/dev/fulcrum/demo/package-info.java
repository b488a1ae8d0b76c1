/**
 * Demo data, so a newcomer sees a living system: on first start with the embedded database the default tenant gets a
 * demo shop: a catalogue of a few dozen items, warehouses, stores and a supplier across China with stock, carriers
 * with rate cards, a sourcing profile, channel connections, a webhook subscription to an internal sink, and a few
 * hundred orders in every state, sourced by the engine. {@code fulcrum.demo.enabled} ({@code FULCRUM_DEMO_ENABLED})
 * turns it on or off regardless of the database.
 *
 * <p>Works only as a client would: the set-up over Fulcrum's own REST API with a short-lived key of the tenant, the
 * orders through {@link dev.fulcrum.order.OrderManagement}; the orders, decisions, events and timeline entries are
 * real. Publishes nothing and listens only to the application being ready.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.demo;

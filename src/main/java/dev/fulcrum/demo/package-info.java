/**
 * Demo data, so a newcomer sees a living system: on first start with the embedded database the default tenant gets a
 * small catalogue's worth of orders (a few hundred, across channels, customers in China and abroad, in every state).
 * {@code fulcrum.demo.enabled} ({@code FULCRUM_DEMO_ENABLED}) turns it on or off regardless of the database.
 *
 * <p>Works only through {@link dev.fulcrum.order.OrderManagement}, like any other client: the orders, their events
 * and timeline entries are real. Publishes nothing and listens only to the application being ready.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo data")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.demo;

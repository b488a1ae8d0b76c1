/**
 * The public event log: every order change becomes a versioned public event (for example {@code order.placed}),
 * written in the same transaction as the change, numbered per order, and readable in commit order through a cursor
 * that never skips a late-committing transaction. Listens to {@link dev.fulcrum.order.OrderEvent}s.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Events")
package dev.fulcrum.events;

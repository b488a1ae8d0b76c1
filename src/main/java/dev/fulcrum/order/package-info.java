/**
 * The order aggregate: the canonical order (data contract v1), immutable line snapshots with a per-line quantity
 * ledger that holds its own invariants, the derived status, holds, and flows (versioned state machines with states
 * of their own mapped to canonical status codes, CEL guards, effects, deadlines and selectors) that decide which
 * actions are allowed. Every change is a typed {@link dev.fulcrum.order.OrderAction} the
 * order applies itself ({@link dev.fulcrum.order.Order#apply}); {@link dev.fulcrum.order.OrderManagement} is the API:
 * it loads, applies, saves and, in the same transaction, publishes an {@link dev.fulcrum.order.OrderEvent}, records the
 * typed {@link dev.fulcrum.order.OrderChange} (the order's timeline) and writes the audit log. Other modules ask
 * {@link dev.fulcrum.order.OrderManagement#allows} whether an action is allowed instead of reading the status.
 *
 * <p>Depends on nothing downstream: sourcing, events and the console react to its events or call its API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Orders")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.order;

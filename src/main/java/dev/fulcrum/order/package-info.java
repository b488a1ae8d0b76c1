/**
 * The order aggregate: the canonical order (data contract v1), immutable line snapshots with a per-line quantity
 * ledger, the derived status, holds, and flows (versioned state machines with states of their own mapped to canonical
 * status codes, CEL guards, effects, deadlines and selectors) that decide which changes are allowed. {@link dev.fulcrum.order.OrderManagement} is the API; every change publishes an
 * {@link dev.fulcrum.order.OrderEvent} in the same transaction and is written to the audit log.
 *
 * <p>Depends on nothing downstream: sourcing, events and the console react to its events or call its API.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Orders")
package dev.fulcrum.order;

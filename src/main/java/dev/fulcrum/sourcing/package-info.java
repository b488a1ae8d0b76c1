/**
 * Sourcing: decides for every paid order which locations ship which lines with which carrier service, reserves that
 * stock in the inventory ledger in the same transaction, promises ship-by and deliver-by dates, and records why
 * (the trace). Owns carriers and rate cards, versioned sourcing profiles (strategies with CEL conditions, hard
 * constraints, objectives, fallback), the note tagger, customer delivery preferences, batch allocation (OR-Tools
 * MIP with SCIP) and shadow simulation.
 *
 * <p>Listens to {@link dev.fulcrum.order.OrderEvent}s (placed, paid, held, released, cancelled, shipped) inside the
 * order's transaction, and to {@link dev.fulcrum.order.OrdersPlaced} (orders placed together, sourced set-based);
 * publishes {@link dev.fulcrum.sourcing.OrderAllocated} and {@link dev.fulcrum.sourcing.OrderBackordered} (the decision
 * and its cost as {@link dev.fulcrum.shared.Money} in the order's currency; or one
 * {@link dev.fulcrum.sourcing.OrdersSourced} for a batch), which the events module turns into {@code order.allocated}
 * and {@code order.backordered}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Sourcing")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.sourcing;

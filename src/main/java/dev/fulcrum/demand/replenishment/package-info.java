/**
 * Replenishment: per SKU and location, a reorder point, an order-up-to level and a proposed quantity from the latest
 * forecast ({@link dev.fulcrum.demand.DemandForecasts}), its error, the location's lead time and review period and a
 * service level; approving a proposal expects its units as inbound stock in the inventory module. See
 * docs/guide/replenishment.md and ADR 0129. A named interface of the demand module: the console lists and approves
 * proposals through {@link dev.fulcrum.demand.replenishment.ReplenishmentProposals}.
 */
@org.springframework.modulith.NamedInterface("replenishment")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.demand.replenishment;

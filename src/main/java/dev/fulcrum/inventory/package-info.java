/**
 * Inventory: locations (warehouses, stores, drop-ship suppliers) with capabilities, capacity and calendars; stock
 * positions per location and SKU; the append-only movement ledger (receive, adjust, snapshot, reserve, release,
 * ship, restock) that positions always equal; available-to-promise; feed freshness; reservations, with an expiry
 * for orders waiting for payment. {@link dev.fulcrum.inventory.Locations} and
 * {@link dev.fulcrum.inventory.InventoryLedger} are the API. Publishes no events; sourcing calls it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Inventory")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.inventory;

package dev.fulcrum.inventory;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;

/** Stock of one SKU at one location; {@code available} (to promise) is on hand − reserved − safety stock, never below 0. */
public record StockPosition(LocationId locationId, Sku sku, int onHand, int reserved, int safetyStock, int available) {

    public static StockPosition of(LocationId locationId, Sku sku, int onHand, int reserved, int safetyStock) {
        return new StockPosition(
                locationId, sku, onHand, reserved, safetyStock, Math.max(0, onHand - reserved - safetyStock));
    }
}

package dev.fulcrum.inventory;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Units of a SKU that an order holds at a location; {@code expiresAt} is set while the order waits for payment. */
public record Reservation(
        LocationId locationId,
        Sku sku,
        int quantity,
        @Nullable Instant expiresAt) {}

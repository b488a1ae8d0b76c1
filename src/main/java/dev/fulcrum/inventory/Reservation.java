package dev.fulcrum.inventory;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Units of a SKU that an order holds at a location; {@code expiresAt} is set while the order waits for payment. */
public record Reservation(
        String locationId,
        String sku,
        int quantity,
        @Nullable Instant expiresAt) {}

package dev.fulcrum.order;

import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Filters for the order list; {@code null} means "any". {@code text} matches external id, customer, notes and SKUs.
 * {@code after} continues a listing after the given position (newest first).
 */
public record OrderQuery(
        @Nullable OrderStatus status,
        @Nullable String channel,
        @Nullable String customer,
        @Nullable Instant placedFrom,
        @Nullable Instant placedTo,
        @Nullable String tag,
        @Nullable String text,
        @Nullable Position after,
        int limit) {

    public static OrderQuery all(int limit) {
        return new OrderQuery(null, null, null, null, null, null, null, null, limit);
    }

    /** A position in the list, newest first. */
    public record Position(Instant placedAt, OrderId id) {}
}

package dev.fulcrum.returns;

import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A page of returns, newest first; every filter is optional.
 *
 * @param reason returns with at least one line of this reason
 * @param after where the previous page ended; null for the first page
 */
public record ReturnQuery(
        @Nullable ReturnStatus status,
        @Nullable String reason,
        @Nullable OrderId orderId,
        @Nullable String customerId,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable Position after,
        int limit) {

    /** The last return of a page: the next page starts after it. */
    public record Position(Instant requestedAt, UUID id) {}

    /** One page and where the next starts; {@code next} is null on the last page. */
    public record Page(List<Return> items, @Nullable Position next) {
        public Page {
            items = List.copyOf(items);
        }
    }
}

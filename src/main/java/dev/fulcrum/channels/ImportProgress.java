package dev.fulcrum.channels;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A bulk import's progress: rows of the file ({@code rowsTotal}, null for imports started before it was counted) and
 * rows read so far, orders read, placed, duplicates, updated and quarantined; {@code status} is running, completed or
 * failed (with {@code error}).
 */
public record ImportProgress(
        UUID id,
        UUID connectionId,
        String format,
        String status,
        @Nullable Long rowsTotal,
        long rowsRead,
        long ordersRead,
        long ordersPlaced,
        long duplicates,
        long updated,
        long quarantined,
        @Nullable String error,
        Instant startedAt,
        @Nullable Instant finishedAt) {

    /** How far the import is, 0 to 100; 100 once it has finished, whether completed or failed. */
    public int percent() {
        if (!"running".equals(status)) {
            return 100;
        }
        return rowsTotal == null || rowsTotal == 0 ? 0 : (int) Math.min(99, rowsRead * 100 / rowsTotal);
    }
}

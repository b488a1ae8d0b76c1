package dev.fulcrum.demand;

import dev.fulcrum.shared.FieldProblem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A demand history import's progress: data rows of the file, rows read, loaded and rejected (with the first problems,
 * each naming its row), the weeks written (rows of one key and week add up), {@code status} {@code running},
 * {@code completed} or {@code failed} (with {@code error}), and the column mapping it used.
 */
public record HistoryImport(
        UUID id,
        String status,
        HistoryMapping mapping,
        @Nullable Long rowsTotal,
        long rowsRead,
        long rowsLoaded,
        long rowsRejected,
        long weeksWritten,
        List<FieldProblem> problems,
        @Nullable String error,
        Instant startedAt,
        @Nullable Instant finishedAt) {

    /** How far the import is, 0 to 100; 100 once it has finished. */
    public int percent() {
        if (!"running".equals(status)) {
            return 100;
        }
        return rowsTotal == null || rowsTotal == 0 ? 0 : (int) Math.min(99, rowsRead * 100 / rowsTotal);
    }
}

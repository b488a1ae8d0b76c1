package dev.fulcrum.pulse;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An alert a rule raised: open while its status says so, with the value that raised it and the latest value seen, and
 * the time it cleared once it did.
 */
public record Alert(
        UUID id,
        String rule,
        String metric,
        @Nullable String channel,
        String comparison,
        double threshold,
        String window,
        String status,
        double raisedValue,
        @Nullable Double lastValue,
        Instant raisedAt,
        @Nullable Instant clearedAt) {

    public boolean raised() {
        return status.equals("raised");
    }
}

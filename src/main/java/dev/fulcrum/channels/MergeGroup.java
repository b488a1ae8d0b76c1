package dev.fulcrum.channels;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Orders of one customer to one address that arrived within the merge window before any was released to the
 * warehouse: they stay separate orders but ship together. An undone group ({@code undoneAt} set) no longer binds.
 */
public record MergeGroup(
        UUID id,
        List<UUID> orderIds,
        Instant createdAt,
        @Nullable Instant undoneAt,
        @Nullable String undoneBy) {}

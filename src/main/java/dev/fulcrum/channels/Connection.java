package dev.fulcrum.channels;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's connection to one sales channel, as the API shows it: secrets are never shown, only whether they are set.
 * Orders from the connection carry {@code channel} as their channel; it is fixed when the connection is created.
 */
public record Connection(
        UUID id,
        String type,
        String name,
        String channel,
        boolean secretSet,
        @Nullable String signatureHeader,
        @Nullable String mapping,
        @Nullable String defaultCurrency,
        List<String> defaultTags,
        @Nullable Integer mergeWindowMinutes,
        @Nullable String outboundBaseUrl,
        boolean outboundTokenSet,
        Instant createdAt,
        Instant updatedAt) {}

package dev.fulcrum.channels.internal;

import dev.fulcrum.channels.Connection;
import dev.fulcrum.channels.ConnectionType;
import dev.fulcrum.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A connection with its secrets, for intake and outbound work only; never leaves the module. */
public record StoredConnection(
        TenantId tenant,
        UUID id,
        ConnectionType type,
        String name,
        String channel,
        @Nullable String secret,
        @Nullable String signatureHeader,
        @Nullable String mapping,
        @Nullable String defaultCurrency,
        List<String> defaultTags,
        @Nullable Integer mergeWindowMinutes,
        @Nullable String outboundBaseUrl,
        @Nullable String outboundToken,
        Instant createdAt,
        Instant updatedAt) {

    public Connection view() {
        return new Connection(
                id,
                type.wireName(),
                name,
                channel,
                secret != null,
                signatureHeader,
                mapping,
                defaultCurrency,
                defaultTags,
                mergeWindowMinutes,
                outboundBaseUrl,
                outboundToken != null,
                createdAt,
                updatedAt);
    }
}

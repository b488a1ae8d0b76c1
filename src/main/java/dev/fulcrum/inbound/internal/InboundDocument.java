package dev.fulcrum.inbound.internal;

import dev.fulcrum.events.EventType;
import dev.fulcrum.shared.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A well-formed inbound document: a CloudEvent of an {@code inbound.*} type whose {@code data} its schema accepts.
 *
 * @param time the CloudEvents {@code time}; null when the sender did not give one
 */
public record InboundDocument(
        TenantId tenant,
        String source,
        String id,
        EventType type,
        @Nullable Instant time,
        JsonNode data) {}

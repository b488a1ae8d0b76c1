package dev.fulcrum.events;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of the public event log. {@code sequence} numbers the events of one order 1, 2, 3, …; {@code cursor}
 * is the position to continue reading after this event.
 */
public record PublicEvent(UUID id, String type, @Nullable UUID orderId, @Nullable Long sequence, Instant time,
        JsonNode data, String cursor) {
}

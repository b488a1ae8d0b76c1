package dev.fulcrum.events;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of the public event log. {@code type} is the short name ({@code order.placed}); {@code sequence}
 * numbers the events of one order 1, 2, 3, …; {@code cursor} is the position to continue reading after this event.
 * Written to consumers as a CloudEvent by {@link CloudEvents}.
 */
public record PublicEvent(
        UUID id,
        String type,
        @Nullable UUID orderId,
        @Nullable Long sequence,
        Instant time,
        JsonNode data,
        String cursor) {

    /** What the event is about when it is not an order: the id inside {@code data.subscription}, for example. */
    public @Nullable String subject() {
        JsonNode id = data.path("subscription").path("id");
        return id.isString() ? id.asString() : null;
    }
}

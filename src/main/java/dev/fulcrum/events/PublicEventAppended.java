package dev.fulcrum.events;

import dev.fulcrum.shared.TenantId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Published synchronously, inside the appending transaction, for every event appended to the public log, so that
 * work that must commit with the event (such as enqueueing webhook deliveries) does.
 */
public record PublicEventAppended(TenantId tenant, long position, PublicEvent event) {

    public JsonNode data() {
        return event.data();
    }

    public java.util.@Nullable UUID orderId() {
        return event.orderId();
    }
}

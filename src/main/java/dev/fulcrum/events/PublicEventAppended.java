package dev.fulcrum.events;

import dev.fulcrum.shared.TenantId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** One event appended to the public log, with its position; delivered to listeners inside {@link PublicEventsAppended}. */
public record PublicEventAppended(TenantId tenant, long position, PublicEvent event) {

    public JsonNode data() {
        return event.data();
    }

    public java.util.@Nullable UUID orderId() {
        return event.orderId();
    }
}

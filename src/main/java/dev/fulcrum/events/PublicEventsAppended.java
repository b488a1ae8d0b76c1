package dev.fulcrum.events;

import dev.fulcrum.shared.TenantId;
import java.util.List;

/**
 * Published synchronously, inside the appending transaction, once per append to the public log (one event or a
 * batch), so that work that must commit with the events (such as enqueueing webhook deliveries) does, set-based.
 */
public record PublicEventsAppended(TenantId tenant, List<PublicEventAppended> appended) {

    public PublicEventsAppended {
        appended = List.copyOf(appended);
    }
}

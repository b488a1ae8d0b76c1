package dev.fulcrum.events;

import dev.fulcrum.rollout.RolledBack;
import dev.fulcrum.shared.Ids;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns a roll-back of a rule, flow or sourcing profile into the public event {@code <kind>.rolled-back}
 * ({@code rule.rolled-back}, {@code flow.rolled-back}, {@code sourcing-profile.rolled-back}) inside the transaction
 * that rolled it back. Keyed by no order: it concerns every new order; the console hears it on the live stream.
 */
@Component
class RolloutEventsToPublicLog {

    private final PublicEventLog log;

    RolloutEventsToPublicLog(PublicEventLog log) {
        this.log = log;
    }

    @EventListener
    void on(RolledBack event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rolloutId", event.rolloutId().toString());
        data.put("kind", event.kind());
        data.put("name", event.name());
        data.put("fromVersion", event.fromVersion());
        data.put("toVersion", event.toVersion());
        data.put("automatic", event.automatic());
        data.put("actor", event.actor());
        data.put("reason", event.reason());
        data.put("breach", event.breach());
        log.appendAll(java.util.List.of(new PublicEventLog.NewEvent(
                Ids.timeOrdered(), event.publicType(), null, null, event.rolledBackAt(), data)));
    }
}

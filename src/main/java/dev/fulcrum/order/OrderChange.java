package dev.fulcrum.order;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed record of one change to an order: which action, which lines moved by how many units, what else the action
 * said (carrier, reason, hold type, changed fields), by whom and when. The audit entry and the timeline are built from
 * it.
 *
 * @param lines the units of each line the action moved (shipped, delivered, allocated); empty for header actions
 * @param details the action's other facts, without nulls
 */
public record OrderChange(
        String action, List<OrderEvent.LineMovement> lines, Map<String, Object> details, String actor, Instant at) {

    public OrderChange {
        lines = List.copyOf(lines);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}

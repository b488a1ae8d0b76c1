package dev.fulcrum.events.web;

import dev.fulcrum.events.CloudEvents;
import dev.fulcrum.events.EventCursor;
import dev.fulcrum.events.PublicEvent;
import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

@RestController
@Tag(name = "Events")
class EventController {

    private final PublicEventLog log;
    private final CloudEvents cloudEvents;

    EventController(PublicEventLog log, CloudEvents cloudEvents) {
        this.log = log;
        this.cloudEvents = cloudEvents;
    }

    @GetMapping("/api/v1/events")
    @Operation(
            summary = "Read the public event log in commit order",
            description =
                    "Each event is a CloudEvents 1.0 JSON document (see docs/events.md) with the extension `cursor`. "
                            + "Start without `after`, then pass the returned `next` cursor. A reader following the cursor never "
                            + "skips an event, even one whose transaction commits after a later-numbered one. `type` takes a "
                            + "short name (order.placed) or a CloudEvents type (dev.fulcrum.order.placed.v1).")
    Map<String, Object> read(
            @RequestParam(required = false) @Nullable String after,
            @Parameter(
                            description = "Events per page, at most 1000",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "100"))
                    @RequestParam(defaultValue = "100")
                    int limit,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String orderId) {
        RequestLimits.pageSize("limit", limit, 1000);
        EventCursor cursor = after == null || after.isBlank() ? EventCursor.BEGINNING : EventCursor.parse(after);
        UUID order = null;
        if (orderId != null && !orderId.isBlank()) {
            try {
                order = UUID.fromString(orderId.strip());
            } catch (IllegalArgumentException notAnId) {
                throw ApiProblem.invalid("orderId", "is not an order id");
            }
        }
        List<PublicEvent> events = log.read(cursor, limit, type, order);
        Map<String, Object> response = new LinkedHashMap<>();
        var tenant = RequestContext.require().tenantId();
        response.put(
                "events",
                events.stream()
                        .map(event -> {
                            ObjectNode document = (ObjectNode) cloudEvents.toJson(tenant, event);
                            document.put("cursor", event.cursor());
                            return document;
                        })
                        .toList());
        response.put(
                "next", events.isEmpty() ? cursor.toString() : events.getLast().cursor());
        return response;
    }
}

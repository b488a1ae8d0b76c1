package dev.fulcrum.events.web;

import dev.fulcrum.events.EventCursor;
import dev.fulcrum.events.PublicEvent;
import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.shared.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Events")
class EventController {

    private final PublicEventLog log;

    EventController(PublicEventLog log) {
        this.log = log;
    }

    @GetMapping("/api/v1/events")
    @Operation(summary = "Read the public event log in commit order",
            description = "Start without `after`, then pass the returned `next` cursor. A reader following the cursor never "
                    + "skips an event, even one whose transaction commits after a later-numbered one.")
    Map<String, Object> read(@RequestParam(required = false) @Nullable String after,
            @RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String orderId) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.invalid("limit", "must be between 1 and 1000");
        }
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
        response.put("events", events);
        response.put("next", events.isEmpty() ? cursor.toString() : events.getLast().cursor());
        return response;
    }
}

package dev.fulcrum.events.web;

import dev.fulcrum.database.IdempotencyKeys;
import dev.fulcrum.events.WebhookDelivery;
import dev.fulcrum.events.webhook.Subscription;
import dev.fulcrum.events.webhook.WebhookSubscriptions;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/api/v1/subscriptions")
@Tag(name = "Webhook subscriptions")
class SubscriptionController {

    private static final String CREATE_SCOPE = "subscriptions.create";

    /** The most entries of eventTypes, fields or personalData one subscription lists. */
    static final int MAX_LIST_ENTRIES = 200;

    private final WebhookSubscriptions subscriptions;
    private final IdempotencyKeys idempotency;
    private final JsonMapper json;

    SubscriptionController(WebhookSubscriptions subscriptions, IdempotencyKeys idempotency, JsonMapper json) {
        this.subscriptions = subscriptions;
        this.idempotency = idempotency;
        this.json = json;
    }

    @PostMapping
    @Operation(
            summary = "Subscribe a URL to public events",
            description =
                    "Body: {\"url\": \"https://partner.example/hooks\", \"eventTypes\": [\"order.placed\"] (or [\"*\"]), "
                            + "\"filter\": \"data.order.channel == 'shopify'\" (CEL over data, type, subject), \"fields\": "
                            + "[\"order.id\", \"order.status\"] (all when empty), \"personalData\": [\"order.customer.email\"] "
                            + "(personal fields granted unmasked), \"region\": \"eu\" (the subscriber's data region; the tenant's "
                            + "own when absent: personal fields going to a region the tenant's data residency does not "
                            + "allow are masked), \"secret\": \"...\" (generated when absent)}. The secret is "
                            + "returned once. Targets resolving to internal addresses are refused unless allow-listed. "
                            + "eventTypes, fields and personalData list at most 200 entries each.")
    ResponseEntity<Object> create(
            @RequestBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        if (idempotencyKey == null) {
            Map<String, Object> created = created(body);
            return ResponseEntity.created(URI.create("/api/v1/subscriptions/" + created.get("id")))
                    .body(created);
        }
        IdempotencyKeys.StoredResponse response = idempotency.run(
                CREATE_SCOPE,
                idempotencyKey,
                json.writeValueAsString(body),
                () -> new IdempotencyKeys.StoredResponse(201, json.valueToTree(created(body))));
        return ResponseEntity.status(response.status())
                .location(URI.create(
                        "/api/v1/subscriptions/" + response.body().path("id").asString()))
                .body(response.body());
    }

    private Map<String, Object> created(JsonNode body) {
        WebhookSubscriptions.WithSecret created = subscriptions.create(new WebhookSubscriptions.NewSubscription(
                text(body, "url"),
                strings(body, "eventTypes"),
                text(body, "filter"),
                strings(body, "fields"),
                strings(body, "personalData"),
                text(body, "region"),
                text(body, "secret")));
        @SuppressWarnings("unchecked") // a JSON object converts to a map of strings to values
        Map<String, Object> response = json.convertValue(created.subscription(), LinkedHashMap.class);
        response.put("secret", created.secret());
        return response;
    }

    @GetMapping
    Map<String, Object> list() {
        return Map.of("subscriptions", subscriptions.list());
    }

    @GetMapping("/{id}")
    Subscription get(@PathVariable String id) {
        return subscriptions.get(uuid("id", id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        subscriptions.delete(uuid("id", id));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/rotate-secret")
    @Operation(
            summary = "Rotate the signing secret",
            description =
                    "Body (optional): {\"overlap\": \"PT24H\", \"secret\": \"...\"}. During the overlap every delivery "
                            + "carries two v1 signatures, one per secret. Returns the new secret once.")
    Map<String, Object> rotate(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        Duration overlap = Duration.ofHours(24);
        String given = body == null ? null : text(body, "overlap");
        if (given != null) {
            try {
                overlap = Duration.parse(given);
            } catch (DateTimeParseException malformed) {
                throw ApiProblem.invalid("overlap", "is not an ISO 8601 duration such as PT24H");
            }
        }
        WebhookSubscriptions.WithSecret rotated =
                subscriptions.rotateSecret(uuid("id", id), overlap, body == null ? null : text(body, "secret"));
        @SuppressWarnings("unchecked") // a JSON object converts to a map of strings to values
        Map<String, Object> response = json.convertValue(rotated.subscription(), LinkedHashMap.class);
        response.put("secret", rotated.secret());
        return response;
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume a paused subscription; deliveries queued meanwhile go out")
    Subscription resume(@PathVariable String id) {
        return subscriptions.resume(uuid("id", id));
    }

    @GetMapping("/{id}/deliveries")
    @Operation(summary = "The delivery log, newest first, with every attempt (time, status, latency, response excerpt)")
    Map<String, Object> deliveries(
            @PathVariable String id,
            @Parameter(
                            description = "Deliveries per page, at most 500",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(defaultValue = "50")
                    int limit,
            @RequestParam(required = false) @Nullable String status) {
        RequestLimits.pageSize("limit", limit, 500);
        if (status != null && !List.of("pending", "delivered", "dead").contains(status)) {
            throw ApiProblem.invalid("status", "must be pending, delivered or dead");
        }
        List<WebhookDelivery> deliveries = subscriptions.deliveries(uuid("id", id), limit, status);
        return Map.of("deliveries", deliveries);
    }

    @PostMapping("/{id}/deliveries/{deliveryId}/retry")
    @Operation(summary = "Attempt one delivery again now (dead or delivered)")
    ResponseEntity<Void> retry(@PathVariable String id, @PathVariable String deliveryId) {
        subscriptions.retry(uuid("id", id), uuid("deliveryId", deliveryId));
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{id}/replay")
    @Operation(
            summary = "Deliver again every wanted event from a time or from an event on",
            description =
                    "Body: {\"since\": \"2026-11-20T00:00:00Z\"} or {\"eventId\": \"...\"} (that event included), and "
                            + "optionally \"until\" (exclusive). At most 100000 events per replay "
                            + "(fulcrum.limits.replay-events): a larger range is refused with 400 before anything is "
                            + "queued; replay it in windows with until.")
    Map<String, Object> replay(@PathVariable String id, @RequestBody JsonNode body) {
        Instant since = null;
        String sinceText = text(body, "since");
        if (sinceText != null) {
            try {
                since = Instant.parse(sinceText);
            } catch (DateTimeParseException malformed) {
                throw ApiProblem.invalid("since", "is not an RFC 3339 time such as 2026-11-20T00:00:00Z");
            }
        }
        String eventText = text(body, "eventId");
        UUID eventId = eventText == null ? null : uuid("eventId", eventText);
        Instant until = null;
        String untilText = text(body, "until");
        if (untilText != null) {
            try {
                until = Instant.parse(untilText);
            } catch (DateTimeParseException malformed) {
                throw ApiProblem.invalid("until", "is not an RFC 3339 time such as 2026-11-21T00:00:00Z");
            }
        }
        return Map.of("queued", subscriptions.replay(uuid("id", id), since, eventId, until));
    }

    private static @Nullable String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiProblem.invalid(field, "must be a string");
        }
        return value.asString();
    }

    private static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiProblem.invalid(field, "must be an array of strings");
        }
        RequestLimits.atMost(field, value.size(), MAX_LIST_ENTRIES, "entries");
        List<String> strings = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString() || item.asString().isBlank()) {
                throw ApiProblem.invalid(field, "must be an array of non-empty strings");
            }
            strings.add(item.asString().strip());
        }
        return strings;
    }

    private static UUID uuid(String field, String text) {
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException malformed) {
            throw ApiProblem.invalid(field, "is not an id");
        }
    }
}

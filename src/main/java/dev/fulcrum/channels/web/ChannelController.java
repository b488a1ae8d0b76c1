package dev.fulcrum.channels.web;

import dev.fulcrum.channels.Connection;
import dev.fulcrum.channels.ConnectionType;
import dev.fulcrum.channels.MergeGroup;
import dev.fulcrum.channels.ShipmentGroup;
import dev.fulcrum.channels.ShipmentGroups;
import dev.fulcrum.channels.internal.ChannelIntake;
import dev.fulcrum.channels.internal.ChannelOrders;
import dev.fulcrum.channels.internal.Connections;
import dev.fulcrum.channels.internal.JsonataMapping;
import dev.fulcrum.channels.internal.MappingFailure;
import dev.fulcrum.channels.internal.MergeGroups;
import dev.fulcrum.channels.internal.OutboundDeliveries;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Channel connections, mapping trials, and what intake knows about an order (payloads, shipment and merge groups). */
@RestController
@RequestMapping("/api/v1/channels")
@Tag(name = "Channels")
class ChannelController {

    private static final Set<String> FIELDS = Set.of(
            "type",
            "name",
            "channel",
            "secret",
            "signatureHeader",
            "mapping",
            "defaultCurrency",
            "defaultTags",
            "mergeWindowMinutes",
            "outboundBaseUrl",
            "outboundToken");

    private final Connections connections;
    private final ChannelIntake intake;
    private final ChannelOrders channelOrders;
    private final ShipmentGroups shipmentGroups;
    private final MergeGroups mergeGroups;
    private final OutboundDeliveries outbound;
    private final java.time.Clock clock;

    ChannelController(
            Connections connections,
            ChannelIntake intake,
            ChannelOrders channelOrders,
            ShipmentGroups shipmentGroups,
            MergeGroups mergeGroups,
            OutboundDeliveries outbound,
            java.time.Clock clock) {
        this.outbound = outbound;
        this.clock = clock;
        this.connections = connections;
        this.intake = intake;
        this.channelOrders = channelOrders;
        this.shipmentGroups = shipmentGroups;
        this.mergeGroups = mergeGroups;
    }

    @PostMapping("/connections")
    @Operation(
            summary = "Connect a channel",
            description = "Body: {\"type\": \"shopify|woocommerce|amazon|generic\", "
                    + "\"name\": \"Main store\", \"secret\": \"...\", \"mapping\": \"<JSONata>\", \"channel\": \"main-store\", "
                    + "\"signatureHeader\": \"X-Signature\", \"defaultCurrency\": \"CNY\", \"defaultTags\": [], "
                    + "\"mergeWindowMinutes\": 30, \"outboundBaseUrl\": \"https://...\", \"outboundToken\": \"...\"}")
    ResponseEntity<Connection> create(@RequestBody JsonNode body) {
        Connection created = connections.create(settings(body, true)).view();
        return ResponseEntity.created(URI.create("/api/v1/channels/connections/" + created.id()))
                .body(created);
    }

    @GetMapping("/connections")
    @Operation(summary = "List channel connections (secrets are never shown)")
    Map<String, Object> list() {
        return Map.of("items", connections.list().stream().map(c -> c.view()).toList());
    }

    @GetMapping("/connections/{id}")
    Connection get(@PathVariable String id) {
        return connections.get(WebhookController.uuid(id)).view();
    }

    @PutMapping("/connections/{id}")
    @Operation(
            summary = "Change a connection",
            description = "Fields left out keep their value; a new mapping applies "
                    + "to the next document, without a restart. type and channel cannot change.")
    Connection update(@PathVariable String id, @RequestBody JsonNode body) {
        return connections
                .update(WebhookController.uuid(id), settings(body, false))
                .view();
    }

    @PostMapping("/connections/{id}/mapping/test")
    @Transactional(readOnly = true)
    @Operation(
            summary = "Try a mapping on a sample",
            description = "Body: {\"sample\": <document>, \"mapping\": "
                    + "\"<JSONata, optional: defaults to the connection's>\", \"topic\": \"orders/create\"}. Returns the canonical "
                    + "order and every problem under the order data contract. Stores nothing.")
    Map<String, Object> tryMapping(@PathVariable String id, @RequestBody JsonNode body) {
        if (!body.isObject() || body.get("sample") == null) {
            throw ApiProblem.invalid("sample", "is required: the document to map");
        }
        JsonNode mapping = body.get("mapping");
        if (mapping != null && !mapping.isNull() && !mapping.isString()) {
            throw ApiProblem.invalid("mapping", "must be a JSONata expression as a string");
        }
        JsonNode topic = body.get("topic");
        JsonNode sample = body.get("sample");
        return intake.tryMapping(
                connections.get(WebhookController.uuid(id)),
                mapping == null || mapping.isNull() ? null : mapping.stringValue(),
                topic != null && topic.isString()
                        ? topic.stringValue()
                        : defaultTopic(
                                connections.get(WebhookController.uuid(id)).type()),
                sample.isString() ? sample.stringValue() : sample.toString());
    }

    @GetMapping("/connections/{id}/outbound")
    @Transactional(readOnly = true)
    @Operation(
            summary = "Status reports to the channel (shipments, cancellations), newest first",
            description = "status: "
                    + "pending, delivered or dead (default all); orderId filters by order. Each carries its method, URL, body, "
                    + "attempts, next attempt and last error.")
    Map<String, Object> outbound(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String orderId,
            @Parameter(
                            description = "Reports per page, at most 500",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(defaultValue = "50")
                    int limit) {
        if (status != null && !Set.of("pending", "delivered", "dead").contains(status)) {
            throw ApiProblem.invalid("status", "must be one of pending, delivered, dead");
        }
        RequestLimits.pageSize("limit", limit, 500);
        UUID connection = connections.get(WebhookController.uuid(id)).id();
        return Map.of("items", outbound.list(connection, status, orderId == null ? null : orderId(orderId), limit));
    }

    @PostMapping("/connections/{id}/outbound/{deliveryId}/retry")
    @Transactional
    @Operation(summary = "Send a dead status report again, from the first attempt")
    OutboundDeliveries.Delivery retry(@PathVariable String id, @PathVariable String deliveryId) {
        UUID connection = connections.get(WebhookController.uuid(id)).id();
        UUID delivery;
        try {
            delivery = UUID.fromString(deliveryId);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("outbound delivery " + deliveryId + " does not exist");
        }
        OutboundDeliveries.Delivery current = outbound.find(connection, delivery)
                .orElseThrow(() -> ApiProblem.notFound("outbound delivery " + deliveryId + " does not exist"));
        if (!outbound.revive(connection, delivery, clock.instant())) {
            throw ApiProblem.conflict(
                    "not-dead",
                    "outbound delivery " + deliveryId + " is " + current.status()
                            + ": only a dead delivery is sent again");
        }
        return outbound.find(connection, delivery).orElseThrow();
    }

    @GetMapping("/orders/{orderId}/payload")
    @Operation(summary = "Every payload the channel sent about an order, as received, oldest first")
    @Transactional(readOnly = true)
    Map<String, Object> payloads(@PathVariable String orderId) {
        OrderId order = orderId(orderId);
        List<ChannelOrders.Payload> payloads = channelOrders.payloads(order);
        if (payloads.isEmpty()) {
            throw ApiProblem.notFound("order " + orderId + " did not come from a channel connection");
        }
        return Map.of("orderId", orderId, "items", payloads);
    }

    @GetMapping("/orders/{orderId}/shipment-groups")
    @Operation(summary = "The groups of lines of an order that ship apart (frozen and ambient, presale and in stock)")
    Map<String, Object> shipmentGroups(@PathVariable String orderId) {
        List<ShipmentGroup> groups = shipmentGroups.of(orderId(orderId));
        return Map.of("orderId", orderId, "groups", groups);
    }

    @GetMapping("/orders/{orderId}/merge-groups")
    @Operation(summary = "The merge groups an order belongs or belonged to")
    Map<String, Object> mergeGroupsOf(@PathVariable String orderId) {
        return Map.of("orderId", orderId, "groups", mergeGroups.ofOrder(orderId(orderId)));
    }

    @GetMapping("/merge-groups/{id}")
    MergeGroup mergeGroup(@PathVariable String id) {
        return mergeGroups.get(groupId(id));
    }

    @PostMapping("/merge-groups/{id}/undo")
    @Operation(summary = "Undo a merge group: its orders ship on their own again")
    MergeGroup undo(@PathVariable String id) {
        return mergeGroups.undo(groupId(id));
    }

    private static String defaultTopic(ConnectionType type) {
        return switch (type) {
            case SHOPIFY -> "orders/create";
            case WOOCOMMERCE -> "order.created";
            default -> "document";
        };
    }

    private static Connections.Settings settings(JsonNode body, boolean creating) {
        if (!body.isObject()) {
            throw ApiProblem.invalid("body", "must be a JSON object");
        }
        List<FieldProblem> problems = new ArrayList<>();
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                problems.add(new FieldProblem(
                        name,
                        "is not a field of a connection; fields are "
                                + FIELDS.stream().sorted().toList()));
            }
        }
        String typeName = text(body, "type", 20, problems);
        ConnectionType type = null;
        if (typeName != null) {
            type = ConnectionType.fromWireName(typeName).orElse(null);
            if (type == null) {
                problems.add(new FieldProblem("type", "must be one of shopify, woocommerce, amazon, generic"));
            }
        }
        String channel = text(body, "channel", 40, problems);
        if (channel != null && !channel.matches("[a-z0-9][a-z0-9-]*")) {
            problems.add(new FieldProblem("channel", "must be lower-case letters, digits and dashes"));
        }
        String currency = text(body, "defaultCurrency", 3, problems);
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            problems.add(new FieldProblem("defaultCurrency", "must be an ISO 4217 code such as CNY"));
        }
        String mapping = text(body, "mapping", 100_000, problems);
        if (mapping != null && !mapping.isEmpty()) {
            try {
                JsonataMapping.check(mapping);
            } catch (MappingFailure invalid) {
                problems.addAll(invalid.problems());
            }
        }
        String baseUrl = text(body, "outboundBaseUrl", 2000, problems);
        if (baseUrl != null && !baseUrl.isEmpty() && !baseUrl.matches("https?://\\S+")) {
            problems.add(new FieldProblem("outboundBaseUrl", "must be an http or https URL"));
        }
        String signatureHeader = text(body, "signatureHeader", 100, problems);
        if (signatureHeader != null && !signatureHeader.isEmpty() && !signatureHeader.matches("[A-Za-z0-9-]+")) {
            problems.add(new FieldProblem("signatureHeader", "must be an HTTP header name"));
        }
        Integer window = null;
        JsonNode windowNode = body.get("mergeWindowMinutes");
        if (windowNode != null && !windowNode.isNull()) {
            if (!windowNode.isIntegralNumber() || windowNode.asLong() < 0 || windowNode.asLong() > 10_080) {
                problems.add(
                        new FieldProblem("mergeWindowMinutes", "must be a whole number of minutes from 0 to 10080"));
            } else {
                window = windowNode.asInt();
            }
        }
        List<String> tags = null;
        JsonNode tagsNode = body.get("defaultTags");
        if (tagsNode != null && !tagsNode.isNull()) {
            tags = new ArrayList<>();
            if (!tagsNode.isArray()) {
                problems.add(new FieldProblem("defaultTags", "must be an array of strings"));
            } else {
                for (JsonNode tag : tagsNode.values()) {
                    if (!tag.isString()
                            || tag.stringValue().isBlank()
                            || tag.stringValue().length() > 64) {
                        problems.add(
                                new FieldProblem("defaultTags", "must be non-empty strings of at most 64 characters"));
                    } else {
                        tags.add(tag.stringValue().strip());
                    }
                }
            }
        }
        String name = text(body, "name", 200, problems);
        if (creating && name == null) {
            problems.add(new FieldProblem("name", "is required"));
        }
        if (creating && typeName == null) {
            problems.add(new FieldProblem("type", "is required: one of shopify, woocommerce, amazon, generic"));
        }
        String secret = text(body, "secret", 500, problems);
        if (creating && secret == null && (type == ConnectionType.SHOPIFY || type == ConnectionType.WOOCOMMERCE)) {
            problems.add(new FieldProblem(
                    "secret", "is required: webhooks of " + type.wireName() + " are verified with it"));
        }
        String token = text(body, "outboundToken", 2000, problems);
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        return new Connections.Settings(
                type, name, channel, secret, signatureHeader, mapping, currency, tags, window, baseUrl, token);
    }

    private static @Nullable String text(JsonNode body, String field, int maxLength, List<FieldProblem> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            problems.add(new FieldProblem(field, "must be a string"));
            return null;
        }
        if (node.stringValue().length() > maxLength) {
            problems.add(new FieldProblem(field, "must not be longer than " + maxLength + " characters"));
            return null;
        }
        return node.stringValue().strip();
    }

    static OrderId orderId(String id) {
        return OrderId.parse(id).orElseThrow(() -> ApiProblem.notFound("order " + id + " does not exist"));
    }

    private static UUID groupId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("merge group " + id + " does not exist");
        }
    }

    static Map<String, Object> page(List<?> items) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        return page;
    }
}

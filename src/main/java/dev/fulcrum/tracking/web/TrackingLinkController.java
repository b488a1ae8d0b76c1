package dev.fulcrum.tracking.web;

import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.tracking.TrackingLinks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/** Issues the signed link to an order's public tracking page, for partners to send to or embed for the customer. */
@RestController
@Tag(name = "Orders")
class TrackingLinkController {

    private final TrackingLinks links;
    private final OrderManagement orders;
    private final String baseUrl;

    TrackingLinkController(
            TrackingLinks links, OrderManagement orders, @Value("${fulcrum.tracking.base-url:}") String baseUrl) {
        this.links = links;
        this.orders = orders;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @PostMapping("/api/v1/orders/{id}/tracking-link")
    @Operation(
            summary = "Issue a customer tracking link",
            description = "Body (optional): {\"validFor\": \"P30D\"}, an ISO-8601 duration of at most P90D (default "
                    + "P30D). Returns {\"url\": ..., \"expiresAt\": ...}: a public page with the order's status, promised "
                    + "delivery date, shipments and timeline in English or 简体中文, no login needed. The URL's base is "
                    + "fulcrum.tracking.base-url, or this server's address.")
    ResponseEntity<Map<String, Object>> issue(
            @PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        OrderId orderId = OrderId.parse(id).orElseThrow(() -> ApiProblem.invalid("id", "not an order id (a UUID)"));
        JsonFields fields = new JsonFields(body, "validFor");
        Duration validity = TrackingLinks.DEFAULT_VALIDITY;
        JsonNode validFor = fields.node("validFor");
        if (validFor != null && !validFor.isNull()) {
            try {
                validity = Duration.parse(validFor.asString());
            } catch (DateTimeParseException notADuration) {
                throw ApiProblem.invalid("validFor", "an ISO-8601 duration such as P30D, at most P90D");
            }
        }
        fields.throwIfInvalid();
        if (orders.find(orderId).isEmpty()) {
            throw ApiProblem.notFound("no order " + orderId);
        }
        TrackingLinks.Link link = links.issue(orderId, validity);
        String base = baseUrl.isEmpty()
                ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                : baseUrl;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("url", base + link.path());
        answer.put("expiresAt", link.expiresAt());
        return ResponseEntity.ok(answer);
    }
}

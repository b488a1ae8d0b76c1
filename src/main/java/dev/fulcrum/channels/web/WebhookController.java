package dev.fulcrum.channels.web;

import dev.fulcrum.channels.ConnectionType;
import dev.fulcrum.channels.internal.ChannelIntake;
import dev.fulcrum.channels.internal.Connections;
import dev.fulcrum.channels.internal.SignatureRejections;
import dev.fulcrum.channels.internal.Signatures;
import dev.fulcrum.channels.internal.StoredConnection;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Contract;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where channels deliver orders: Shopify and WooCommerce webhooks exactly as those platforms send them (HMAC-SHA256
 * of the raw body, base64, in {@code X-Shopify-Hmac-Sha256} / {@code X-WC-Webhook-Signature}), Amazon SP-API orders
 * and generic JSON documents. A wrong signature is 401 and recorded as the event {@code channel.signature-rejected}.
 */
@RestController
@RequestMapping("/api/v1/channels/connections/{id}")
@Tag(name = "Channel intake")
class WebhookController {

    private final Connections connections;
    private final ChannelIntake intake;
    private final SignatureRejections rejections;

    WebhookController(Connections connections, ChannelIntake intake, SignatureRejections rejections) {
        this.connections = connections;
        this.intake = intake;
        this.rejections = rejections;
    }

    @PostMapping("/shopify")
    @Operation(
            summary = "Shopify webhook",
            description = "Topics orders/create, orders/updated, orders/cancelled, "
                    + "orders/paid, refunds/create. Repeated X-Shopify-Webhook-Id deliveries are no-ops.")
    ResponseEntity<ChannelIntake.Outcome> shopify(
            @PathVariable String id,
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "X-Shopify-Hmac-Sha256", required = false) @Nullable String signature,
            @RequestHeader(name = "X-Shopify-Topic", required = false) @Nullable String topic,
            @RequestHeader(name = "X-Shopify-Webhook-Id", required = false) @Nullable String webhookId,
            @RequestHeader(name = "X-Shopify-Shop-Domain", required = false) @Nullable String shop,
            @RequestHeader(name = "Content-Type", required = false) @Nullable String contentType,
            HttpServletRequest request) {
        return signed(id, ConnectionType.SHOPIFY, body, signature, topic, webhookId, shop, contentType, request);
    }

    @PostMapping("/woocommerce")
    @Operation(
            summary = "WooCommerce webhook",
            description =
                    "Topics order.created, order.updated, order.deleted; "
                            + "repeated X-WC-Webhook-Delivery-ID deliveries are no-ops. The ping WooCommerce sends on setup is answered 200.")
    ResponseEntity<ChannelIntake.Outcome> woocommerce(
            @PathVariable String id,
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "X-WC-Webhook-Signature", required = false) @Nullable String signature,
            @RequestHeader(name = "X-WC-Webhook-Topic", required = false) @Nullable String topic,
            @RequestHeader(name = "X-WC-Webhook-Delivery-ID", required = false) @Nullable String deliveryId,
            @RequestHeader(name = "X-WC-Webhook-Source", required = false) @Nullable String source,
            @RequestHeader(name = "Content-Type", required = false) @Nullable String contentType,
            HttpServletRequest request) {
        byte[] raw = body == null ? new byte[0] : body;
        if (topic == null && new String(raw, StandardCharsets.UTF_8).startsWith("webhook_id=")) {
            // WooCommerce pings a new webhook with a form body and no signature; answering 200 keeps the webhook
            // active.
            target(id, ConnectionType.WOOCOMMERCE);
            return ResponseEntity.ok(new ChannelIntake.Outcome("ignored", null, null, java.util.List.of(), "ping"));
        }
        return signed(id, ConnectionType.WOOCOMMERCE, raw, signature, topic, deliveryId, source, contentType, request);
    }

    @PostMapping("/orders")
    @Operation(
            summary = "Send a document to a generic connection",
            description = "Mapped by the connection's JSONata "
                    + "mapping. Authenticate with an API key (scope channels:write), or without one by the HMAC-SHA256 (base64) "
                    + "of the body in the header named by the connection's signatureHeader.")
    ResponseEntity<ChannelIntake.Outcome> generic(
            @PathVariable String id,
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String deliveryId,
            @RequestHeader(name = "Content-Type", required = false) @Nullable String contentType,
            HttpServletRequest request) {
        byte[] raw = body == null ? new byte[0] : body;
        if (authorization != null) {
            StoredConnection connection = connections.get(uuid(id));
            requireType(connection.type(), ConnectionType.GENERIC, id);
            return respond(intake.receive(connection, inbound("document", deliveryId, contentType, raw, request)));
        }
        Connections.WebhookTarget target = target(id, ConnectionType.GENERIC);
        String header = target.signatureHeader();
        if (header == null) {
            throw ApiProblem.unauthorized("send an API key as 'Authorization: Bearer <key>': this connection has no "
                    + "signature header configured");
        }
        String signature = request.getHeader(header);
        return verified(target, raw, signature, "document", deliveryId, null, contentType, request);
    }

    @PostMapping("/amazon")
    @Operation(
            summary = "Send an Amazon SP-API order",
            description =
                    "Body: {\"order\": <getOrder response>, \"items\": "
                            + "<getOrderItems response or list of pages>, \"address\": <getOrderAddress response>}. API key with channels:write.")
    ResponseEntity<ChannelIntake.Outcome> amazon(
            @PathVariable String id,
            @RequestBody(required = false) byte @Nullable [] body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String deliveryId,
            @RequestHeader(name = "Content-Type", required = false) @Nullable String contentType,
            HttpServletRequest request) {
        StoredConnection connection = connections.get(uuid(id));
        requireType(connection.type(), ConnectionType.AMAZON, id);
        return respond(intake.receive(
                connection, inbound("order", deliveryId, contentType, body == null ? new byte[0] : body, request)));
    }

    private ResponseEntity<ChannelIntake.Outcome> signed(
            String id,
            ConnectionType type,
            byte @Nullable [] body,
            @Nullable String signature,
            @Nullable String topic,
            @Nullable String deliveryId,
            @Nullable String origin,
            @Nullable String contentType,
            HttpServletRequest request) {
        Connections.WebhookTarget target = target(id, type);
        return verified(
                target, body == null ? new byte[0] : body, signature, topic, deliveryId, origin, contentType, request);
    }

    private ResponseEntity<ChannelIntake.Outcome> verified(
            Connections.WebhookTarget target,
            byte[] body,
            @Nullable String signature,
            @Nullable String topic,
            @Nullable String deliveryId,
            @Nullable String origin,
            @Nullable String contentType,
            HttpServletRequest request) {
        if (!Signatures.verify(body, target.secret(), signature)) {
            rejections.record(
                    target, request.getRemoteAddr(), clip(topic), clip(deliveryId), clip(origin), body.length);
            throw ApiProblem.unauthorized(
                    signature == null
                            ? "the request carries no signature"
                            : "the signature does not match the body under this connection's secret");
        }
        String requestId = UUID.randomUUID().toString();
        RequestContext context = new RequestContext(target.tenant(), "channel:" + target.name(), requestId);
        return respond(context.call(() -> intake.receive(
                connections.get(target.id()),
                inbound(topic == null ? "unknown" : clip(topic), clip(deliveryId), contentType, body, request))));
    }

    private Connections.WebhookTarget target(String id, ConnectionType type) {
        Connections.WebhookTarget target = connections
                .findForWebhook(uuid(id))
                .orElseThrow(() -> ApiProblem.notFound("channel connection " + id + " does not exist"));
        requireType(target.type(), type, id);
        return target;
    }

    private static void requireType(ConnectionType actual, ConnectionType expected, String id) {
        if (actual != expected) {
            throw ApiProblem.notFound("channel connection " + id + " is a " + actual.wireName() + " connection, not "
                    + expected.wireName());
        }
    }

    private static ChannelIntake.Inbound inbound(
            String topic,
            @Nullable String deliveryId,
            @Nullable String contentType,
            byte[] body,
            HttpServletRequest request) {
        return new ChannelIntake.Inbound(
                topic,
                clip(deliveryId),
                clip(contentType),
                new String(body, StandardCharsets.UTF_8),
                "webhook from " + request.getRemoteAddr());
    }

    static ResponseEntity<ChannelIntake.Outcome> respond(ChannelIntake.Outcome outcome) {
        int status = switch (outcome.result()) {
            case "placed" -> 201;
            case "quarantined" -> 202;
            default -> 200;
        };
        return ResponseEntity.status(status).body(outcome);
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("channel connection " + clip(id) + " does not exist");
        }
    }

    @Contract("!null -> !null")
    private static @Nullable String clip(@Nullable String value) {
        return value == null ? null : value.length() > 200 ? value.substring(0, 200) : value;
    }
}

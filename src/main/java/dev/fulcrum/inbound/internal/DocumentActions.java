package dev.fulcrum.inbound.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderAction;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.Sku;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Turns an inbound document into the ordinary action it stands for, in the caller's transaction: an order action
 * through {@link OrderManagement} (which audits it and publishes the order's event) or a movement of the inventory
 * ledger (audited here). The document was validated against its schema before; what the order or the ledger refuses
 * (an unknown order, more units than are open, a currency that is not the order's) is thrown as their
 * {@link ApiProblem}.
 */
@Component
public class DocumentActions {

    private final OrderManagement orders;
    private final InventoryLedger ledger;
    private final AuditLog audit;
    private final Clock clock;

    DocumentActions(OrderManagement orders, InventoryLedger ledger, AuditLog audit, Clock clock) {
        this.orders = orders;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Applies the document; answers what it acted on (the order id, or {@code <location>/<sku>}).
     *
     * @throws ApiProblem when the order or the ledger refuses it, naming why
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String apply(InboundDocument document) {
        JsonNode data = document.data();
        return switch (document.type().name()) {
            case "inbound.shipment-confirmed" -> {
                OrderId order = order(data);
                orders.apply(
                        order, new OrderAction.Ship(lines(data), text(data, "carrier"), text(data, "trackingNumber")));
                yield order.toString();
            }
            case "inbound.delivered" -> {
                OrderId order = order(data);
                orders.apply(order, new OrderAction.Deliver(lines(data)));
                yield order.toString();
            }
            case "inbound.delivery-failed" -> {
                OrderId order = order(data);
                String tracking = text(data, "trackingNumber");
                String reason = data.path("reason").asString()
                        + (tracking == null ? "" : " (tracking number " + tracking + ")");
                orders.apply(order, new OrderAction.Hold("delivery", reason));
                yield order.toString();
            }
            case "inbound.payment-captured" -> {
                OrderId order = order(data);
                BigDecimal amount = inOrderCurrency(order, data);
                orders.apply(order, new OrderAction.Pay(text(data, "method"), amount));
                yield order.toString();
            }
            case "inbound.payment-refunded" -> {
                OrderId order = order(data);
                Money amount = Money.of(
                        data.path("amount").asString(), data.path("currency").asString());
                orders.apply(
                        order, new OrderAction.Refund(data.path("reference").asString(), amount, List.of(), false));
                yield order.toString();
            }
            case "inbound.stock-adjusted" -> adjustStock(document);
            default ->
                throw ApiProblem.invalid(
                        "type", "no action is known for " + document.type().name());
        };
    }

    private String adjustStock(InboundDocument document) {
        JsonNode data = document.data();
        LocationId location = new LocationId(data.path("locationId").asString());
        Sku sku = new Sku(data.path("sku").asString());
        String reason = data.path("reason").asString();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("locationId", location.value());
        details.put("sku", sku.value());
        details.put("reason", reason);
        details.put("source", document.source());
        details.put("eventId", document.id());
        if (data.has("delta")) {
            int delta = data.path("delta").asInt();
            ledger.adjust(List.of(new InventoryLedger.Adjustment(location, sku, delta, "adjust", reason, null)));
            details.put("delta", delta);
        } else {
            int onHand = data.path("onHand").asInt();
            ledger.applySnapshot(
                    location,
                    document.time() != null ? document.time() : clock.instant(),
                    List.of(new InventoryLedger.PositionUpdate(sku, onHand, null)));
            details.put("onHand", onHand);
        }
        String subject = location.value() + "/" + sku.value();
        audit.record("stock.adjusted", "stock", subject, details);
        return subject;
    }

    private OrderId order(JsonNode data) {
        String id = text(data, "orderId");
        if (id != null) {
            OrderId order = new OrderId(UUID.fromString(id));
            if (orders.find(order).isEmpty()) {
                throw ApiProblem.notFound("order " + order + " does not exist");
            }
            return order;
        }
        String channel = data.path("channel").asString();
        String externalId = data.path("externalId").asString();
        return orders.findIdByExternalId(channel, externalId)
                .orElseThrow(
                        () -> ApiProblem.notFound("no order of channel " + channel + " has external id " + externalId));
    }

    private BigDecimal inOrderCurrency(OrderId id, JsonNode data) {
        Order order = orders.get(id);
        String currency = data.path("currency").asString();
        if (!order.currency().equals(currency)) {
            throw ApiProblem.invalid(
                    "data.currency", "is " + currency + " but order " + id + " is in " + order.currency());
        }
        return new BigDecimal(data.path("amount").asString());
    }

    private static List<LineQuantity> lines(JsonNode data) {
        List<LineQuantity> lines = new ArrayList<>();
        for (JsonNode line : data.path("lines")) {
            lines.add(new LineQuantity(
                    line.hasNonNull("lineNo") ? line.get("lineNo").asInt() : null,
                    text(line, "sku"),
                    line.path("quantity").asInt()));
        }
        return lines;
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? null : value.asString();
    }
}

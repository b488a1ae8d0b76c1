package dev.fulcrum.channels.internal;

import dev.fulcrum.channels.ConnectionType;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderEvent;
import dev.fulcrum.order.OrderStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What to tell a channel when one of its orders ships or is cancelled, in the channel's own API: Shopify Admin REST
 * (a fulfillment with tracking, or a cancel), WooCommerce REST v3 (the order's status plus an order note), Amazon
 * SP-API (confirmShipment) and, for a generic connection, the public event as JSON. Pure: no I/O, no clock.
 */
public final class OutboundRequests {

    /** The Shopify Admin REST API version Fulcrum speaks. */
    public static final String SHOPIFY_API_VERSION = "2025-01";

    private OutboundRequests() {}

    /** One HTTP call to make; {@code url} is absolute, {@code body} is JSON as a tree of maps and lists. */
    public record Request(String kind, String method, String url, Map<String, Object> body) {}

    /**
     * The calls that report {@code event} for the channel order {@code externalId}, whose line item ids by canonical
     * line number (from 1) are {@code lineRefs}; empty when the channel has nothing to hear about it.
     */
    public static List<Request> of(
            ConnectionType type, String baseUrl, String externalId, List<@Nullable String> lineRefs, OrderEvent event) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String id = URLEncoder.encode(externalId, StandardCharsets.UTF_8).replace("+", "%20");
        return switch (event) {
            case OrderEvent.OrderShipped shipped ->
                switch (type) {
                    case SHOPIFY ->
                        List.of(new Request(
                                "fulfillment",
                                "POST",
                                base + "/admin/api/" + SHOPIFY_API_VERSION + "/orders/" + id + "/fulfillments.json",
                                shopifyFulfillment(shipped, lineRefs)));
                    case WOOCOMMERCE -> wooShipped(base, id, shipped);
                    case AMAZON ->
                        List.of(new Request(
                                "shipment-confirmation",
                                "POST",
                                base + "/orders/v0/orders/" + id + "/shipmentConfirmation",
                                amazonConfirmation(shipped, lineRefs)));
                    case GENERIC -> List.of(new Request("status", "POST", base, publicEvent(shipped)));
                };
            case OrderEvent.OrderCancelled cancelled ->
                switch (type) {
                    case SHOPIFY ->
                        List.of(new Request(
                                "cancellation",
                                "POST",
                                base + "/admin/api/" + SHOPIFY_API_VERSION + "/orders/" + id + "/cancel.json",
                                map("reason", "other", "email", false, "note", cancelled.reason())));
                    case WOOCOMMERCE ->
                        List.of(
                                new Request(
                                        "status",
                                        "PUT",
                                        base + "/wp-json/wc/v3/orders/" + id,
                                        map("status", "cancelled")),
                                new Request(
                                        "note",
                                        "POST",
                                        base + "/wp-json/wc/v3/orders/" + id + "/notes",
                                        map(
                                                "note",
                                                "Cancelled in Fulcrum"
                                                        + (cancelled.reason() == null ? "" : ": " + cancelled.reason()),
                                                "customer_note",
                                                false)));
                    // SP-API has no call that cancels an order: sellers cancel through an order acknowledgement feed,
                    // which is not a status report. Nothing is sent.
                    case AMAZON -> List.of();
                    case GENERIC -> List.of(new Request("status", "POST", base, publicEvent(cancelled)));
                };
            case OrderEvent.OrderRefunded refunded ->
                switch (type) {
                    case SHOPIFY ->
                        List.of(new Request(
                                "refund",
                                "POST",
                                base + "/admin/api/" + SHOPIFY_API_VERSION + "/orders/" + id + "/refunds.json",
                                shopifyRefund(refunded, lineRefs)));
                    case WOOCOMMERCE ->
                        List.of(new Request(
                                "refund",
                                "POST",
                                base + "/wp-json/wc/v3/orders/" + id + "/refunds",
                                wooRefund(refunded, lineRefs)));
                    // SP-API refunds are adjustments sent through a feed, not a status report. Nothing is sent.
                    case AMAZON -> List.of();
                    case GENERIC -> List.of(new Request("refund", "POST", base, publicEvent(refunded)));
                };
            default -> List.of();
        };
    }

    /**
     * A Shopify refund (Admin REST {@code POST /orders/{id}/refunds.json}): the returned line items with their
     * quantities, marked as returned to stock, and the amount as a refund transaction in the order's currency.
     */
    private static Map<String, Object> shopifyRefund(
            OrderEvent.OrderRefunded refunded, List<@Nullable String> lineRefs) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (OrderEvent.LineMovement line : refunded.lines()) {
            String ref = ref(lineRefs, line.lineNo());
            if (ref != null) {
                items.add(
                        map("line_item_id", numberOrText(ref), "quantity", line.quantity(), "restock_type", "return"));
            }
        }
        return map(
                "refund",
                map(
                        "currency",
                        refunded.amount().currency().getCurrencyCode(),
                        "notify",
                        true,
                        "note",
                        "Refund for return " + refunded.returnId() + " in Fulcrum",
                        "refund_line_items",
                        items,
                        "transactions",
                        List.of(map(
                                "kind", "refund", "amount", refunded.amount().toPlainString()))));
    }

    /** A WooCommerce refund ({@code POST /wp-json/wc/v3/orders/{id}/refunds}), recorded without a payment call. */
    private static Map<String, Object> wooRefund(OrderEvent.OrderRefunded refunded, List<@Nullable String> lineRefs) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (OrderEvent.LineMovement line : refunded.lines()) {
            String ref = ref(lineRefs, line.lineNo());
            if (ref != null) {
                items.add(map("id", numberOrText(ref), "quantity", line.quantity()));
            }
        }
        return map(
                "amount",
                refunded.amount().toPlainString(),
                "reason",
                "Return " + refunded.returnId() + " in Fulcrum",
                "api_refund",
                false,
                "line_items",
                items);
    }

    private static Map<String, Object> shopifyFulfillment(
            OrderEvent.OrderShipped shipped, List<@Nullable String> lineRefs) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (OrderEvent.LineMovement line : shipped.lines()) {
            String ref = ref(lineRefs, line.lineNo());
            items.add(
                    ref == null
                            ? map("sku", line.sku(), "quantity", line.quantity())
                            : map("id", numberOrText(ref), "quantity", line.quantity()));
        }
        Map<String, Object> fulfillment = map(
                "tracking_number",
                shipped.trackingNumber(),
                "tracking_company",
                shipped.carrier(),
                "notify_customer",
                true,
                "line_items",
                items);
        return map("fulfillment", fulfillment);
    }

    private static List<Request> wooShipped(String base, String id, OrderEvent.OrderShipped shipped) {
        Order order = shipped.order();
        String note = "Shipped in Fulcrum: "
                + shipped.lines().stream()
                        .map(line -> line.sku() + " × " + line.quantity())
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("")
                + (shipped.carrier() == null ? "" : " with " + shipped.carrier())
                + (shipped.trackingNumber() == null ? "" : ", tracking " + shipped.trackingNumber());
        List<Request> requests = new ArrayList<>();
        // WooCommerce has no partial shipment status: the order becomes completed only when every unit has shipped.
        if (order.status() == OrderStatus.SHIPPED || order.status() == OrderStatus.COMPLETED) {
            List<Map<String, Object>> meta = new ArrayList<>();
            if (shipped.trackingNumber() != null) {
                meta.add(map("key", "_fulcrum_tracking_number", "value", shipped.trackingNumber()));
            }
            if (shipped.carrier() != null) {
                meta.add(map("key", "_fulcrum_tracking_provider", "value", shipped.carrier()));
            }
            requests.add(new Request(
                    "status",
                    "PUT",
                    base + "/wp-json/wc/v3/orders/" + id,
                    map("status", "completed", "meta_data", meta)));
        }
        requests.add(new Request(
                "note",
                "POST",
                base + "/wp-json/wc/v3/orders/" + id + "/notes",
                map("note", note, "customer_note", false)));
        return requests;
    }

    private static Map<String, Object> amazonConfirmation(
            OrderEvent.OrderShipped shipped, List<@Nullable String> lineRefs) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (OrderEvent.LineMovement line : shipped.lines()) {
            items.add(map(
                    "orderItemId",
                    ref(lineRefs, line.lineNo()) == null ? line.sku() : ref(lineRefs, line.lineNo()),
                    "quantity",
                    line.quantity()));
        }
        Map<String, Object> packageDetail = map(
                "packageReferenceId",
                String.valueOf(shipped.sequence()),
                "carrierCode",
                shipped.carrier() == null ? "Other" : shipped.carrier(),
                "trackingNumber",
                shipped.trackingNumber(),
                "shipDate",
                shipped.occurredAt().toString(),
                "orderItems",
                items);
        Object marketplace = shipped.order().attributes().get("marketplaceId");
        return map(
                "marketplaceId", marketplace == null ? null : marketplace.toString(), "packageDetail", packageDetail);
    }

    /** The order's public event as JSON (CloudEvents 1.0 structured mode), for connections that take any JSON. */
    static Map<String, Object> publicEvent(OrderEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order", event.order());
        switch (event) {
            case OrderEvent.OrderShipped shipped -> {
                data.put("lines", shipped.lines());
                data.put("carrier", shipped.carrier());
                data.put("trackingNumber", shipped.trackingNumber());
            }
            case OrderEvent.OrderCancelled cancelled -> data.put("reason", cancelled.reason());
            case OrderEvent.OrderRefunded refunded -> {
                data.put("returnId", refunded.returnId());
                data.put("amount", refunded.amount().toPlainString());
                data.put("currency", refunded.amount().currency().getCurrencyCode());
                data.put("lines", refunded.lines());
            }
            default -> {}
        }
        return map(
                "specversion",
                "1.0",
                "id",
                event.order().id() + "-" + event.sequence(),
                "source",
                "/fulcrum/orders",
                "type",
                "dev.fulcrum." + event.publicType(),
                "subject",
                event.order().id().toString(),
                "time",
                event.occurredAt().toString(),
                "datacontenttype",
                "application/json",
                "data",
                data);
    }

    private static @Nullable String ref(List<@Nullable String> lineRefs, int lineNo) {
        return lineNo >= 1 && lineNo <= lineRefs.size() ? lineRefs.get(lineNo - 1) : null;
    }

    /** Shopify line item ids are numbers; keep them numbers in the body. */
    private static Object numberOrText(String ref) {
        return ref.matches("\\d{1,18}") ? (Object) Long.parseLong(ref) : ref;
    }

    /** An insertion-ordered map that keeps null values (explicit nulls say "not known" to the channel). */
    private static Map<String, Object> map(@Nullable Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}

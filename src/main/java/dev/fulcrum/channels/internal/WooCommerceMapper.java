package dev.fulcrum.channels.internal;

import static dev.fulcrum.channels.internal.LenientJson.at;
import static dev.fulcrum.channels.internal.LenientJson.elements;
import static dev.fulcrum.channels.internal.LenientJson.first;
import static dev.fulcrum.channels.internal.LenientJson.joined;
import static dev.fulcrum.channels.internal.LenientJson.put;
import static dev.fulcrum.channels.internal.LenientJson.text;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps WooCommerce REST API v3 order webhooks (order.created, order.updated, order.deleted) to the canonical order.
 * A line's unit price is its subtotal (before coupons) over its quantity, its discount the subtotal less the total,
 * its tax {@code total_tax}. Dates without offset are read from the {@code *_gmt} fields as UTC.
 */
public final class WooCommerceMapper {

    public static final Set<String> TOPICS =
            Set.of("order.created", "order.updated", "order.deleted", "order.restored");

    private WooCommerceMapper() {}

    public static Mapped map(@Nullable String topic, JsonNode order) {
        if (topic == null) {
            throw new MappingFailure("X-WC-Webhook-Topic", "is required");
        }
        if (!TOPICS.contains(topic)) {
            throw new MappingFailure(
                    "X-WC-Webhook-Topic",
                    "topic '" + LenientJson.abbreviate(topic) + "' is not handled; expected one of "
                            + TOPICS.stream().sorted().toList());
        }
        if (!order.isObject()) {
            throw new MappingFailure("body", "must be a JSON object");
        }
        String externalId = text(order, "id");
        if (externalId == null) {
            throw new MappingFailure("id", "is required: the WooCommerce order id");
        }
        if ("order.deleted".equals(topic)) {
            return new Mapped(
                    Mapped.Intent.DELETE, externalId, null, List.of(), true, "deleted in WooCommerce", Map.of());
        }
        LenientJson nodes = new LenientJson();
        String currency = text(order, "currency");
        int digits = LenientJson.fractionDigits(currency);
        ObjectNode document = LenientJson.object();
        document.put("externalId", externalId);
        put(document, "currency", currency);
        String created = text(order, "date_created_gmt");
        put(
                document,
                "placedAt",
                created == null ? null : created.endsWith("Z") || created.contains("+") ? created : created + "Z");

        JsonNode billing = at(order, "billing");
        JsonNode shipping = at(order, "shipping");
        ObjectNode customer = document.putObject("customer");
        String customerId = text(order, "customer_id");
        put(customer, "id", "0".equals(customerId) ? null : customerId);
        put(
                customer,
                "name",
                first(
                        joined(" ", text(billing, "first_name"), text(billing, "last_name")),
                        text(billing, "company"),
                        joined(" ", text(shipping, "first_name"), text(shipping, "last_name")),
                        text(billing, "email")));
        put(customer, "email", text(billing, "email"));
        put(customer, "phone", text(billing, "phone"));
        if (shipping.isObject() && text(shipping, "address_1") != null) {
            document.set("shippingAddress", address(shipping));
        } else if (billing.isObject()) {
            // Orders of virtual goods carry no shipping address; WooCommerce then treats the billing address as the
            // buyer's.
            document.set("shippingAddress", address(billing));
        }
        if (billing.isObject()) {
            document.set("billingAddress", address(billing));
        }

        List<Mapped.LineExtra> extras = new ArrayList<>();
        ArrayNode lines = document.putArray("lines");
        int index = 0;
        for (JsonNode item : elements(at(order, "line_items"))) {
            String path = "line_items[" + index++ + "].";
            ObjectNode line = lines.addObject();
            put(line, "sku", first(text(item, "sku"), productSku(item)));
            Integer quantity = nodes.integer(item, "quantity", path + "quantity");
            if (quantity != null) {
                line.put("quantity", quantity);
            }
            BigDecimal subtotal = nodes.decimal(item, "subtotal", path + "subtotal");
            BigDecimal total = nodes.decimal(item, "total", path + "total");
            if (subtotal != null && quantity != null && quantity > 0) {
                BigDecimal[] split = LenientJson.unitPriceAndRoundingDiscount(subtotal, quantity, digits);
                put(line, "unitPrice", split[0]);
                BigDecimal couponDiscount = total == null ? BigDecimal.ZERO : subtotal.subtract(total);
                put(line, "discount", split[1].add(couponDiscount));
            } else {
                put(line, "unitPrice", nodes.decimal(item, "price", path + "price"));
            }
            put(line, "tax", nodes.decimal(item, "total_tax", path + "total_tax"));
            Map<String, Object> attributes =
                    new LinkedHashMap<>(LenientJson.nameValues(at(item, "meta_data"), "key", "value"));
            attributes.keySet().removeIf(key -> key.startsWith("_"));
            for (String field : List.of("name", "product_id", "variation_id", "tax_class")) {
                Object value = LenientJson.plain(at(item, field));
                if (value != null && !"".equals(value)) {
                    attributes.putIfAbsent(field, value);
                }
            }
            extras.add(new Mapped.LineExtra(text(item, "id"), attributes, List.of()));
        }

        String status = text(order, "status");
        ObjectNode payment = document.putObject("payment");
        payment.put(
                "status",
                paymentStatus(status, text(order, "date_paid_gmt") != null || text(order, "date_paid") != null));
        put(payment, "method", text(order, "payment_method"));
        put(payment, "amount", nodes.decimal(order, "total", "total"));
        put(document, "notes", text(order, "customer_note"));
        ObjectNode attributes = document.putObject("attributes");
        put(attributes, "orderNumber", text(order, "number"));
        put(attributes, "orderKey", text(order, "order_key"));
        put(attributes, "status", status);
        put(attributes, "paymentMethodTitle", text(order, "payment_method_title"));
        put(attributes, "transactionId", text(order, "transaction_id"));
        put(attributes, "total", text(order, "total"));
        put(attributes, "totalTax", text(order, "total_tax"));
        put(attributes, "shippingTotal", text(order, "shipping_total"));
        put(attributes, "discountTotal", text(order, "discount_total"));
        ArrayNode shippingLines = LenientJson.object().arrayNode();
        for (JsonNode shippingLine : elements(at(order, "shipping_lines"))) {
            ObjectNode entry = shippingLines.addObject();
            put(entry, "title", text(shippingLine, "method_title"));
            put(entry, "code", text(shippingLine, "method_id"));
            put(entry, "price", text(shippingLine, "total"));
        }
        if (!shippingLines.isEmpty()) {
            attributes.set("shippingLines", shippingLines);
        }
        Map<String, Object> meta = LenientJson.nameValues(at(order, "meta_data"), "key", "value");
        meta.keySet().removeIf(key -> key.startsWith("_"));
        if (!meta.isEmpty()) {
            attributes.set("metaData", LenientJson.tree(meta));
        }
        if (!nodes.problems.isEmpty()) {
            throw new MappingFailure(nodes.problems);
        }
        boolean cancelled = "cancelled".equals(status) || "trash".equals(status);
        return Mapped.upsert(externalId, document, extras, cancelled, cancelled ? "cancelled in WooCommerce" : null);
    }

    private static ObjectNode address(JsonNode address) {
        ObjectNode node = LenientJson.object();
        put(
                node,
                "name",
                first(joined(" ", text(address, "first_name"), text(address, "last_name")), text(address, "company")));
        put(node, "phone", text(address, "phone"));
        put(node, "line1", text(address, "address_1"));
        put(node, "line2", text(address, "address_2"));
        put(node, "city", text(address, "city"));
        put(node, "region", text(address, "state"));
        put(node, "postalCode", text(address, "postcode"));
        put(node, "country", text(address, "country"));
        return node;
    }

    private static @Nullable String productSku(JsonNode item) {
        String variation = text(item, "variation_id");
        if (variation != null && !"0".equals(variation)) {
            return "woo-variation-" + variation;
        }
        String product = text(item, "product_id");
        return product == null ? null : "woo-product-" + product;
    }

    static String paymentStatus(@Nullable String status, boolean datePaid) {
        return switch (status == null ? "" : status) {
            case "refunded" -> "refunded";
            case "failed" -> "failed";
            case "processing", "completed" -> "captured";
            default -> datePaid ? "captured" : "pending";
        };
    }
}

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
 * Maps Shopify Admin API webhooks (orders/create, orders/updated, orders/cancelled, orders/paid, refunds/create) to the
 * canonical order. Line tax comes from each line's {@code tax_lines}; when only the order has tax lines, their total is
 * shared over the lines in proportion to their amounts. Shipping lines, note attributes, order name and the channel's
 * own totals and statuses are kept in the order's attributes.
 */
public final class ShopifyMapper {

    public static final Set<String> ORDER_TOPICS =
            Set.of("orders/create", "orders/updated", "orders/cancelled", "orders/paid");
    public static final String REFUND_TOPIC = "refunds/create";

    private ShopifyMapper() {}

    public static Mapped map(@Nullable String topic, JsonNode body) {
        if (topic == null) {
            throw new MappingFailure("X-Shopify-Topic", "is required");
        }
        if (!body.isObject()) {
            throw new MappingFailure("body", "must be a JSON object");
        }
        if (REFUND_TOPIC.equals(topic)) {
            return refund(body);
        }
        if (!ORDER_TOPICS.contains(topic)) {
            throw new MappingFailure(
                    "X-Shopify-Topic",
                    "topic '" + LenientJson.abbreviate(topic) + "' is not handled; expected one of "
                            + ORDER_TOPICS.stream().sorted().toList() + " or " + REFUND_TOPIC);
        }
        JsonNode order = body.size() == 1 && at(body, "order").isObject() ? body.get("order") : body;
        return order(topic, order);
    }

    private static Mapped order(String topic, JsonNode order) {
        LenientJson nodes = new LenientJson();
        String externalId = text(order, "id");
        if (externalId == null) {
            throw new MappingFailure("id", "is required: the Shopify order id");
        }
        String currency = first(text(order, "currency"), text(order, "presentment_currency"));
        int digits = LenientJson.fractionDigits(currency);
        ObjectNode document = LenientJson.object();
        document.put("externalId", externalId);
        put(document, "currency", currency);
        put(document, "placedAt", first(text(order, "created_at"), text(order, "processed_at")));

        JsonNode customerNode = at(order, "customer");
        JsonNode billing = at(order, "billing_address");
        JsonNode shipping = at(order, "shipping_address");
        ObjectNode customer = document.putObject("customer");
        put(customer, "id", text(customerNode, "id"));
        put(
                customer,
                "name",
                first(
                        joined(" ", text(customerNode, "first_name"), text(customerNode, "last_name")),
                        text(billing, "name"),
                        text(shipping, "name"),
                        text(order, "email"),
                        text(customerNode, "email")));
        put(customer, "email", first(text(order, "email"), text(customerNode, "email"), text(order, "contact_email")));
        put(customer, "phone", first(text(order, "phone"), text(customerNode, "phone")));
        if (shipping.isObject()) {
            document.set("shippingAddress", address(shipping));
        }
        if (billing.isObject()) {
            document.set("billingAddress", address(billing));
        }

        List<Mapped.LineExtra> extras = new ArrayList<>();
        List<ObjectNode> lines = new ArrayList<>();
        List<BigDecimal> lineAmounts = new ArrayList<>();
        boolean anyLineTax = false;
        int index = 0;
        for (JsonNode item : elements(at(order, "line_items"))) {
            String path = "line_items[" + index++ + "].";
            ObjectNode line = LenientJson.object();
            put(line, "sku", first(text(item, "sku"), variantSku(item)));
            Integer quantity = nodes.integer(item, "quantity", path + "quantity");
            if (quantity != null) {
                line.put("quantity", quantity);
            }
            BigDecimal price = nodes.decimal(item, "price", path + "price");
            put(line, "unitPrice", price);
            BigDecimal discount = sum(nodes, at(item, "discount_allocations"), "amount", path + "discount_allocations");
            if (discount == null) {
                discount = nodes.decimal(item, "total_discount", path + "total_discount");
            }
            put(line, "discount", discount);
            BigDecimal tax = sum(nodes, at(item, "tax_lines"), "price", path + "tax_lines");
            if (tax != null) {
                anyLineTax = true;
                put(line, "tax", tax);
            }
            lines.add(line);
            lineAmounts.add(
                    price != null && quantity != null ? price.multiply(BigDecimal.valueOf(quantity)) : BigDecimal.ZERO);
            Map<String, Object> attributes =
                    new LinkedHashMap<>(LenientJson.nameValues(at(item, "properties"), "name", "value"));
            for (String field : List.of(
                    "title",
                    "variant_title",
                    "vendor",
                    "product_id",
                    "variant_id",
                    "grams",
                    "requires_shipping",
                    "fulfillment_service")) {
                Object value = LenientJson.plain(at(item, field));
                if (value != null) {
                    attributes.putIfAbsent(field, value);
                }
            }
            extras.add(new Mapped.LineExtra(text(item, "id"), attributes, List.of()));
        }
        BigDecimal orderTax = sum(nodes, at(order, "tax_lines"), "price", "tax_lines");
        if (!anyLineTax && orderTax != null && orderTax.signum() > 0 && !lines.isEmpty()) {
            List<BigDecimal> shares = LenientJson.allocate(orderTax, lineAmounts, digits);
            for (int i = 0; i < lines.size(); i++) {
                put(lines.get(i), "tax", shares.get(i));
            }
        }
        ArrayNode lineArray = document.putArray("lines");
        lines.forEach(lineArray::add);

        String financialStatus = text(order, "financial_status");
        ObjectNode payment = document.putObject("payment");
        payment.put("status", paymentStatus(financialStatus));
        JsonNode gateways = at(order, "payment_gateway_names");
        put(
                payment,
                "method",
                first(
                        text(order, "gateway"),
                        gateways.isArray()
                                        && !gateways.isEmpty()
                                        && gateways.get(0).isString()
                                ? gateways.get(0).stringValue()
                                : null));
        put(payment, "amount", nodes.decimal(order, "total_price", "total_price"));

        put(document, "notes", text(order, "note"));
        String tags = text(order, "tags");
        if (tags != null) {
            ArrayNode tagArray = document.putArray("tags");
            for (String tag : tags.split(",", -1)) {
                if (!tag.isBlank()) {
                    tagArray.add(tag.strip());
                }
            }
        }
        ObjectNode attributes = document.putObject("attributes");
        put(attributes, "orderName", text(order, "name"));
        put(attributes, "orderNumber", text(order, "order_number"));
        put(attributes, "financialStatus", financialStatus);
        put(attributes, "fulfillmentStatus", text(order, "fulfillment_status"));
        put(attributes, "sourceName", text(order, "source_name"));
        put(attributes, "totalPrice", text(order, "total_price"));
        put(attributes, "subtotalPrice", text(order, "subtotal_price"));
        put(attributes, "totalTax", text(order, "total_tax"));
        put(attributes, "totalDiscounts", text(order, "total_discounts"));
        Map<String, Object> noteAttributes = LenientJson.nameValues(at(order, "note_attributes"), "name", "value");
        if (!noteAttributes.isEmpty()) {
            attributes.set("noteAttributes", LenientJson.tree(noteAttributes));
        }
        ArrayNode shippingLines = LenientJson.object().arrayNode();
        for (JsonNode shippingLine : elements(at(order, "shipping_lines"))) {
            ObjectNode entry = shippingLines.addObject();
            put(entry, "title", text(shippingLine, "title"));
            put(entry, "code", text(shippingLine, "code"));
            put(entry, "price", text(shippingLine, "price"));
        }
        if (!shippingLines.isEmpty()) {
            attributes.set("shippingLines", shippingLines);
        }
        ArrayNode discountCodes = LenientJson.object().arrayNode();
        for (JsonNode code : elements(at(order, "discount_codes"))) {
            ObjectNode entry = discountCodes.addObject();
            put(entry, "code", text(code, "code"));
            put(entry, "amount", text(code, "amount"));
        }
        if (!discountCodes.isEmpty()) {
            attributes.set("discountCodes", discountCodes);
        }
        if (!nodes.problems.isEmpty()) {
            throw new MappingFailure(nodes.problems);
        }
        boolean cancelled = "orders/cancelled".equals(topic) || text(order, "cancelled_at") != null;
        return Mapped.upsert(externalId, document, extras, cancelled, text(order, "cancel_reason"));
    }

    private static Mapped refund(JsonNode refund) {
        String orderId = text(refund, "order_id");
        if (orderId == null) {
            throw new MappingFailure("order_id", "is required: the refunded order");
        }
        LenientJson nodes = new LenientJson();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("id", text(refund, "id"));
        details.put("createdAt", text(refund, "created_at"));
        details.put("note", text(refund, "note"));
        BigDecimal amount = sum(nodes, at(refund, "transactions"), "amount", "transactions");
        details.put("amount", amount == null ? null : amount.toPlainString());
        List<Map<String, Object>> lines = new ArrayList<>();
        int index = 0;
        for (JsonNode line : elements(at(refund, "refund_line_items"))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("lineItemId", text(line, "line_item_id"));
            entry.put("quantity", nodes.integer(line, "quantity", "refund_line_items[" + index++ + "].quantity"));
            entry.put("restockType", text(line, "restock_type"));
            lines.add(entry);
        }
        details.put("lines", lines);
        if (!nodes.problems.isEmpty()) {
            throw new MappingFailure(nodes.problems);
        }
        return new Mapped(Mapped.Intent.REFUND, orderId, null, List.of(), false, null, details);
    }

    private static ObjectNode address(JsonNode address) {
        ObjectNode node = LenientJson.object();
        put(
                node,
                "name",
                first(
                        text(address, "name"),
                        joined(" ", text(address, "first_name"), text(address, "last_name")),
                        text(address, "company")));
        put(node, "phone", text(address, "phone"));
        put(node, "line1", text(address, "address1"));
        put(node, "line2", text(address, "address2"));
        put(node, "city", text(address, "city"));
        put(node, "region", first(text(address, "province_code"), text(address, "province")));
        put(node, "postalCode", text(address, "zip"));
        put(node, "country", text(address, "country_code"));
        put(node, "latitude", LenientJson.coordinate(address, "latitude"));
        put(node, "longitude", LenientJson.coordinate(address, "longitude"));
        return node;
    }

    private static @Nullable String variantSku(JsonNode item) {
        String variant = text(item, "variant_id");
        return variant == null ? null : "shopify-variant-" + variant;
    }

    private static @Nullable BigDecimal sum(LenientJson nodes, JsonNode array, String field, String path) {
        if (!array.isArray() || array.isEmpty()) {
            return null;
        }
        BigDecimal total = BigDecimal.ZERO;
        int index = 0;
        for (JsonNode entry : array.values()) {
            BigDecimal value = nodes.decimal(entry, field, path + "[" + index++ + "]." + field);
            if (value != null) {
                total = total.add(value);
            }
        }
        return total;
    }

    static String paymentStatus(@Nullable String financialStatus) {
        return switch (financialStatus == null ? "" : financialStatus) {
            case "paid", "partially_refunded" -> "captured";
            case "authorized", "partially_paid" -> "authorized";
            case "refunded" -> "refunded";
            case "voided" -> "failed";
            default -> "pending";
        };
    }
}

package dev.fulcrum.channels.internal;

import static dev.fulcrum.channels.internal.LenientJson.at;
import static dev.fulcrum.channels.internal.LenientJson.elements;
import static dev.fulcrum.channels.internal.LenientJson.first;
import static dev.fulcrum.channels.internal.LenientJson.put;
import static dev.fulcrum.channels.internal.LenientJson.text;

import dev.fulcrum.shared.FieldProblem;
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
 * Maps an Amazon Selling Partner API Orders v0 order, as {@code {"order": getOrder, "items": getOrderItems,
 * "address": getOrderAddress}} (each the API's response, with or without its {@code payload} wrapper; {@code items}
 * may be a list of pages), to the canonical order. Amazon reports a line's amount, not its unit price: the unit price
 * is the amount over the quantity rounded up to the currency's minor unit, and the rounding becomes line discount,
 * so the line total stays exactly Amazon's. Amounts in another currency than the order's, or with more decimals than
 * the currency has, are reported rather than converted.
 */
public final class AmazonMapper {

    private static final Set<String> PAID = Set.of("Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed");

    private AmazonMapper() {}

    public static Mapped map(JsonNode body) {
        if (!body.isObject() || !at(body, "order").isObject()) {
            throw new MappingFailure("order", "is required: the getOrder response");
        }
        JsonNode order = payload(body.get("order"));
        String externalId = text(order, "AmazonOrderId");
        if (externalId == null) {
            throw new MappingFailure("order.AmazonOrderId", "is required");
        }
        LenientJson nodes = new LenientJson();
        List<JsonNode> itemPages = new ArrayList<>();
        JsonNode items = at(body, "items");
        if (items.isArray()) {
            items.values().forEach(page -> itemPages.add(payload(page)));
        } else if (items.isObject()) {
            itemPages.add(payload(items));
        } else {
            nodes.problems.add(new FieldProblem("items", "is required: the getOrderItems response"));
        }
        for (int i = 0; i < itemPages.size(); i++) {
            String itemsOrder = text(itemPages.get(i), "AmazonOrderId");
            if (itemsOrder != null && !itemsOrder.equals(externalId)) {
                nodes.problems.add(new FieldProblem(
                        "items" + (items.isArray() ? "[" + i + "]" : "") + ".AmazonOrderId",
                        "is " + itemsOrder + ", but the order is " + externalId));
            }
        }
        JsonNode address = at(body, "address").isObject() ? payload(body.get("address")) : null;
        if (address != null
                && text(address, "AmazonOrderId") != null
                && !externalId.equals(text(address, "AmazonOrderId"))) {
            nodes.problems.add(new FieldProblem(
                    "address.AmazonOrderId",
                    "is " + text(address, "AmazonOrderId") + ", but the order is " + externalId));
        }

        JsonNode orderTotal = at(order, "OrderTotal");
        String currency = text(orderTotal, "CurrencyCode");
        if (currency == null) {
            for (JsonNode page : itemPages) {
                for (JsonNode item : elements(at(page, "OrderItems"))) {
                    currency = first(currency, text(at(item, "ItemPrice"), "CurrencyCode"));
                }
            }
        }
        int digits = LenientJson.fractionDigits(currency);
        ObjectNode document = LenientJson.object();
        document.put("externalId", externalId);
        put(document, "currency", currency);
        put(document, "placedAt", text(order, "PurchaseDate"));

        JsonNode buyer = at(order, "BuyerInfo");
        JsonNode shipping = address != null && at(address, "ShippingAddress").isObject()
                ? address.get("ShippingAddress")
                : at(order, "ShippingAddress");
        ObjectNode customer = document.putObject("customer");
        put(customer, "name", first(text(buyer, "BuyerName"), text(shipping, "Name"), text(buyer, "BuyerEmail")));
        put(customer, "email", text(buyer, "BuyerEmail"));
        put(customer, "phone", text(shipping, "Phone"));
        if (shipping.isObject()) {
            ObjectNode shippingAddress = document.putObject("shippingAddress");
            put(shippingAddress, "name", text(shipping, "Name"));
            put(shippingAddress, "phone", text(shipping, "Phone"));
            put(shippingAddress, "line1", first(text(shipping, "AddressLine1"), text(shipping, "AddressLine2")));
            put(
                    shippingAddress,
                    "line2",
                    LenientJson.joined(
                            ", ",
                            text(shipping, "AddressLine1") == null ? null : text(shipping, "AddressLine2"),
                            text(shipping, "AddressLine3")));
            put(
                    shippingAddress,
                    "city",
                    first(text(shipping, "City"), text(shipping, "District"), text(shipping, "County")));
            put(shippingAddress, "region", text(shipping, "StateOrRegion"));
            put(shippingAddress, "postalCode", text(shipping, "PostalCode"));
            put(shippingAddress, "country", text(shipping, "CountryCode"));
            JsonNode geo = at(at(shipping, "ExtendedFields"), "GeoCoordinates");
            put(shippingAddress, "latitude", LenientJson.coordinate(geo, "Latitude"));
            put(shippingAddress, "longitude", LenientJson.coordinate(geo, "Longitude"));
        }

        List<Mapped.LineExtra> extras = new ArrayList<>();
        ArrayNode lines = document.putArray("lines");
        int index = 0;
        for (JsonNode page : itemPages) {
            for (JsonNode item : elements(at(page, "OrderItems"))) {
                String path = "items.OrderItems[" + index++ + "].";
                ObjectNode line = lines.addObject();
                put(line, "sku", first(text(item, "SellerSKU"), text(item, "ASIN")));
                Integer quantity = nodes.integer(item, "QuantityOrdered", path + "QuantityOrdered");
                if (quantity != null) {
                    line.put("quantity", quantity);
                }
                BigDecimal amount = money(nodes, item, "ItemPrice", path, currency, digits);
                BigDecimal promotion = money(nodes, item, "PromotionDiscount", path, currency, digits);
                BigDecimal tax = money(nodes, item, "ItemTax", path, currency, digits);
                if (amount != null && quantity != null && quantity > 0) {
                    BigDecimal[] split = LenientJson.unitPriceAndRoundingDiscount(amount, quantity, digits);
                    put(line, "unitPrice", split[0]);
                    put(line, "discount", split[1].add(promotion == null ? BigDecimal.ZERO : promotion));
                } else if (amount != null && quantity != null) {
                    put(line, "unitPrice", amount);
                }
                put(line, "tax", tax);
                Map<String, Object> attributes = new LinkedHashMap<>();
                for (String field : List.of(
                        "ASIN",
                        "Title",
                        "ConditionId",
                        "ConditionSubtypeId",
                        "PriceDesignation",
                        "ScheduledDeliveryStartDate",
                        "ScheduledDeliveryEndDate",
                        "IsGift",
                        "SerialNumbers",
                        "PromotionIds",
                        "QuantityShipped")) {
                    Object value = LenientJson.plain(at(item, field));
                    if (value != null) {
                        attributes.put(field, value);
                    }
                }
                put(attributes, "shippingPrice", text(at(item, "ShippingPrice"), "Amount"));
                put(attributes, "giftMessage", text(at(item, "BuyerInfo"), "GiftMessageText"));
                put(
                        attributes,
                        "buyerRequestedCancel",
                        text(at(item, "BuyerRequestedCancel"), "IsBuyerRequestedCancel"));
                extras.add(new Mapped.LineExtra(text(item, "OrderItemId"), attributes, List.of()));
            }
        }

        String status = text(order, "OrderStatus");
        ObjectNode payment = document.putObject("payment");
        payment.put("status", status != null && PAID.contains(status) ? "captured" : "pending");
        put(payment, "method", text(order, "PaymentMethod"));
        put(payment, "amount", text(orderTotal, "Amount"));
        ObjectNode attributes = document.putObject("attributes");
        for (String field : List.of(
                "OrderStatus",
                "MarketplaceId",
                "FulfillmentChannel",
                "OrderType",
                "ShipmentServiceLevelCategory",
                "EarliestShipDate",
                "LatestShipDate",
                "IsPrime",
                "IsBusinessOrder",
                "IsPremiumOrder",
                "SalesChannel")) {
            Object value = LenientJson.plain(at(order, field));
            if (value != null) {
                attributes.set(Character.toLowerCase(field.charAt(0)) + field.substring(1), LenientJson.tree(value));
            }
        }
        put(attributes, "purchaseOrderNumber", text(buyer, "PurchaseOrderNumber"));
        put(attributes, "orderTotal", text(orderTotal, "Amount"));
        if (!nodes.problems.isEmpty()) {
            throw new MappingFailure(nodes.problems);
        }
        boolean cancelled = "Canceled".equals(status);
        return Mapped.upsert(externalId, document, extras, cancelled, cancelled ? "canceled on Amazon" : null);
    }

    private static JsonNode payload(JsonNode response) {
        return at(response, "payload").isObject() ? response.get("payload") : response;
    }

    private static @Nullable BigDecimal money(
            LenientJson nodes, JsonNode item, String field, String path, @Nullable String currency, int digits) {
        JsonNode money = at(item, field);
        if (!money.isObject()) {
            return null;
        }
        BigDecimal amount = nodes.decimal(money, "Amount", path + field + ".Amount");
        String code = text(money, "CurrencyCode");
        if (amount == null) {
            return null;
        }
        if (code != null && currency != null && !code.equals(currency)) {
            nodes.problems.add(new FieldProblem(
                    path + field + ".CurrencyCode", "is " + code + ", but the order is in " + currency));
            return null;
        }
        if (amount.stripTrailingZeros().scale() > digits) {
            nodes.problems.add(new FieldProblem(
                    path + field + ".Amount",
                    amount.toPlainString() + " has more decimals than " + currency + " has (" + digits + ")"));
            return null;
        }
        return amount;
    }
}

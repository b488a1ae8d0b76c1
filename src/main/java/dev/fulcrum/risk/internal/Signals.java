package dev.fulcrum.risk.internal;

import dev.fulcrum.order.Address;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderLine;
import dev.fulcrum.shared.Digests;
import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What risk reads from one order, normalised: the values its velocity is counted by (customer, e-mail, phone, device,
 * IP, address hash, payment fingerprint), the values lists are matched against, and the order's own facts. Read from
 * the order and its documented {@code attributes} ({@code device.id}, {@code ip}, {@code payment.fingerprint},
 * {@code payment.bin}, {@code account.createdAt}, {@code shipping.method}); see docs/guide/risk.md.
 */
public record Signals(
        @Nullable OrderId orderId,
        @Nullable String customer,
        @Nullable String email,
        @Nullable String emailDomain,
        @Nullable String phone,
        @Nullable String device,
        @Nullable String ip,
        String address,
        @Nullable String payment,
        @Nullable String cardBin,
        @Nullable Instant accountCreatedAt,
        boolean express,
        boolean billingCountryDiffers,
        double amount,
        String currency,
        String channel,
        String country,
        List<String> skus,
        int units,
        List<String> tags) {

    /** The kinds velocity is counted by, in the order features are named. */
    public static final List<String> COUNTED =
            List.of("customer", "email", "phone", "device", "ip", "address", "payment");

    /** The kinds distinct customers are counted for. */
    public static final List<String> LINKED = List.of("device", "ip", "address");

    public static Signals of(Order order) {
        Map<String, Object> attributes = order.attributes();
        String email = normalisedEmail(order.customer().email());
        String bin = text(attributes, "payment", "bin");
        if (bin == null) {
            bin = text(attributes, "payment", "cardBin");
        }
        String fingerprint = text(attributes, "payment", "fingerprint");
        Address billing = order.billingAddress();
        String method = text(attributes, "shipping", "method");
        return new Signals(
                order.id(),
                customerOf(order.customer().id(), email),
                email,
                email == null ? null : email.substring(email.indexOf('@') + 1),
                normalisedPhone(order.customer().phone()),
                text(attributes, "device", "id"),
                normalisedIp(text(attributes, "ip", null)),
                addressHash(order.shippingAddress()),
                fingerprint != null ? fingerprint : bin != null ? "bin:" + bin : null,
                bin,
                instant(text(attributes, "account", "createdAt")),
                "express".equalsIgnoreCase(method) || order.tags().contains("express"),
                billing != null
                        && !billing.country()
                                .equalsIgnoreCase(order.shippingAddress().country()),
                order.total().amount().doubleValue(),
                order.currency(),
                order.channel(),
                order.shippingAddress().country(),
                order.lines().stream().map(OrderLine::sku).distinct().toList(),
                order.lines().stream().mapToInt(OrderLine::quantity).sum(),
                order.tags());
    }

    /** The value counted for a kind of {@link #COUNTED}, or null when the order has none. */
    public @Nullable String value(String kind) {
        return switch (kind) {
            case "customer" -> customer;
            case "email" -> email;
            case "phone" -> phone;
            case "device" -> device;
            case "ip" -> ip;
            case "address" -> address;
            case "payment" -> payment;
            default -> throw new IllegalArgumentException("not a counted kind: " + kind);
        };
    }

    /** The value matched against list entries of a kind of {@code RiskListEntry.KINDS}, or null. */
    public @Nullable String listValue(String kind) {
        return switch (kind) {
            case "email" -> email;
            case "email-domain" -> emailDomain;
            case "phone" -> phone;
            case "device" -> device;
            case "ip" -> ip;
            case "address" -> address;
            case "customer" -> customer;
            case "card-bin" -> cardBin;
            default -> null;
        };
    }

    /** The order as CEL rules see it ({@code order.total}, {@code order.country}, ...). */
    public Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("total", amount);
        document.put("currency", currency);
        document.put("channel", channel);
        document.put("country", country);
        document.put("units", (double) units);
        document.put("skus", skus);
        document.put("tags", tags);
        document.put("express", express);
        return document;
    }

    /** Who the customer is for counting: the channel's customer id, else the e-mail address. */
    private static @Nullable String customerOf(@Nullable String id, @Nullable String email) {
        if (id != null && !id.isBlank()) {
            return id.strip();
        }
        return email;
    }

    public static @Nullable String normalisedEmail(@Nullable String email) {
        if (email == null) {
            return null;
        }
        String trimmed = email.strip().toLowerCase(Locale.ROOT);
        return trimmed.indexOf('@') > 0 ? trimmed : null;
    }

    /** The digits of a phone number; null with fewer than five. */
    public static @Nullable String normalisedPhone(@Nullable String phone) {
        if (phone == null) {
            return null;
        }
        StringBuilder digits = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.length() < 5 ? null : digits.toString();
    }

    public static @Nullable String normalisedIp(@Nullable String ip) {
        return ip == null || ip.isBlank() ? null : ip.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The address counted: a SHA-256 of its lines, city, postal code and country, lower-case with spaces collapsed,
     * so that the same address typed twice counts once; the address list matches this hash too (or the plain text,
     * which is hashed when stored).
     */
    public static String addressHash(Address address) {
        String text = String.join(
                "|",
                address.line1(),
                address.line2() == null ? "" : address.line2(),
                address.city(),
                address.postalCode() == null ? "" : address.postalCode(),
                address.country());
        return Digests.sha256Hex(
                text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip());
    }

    /** A nested attribute ({@code device.id}) or a flat one written with the dot ({@code "device.id"}). */
    private static @Nullable String text(Map<String, Object> attributes, String first, @Nullable String second) {
        Object value;
        if (second == null) {
            value = attributes.get(first);
        } else {
            Object nested = attributes.get(first);
            value = nested instanceof Map<?, ?> map ? map.get(second) : attributes.get(first + "." + second);
        }
        if (value == null) {
            return null;
        }
        String text = value.toString().strip();
        return text.isEmpty() ? null : text;
    }

    private static @Nullable Instant instant(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}

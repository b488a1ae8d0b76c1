package dev.fulcrum.order;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.lang.Contract;
import tools.jackson.databind.JsonNode;

/**
 * The order data contract, version 1: turns a JSON document into a {@link NewOrder}, or reports every field that
 * breaks the contract with its JSON path and the reason. Amounts are decimal strings or JSON numbers, with no more
 * decimals than the currency's minor unit; codes follow ISO 4217 (currency) and ISO 3166-1 alpha-2 (country).
 */
public final class OrderContract {

    public static final String VERSION = "v1";

    private static final Set<String> ORDER_FIELDS = Set.of(
            "channel",
            "externalId",
            "currency",
            "placedAt",
            "customer",
            "shippingAddress",
            "billingAddress",
            "lines",
            "payment",
            "notes",
            "tags",
            "attributes");
    private static final Set<String> CUSTOMER_FIELDS = Set.of("id", "name", "email", "phone");
    private static final Set<String> ADDRESS_FIELDS = Set.of(
            "name", "phone", "line1", "line2", "city", "region", "postalCode", "country", "latitude", "longitude");
    private static final Set<String> LINE_FIELDS =
            Set.of("sku", "quantity", "unitPrice", "discount", "tax", "weightGrams");
    private static final Set<String> PAYMENT_FIELDS = Set.of("status", "method", "amount");
    private static final Set<String> PAYMENT_STATUSES =
            Set.of("pending", "authorized", "captured", "refunded", "failed");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int MAX_LINES = 1000;
    private static final int MAX_QUANTITY = 1_000_000;

    private final List<FieldProblem> problems = new ArrayList<>();
    /** The order's currency once read; amounts are checked against its minor unit. */
    private @Nullable Currency currency;

    /** A line's amounts as read, before they become {@link Money} in the order's currency. */
    private record LineAmounts(
            String sku,
            int quantity,
            BigDecimal unitPrice,
            @Nullable BigDecimal discount,
            @Nullable BigDecimal tax,
            @Nullable Double weightGrams) {}

    /** The payment as read, before its amount becomes {@link Money}. */
    private record PaymentAmount(
            String status,
            @Nullable String method,
            @Nullable BigDecimal amount) {}

    private OrderContract() {}

    /**
     * Every field path this contract accepts, in the notation of the contract registry ({@code lines[].sku}: the
     * {@code sku} of each line). The registry's description of the {@code order} contract must cover each of them.
     */
    public static java.util.SortedSet<String> acceptedFields() {
        java.util.SortedSet<String> paths = new java.util.TreeSet<>(ORDER_FIELDS);
        CUSTOMER_FIELDS.forEach(field -> paths.add("customer." + field));
        ADDRESS_FIELDS.forEach(field -> {
            paths.add("shippingAddress." + field);
            paths.add("billingAddress." + field);
        });
        LINE_FIELDS.forEach(field -> paths.add("lines[]." + field));
        PAYMENT_FIELDS.forEach(field -> paths.add("payment." + field));
        return paths;
    }

    /** Parses an order document; throws an {@link ApiProblem} (400) naming every offending field. */
    public static NewOrder parse(@Nullable JsonNode document) {
        OrderContract contract = new OrderContract();
        NewOrder order = contract.read(document);
        if (order == null || !contract.problems.isEmpty()) {
            throw ApiProblem.invalid(contract.problems);
        }
        return order;
    }

    /** Every problem the document has under the contract; empty when {@link #parse} would succeed. */
    public static List<FieldProblem> problemsOf(@Nullable JsonNode document) {
        OrderContract contract = new OrderContract();
        contract.read(document);
        return List.copyOf(contract.problems);
    }

    private @Nullable NewOrder read(@Nullable JsonNode document) {
        if (document == null || document.isMissingNode() || document.isNull()) {
            problems.add(new FieldProblem("body", "is required"));
            return null;
        }
        if (!document.isObject()) {
            problems.add(new FieldProblem("body", "must be a JSON object"));
            return null;
        }
        rejectUnknown(document, ORDER_FIELDS, "");
        String channel = text(document, "channel", "", true, 64);
        String externalId = text(document, "externalId", "", true, 128);
        String currency = currency(document);
        Instant placedAt = instant(document, "placedAt");
        Customer customer = customer(document.get("customer"));
        Address shipping = address(document.get("shippingAddress"), "shippingAddress", true);
        Address billing = address(document.get("billingAddress"), "billingAddress", false);
        List<LineAmounts> lines = lines(document.get("lines"));
        PaymentAmount payment = payment(document.get("payment"));
        String notes = text(document, "notes", "", false, 4000);
        List<String> tags = tags(document.get("tags"));
        Map<String, Object> attributes = attributes(document.get("attributes"));
        // A required value is null only when a problem says why.
        if (!problems.isEmpty()
                || channel == null
                || externalId == null
                || currency == null
                || this.currency == null
                || customer == null
                || shipping == null) {
            return null;
        }
        Currency in = this.currency;
        List<NewOrderLine> priced = lines.stream()
                .map(line -> new NewOrderLine(
                        line.sku(),
                        line.quantity(),
                        new Money(line.unitPrice(), in),
                        money(line.discount(), in),
                        money(line.tax(), in),
                        line.weightGrams()))
                .toList();
        Payment paid = payment == null
                ? null
                : new Payment(
                        payment.status(),
                        payment.method(),
                        payment.amount() == null ? null : new Money(payment.amount(), in));
        return new NewOrder(
                channel,
                externalId,
                currency,
                placedAt,
                customer,
                shipping,
                billing,
                priced,
                paid,
                notes,
                tags,
                attributes);
    }

    private static Money money(@Nullable BigDecimal amount, Currency currency) {
        return amount == null ? Money.zero(currency) : new Money(amount, currency);
    }

    private @Nullable String currency(JsonNode document) {
        String code = text(document, "currency", "", true, 3);
        if (code == null) {
            return null;
        }
        if (!CURRENCY_CODE.matcher(code).matches()) {
            problems.add(new FieldProblem("currency", "must be an ISO 4217 code such as CNY or USD"));
            return null;
        }
        try {
            currency = Currency.getInstance(code);
            return code;
        } catch (IllegalArgumentException unknown) {
            problems.add(new FieldProblem("currency", "is not an ISO 4217 currency code"));
            return null;
        }
    }

    private @Nullable Customer customer(@Nullable JsonNode node) {
        if (!requireObject(node, "customer", true)) {
            return null;
        }
        rejectUnknown(node, CUSTOMER_FIELDS, "customer.");
        String id = text(node, "id", "customer.", false, 128);
        String name = text(node, "name", "customer.", true, 200);
        String email = text(node, "email", "customer.", false, 320);
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("customer.email", "is not an email address"));
        }
        String phone = text(node, "phone", "customer.", false, 64);
        return name == null ? null : new Customer(id, name, email, phone);
    }

    private @Nullable Address address(@Nullable JsonNode node, String field, boolean required) {
        if (!requireObject(node, field, required)) {
            return null;
        }
        String prefix = field + ".";
        rejectUnknown(node, ADDRESS_FIELDS, prefix);
        String name = text(node, "name", prefix, true, 200);
        String phone = text(node, "phone", prefix, false, 64);
        String line1 = text(node, "line1", prefix, true, 300);
        String line2 = text(node, "line2", prefix, false, 300);
        String city = text(node, "city", prefix, true, 120);
        String region = text(node, "region", prefix, false, 120);
        String postalCode = text(node, "postalCode", prefix, false, 32);
        String country = text(node, "country", prefix, true, 2);
        if (country != null && !COUNTRIES.contains(country)) {
            problems.add(new FieldProblem(prefix + "country", "must be an ISO 3166-1 alpha-2 code such as CN or US"));
        }
        Double latitude = coordinate(node, "latitude", prefix, 90);
        Double longitude = coordinate(node, "longitude", prefix, 180);
        if (name == null || line1 == null || city == null || country == null) {
            return null; // a required field is missing, and said so
        }
        return new Address(name, phone, line1, line2, city, region, postalCode, country, latitude, longitude);
    }

    private List<LineAmounts> lines(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            problems.add(new FieldProblem("lines", "is required"));
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(new FieldProblem("lines", "must be an array"));
            return List.of();
        }
        if (node.isEmpty()) {
            problems.add(new FieldProblem("lines", "must contain at least one line"));
            return List.of();
        }
        if (node.size() > MAX_LINES) {
            problems.add(new FieldProblem("lines", "must not contain more than " + MAX_LINES + " lines"));
            return List.of();
        }
        List<LineAmounts> lines = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String prefix = "lines[" + i + "].";
            JsonNode line = node.get(i);
            if (!line.isObject()) {
                problems.add(new FieldProblem("lines[" + i + "]", "must be an object"));
                continue;
            }
            rejectUnknown(line, LINE_FIELDS, prefix);
            String sku = text(line, "sku", prefix, true, 64);
            Integer quantity = quantity(line, prefix);
            BigDecimal unitPrice = amount(line, "unitPrice", prefix, true);
            BigDecimal discount = amount(line, "discount", prefix, false);
            BigDecimal tax = amount(line, "tax", prefix, false);
            if (unitPrice != null
                    && quantity != null
                    && discount != null
                    && discount.compareTo(unitPrice.multiply(BigDecimal.valueOf(quantity))) > 0) {
                problems.add(new FieldProblem(prefix + "discount", "must not exceed unitPrice × quantity"));
            }
            Double weightGrams = weightGrams(line, prefix);
            if (sku != null && quantity != null && unitPrice != null) {
                lines.add(new LineAmounts(sku, quantity, unitPrice, discount, tax, weightGrams));
            }
        }
        return lines;
    }

    /** One unit's weight in grams on this line (optional, decimals allowed), overriding the catalogue item's. */
    private @Nullable Double weightGrams(JsonNode line, String prefix) {
        JsonNode node = line.get("weightGrams");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 10_000_000 || Double.isNaN(node.asDouble())) {
            problems.add(new FieldProblem(prefix + "weightGrams", "must be a number of grams from 0 to 10000000"));
            return null;
        }
        return node.asDouble();
    }

    private @Nullable Integer quantity(JsonNode line, String prefix) {
        JsonNode node = line.get("quantity");
        String field = prefix + "quantity";
        if (node == null || node.isNull()) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (!node.isIntegralNumber()
                && !(node.isNumber() && node.decimalValue().stripTrailingZeros().scale() <= 0)) {
            problems.add(new FieldProblem(field, "must be a whole number"));
            return null;
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() <= 0) {
            problems.add(new FieldProblem(field, "must be greater than zero"));
            return null;
        }
        if (value.compareTo(BigDecimal.valueOf(MAX_QUANTITY)) > 0) {
            problems.add(new FieldProblem(field, "must not exceed " + MAX_QUANTITY));
            return null;
        }
        return value.intValueExact();
    }

    private @Nullable PaymentAmount payment(@Nullable JsonNode node) {
        if (!requireObject(node, "payment", false)) {
            return null;
        }
        rejectUnknown(node, PAYMENT_FIELDS, "payment.");
        String status = text(node, "status", "payment.", true, 32);
        if (status != null && !PAYMENT_STATUSES.contains(status)) {
            problems.add(new FieldProblem(
                    "payment.status", "must be one of " + String.join(", ", sorted(PAYMENT_STATUSES))));
        }
        String method = text(node, "method", "payment.", false, 64);
        BigDecimal amount = amount(node, "amount", "payment.", false);
        return status == null ? null : new PaymentAmount(status, method, amount);
    }

    private List<String> tags(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(new FieldProblem("tags", "must be an array of strings"));
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            if (!tag.isString()
                    || tag.stringValue().isBlank()
                    || tag.stringValue().length() > 64) {
                problems.add(
                        new FieldProblem("tags[" + i + "]", "must be a non-empty string of at most 64 characters"));
            } else if (!tags.contains(tag.stringValue().strip())) {
                tags.add(tag.stringValue().strip());
            }
        }
        return tags;
    }

    private Map<String, Object> attributes(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            problems.add(new FieldProblem("attributes", "must be an object"));
            return Map.of();
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            attributes.put(entry.getKey(), plain(entry.getValue()));
        }
        return attributes;
    }

    private static @Nullable Object plain(JsonNode node) {
        if (node.isNull()) {
            return null;
        } else if (node.isString()) {
            return node.stringValue();
        } else if (node.isBoolean()) {
            return node.booleanValue();
        } else if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : node.decimalValue();
        } else if (node.isNumber()) {
            return node.decimalValue();
        } else if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            node.values().forEach(value -> values.add(plain(value)));
            return values;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        node.properties().forEach(entry -> values.put(entry.getKey(), plain(entry.getValue())));
        return values;
    }

    private @Nullable String text(JsonNode parent, String name, String prefix, boolean required, int maxLength) {
        JsonNode node = parent.get(name);
        String field = prefix + name;
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        if (!node.isString()) {
            problems.add(new FieldProblem(field, "must be a string"));
            return null;
        }
        String value = node.stringValue().strip();
        if (value.isEmpty()) {
            if (required) {
                problems.add(new FieldProblem(field, "must not be blank"));
            }
            return null;
        }
        if (value.length() > maxLength) {
            problems.add(new FieldProblem(field, "must not be longer than " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    private @Nullable BigDecimal amount(JsonNode parent, String name, String prefix, boolean required) {
        JsonNode node = parent.get(name);
        String field = prefix + name;
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isString()) {
            try {
                value = new BigDecimal(node.stringValue().strip());
            } catch (NumberFormatException notDecimal) {
                problems.add(new FieldProblem(field, "must be a decimal amount such as \"59.00\""));
                return null;
            }
        } else {
            problems.add(new FieldProblem(field, "must be a decimal amount such as \"59.00\""));
            return null;
        }
        if (value.signum() < 0) {
            problems.add(new FieldProblem(field, "must not be negative"));
            return null;
        }
        // Refused rather than rounded: an amount the currency cannot hold is a mistake upstream, not ours to fix.
        if (currency != null && !Money.fits(value, currency)) {
            problems.add(new FieldProblem(field, Money.tooManyDecimals(currency)));
            return null;
        }
        if (value.compareTo(new BigDecimal("1000000000000")) >= 0) {
            problems.add(new FieldProblem(field, "is too large"));
            return null;
        }
        return value;
    }

    private @Nullable Instant instant(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            try {
                return java.time.OffsetDateTime.parse(node.stringValue().strip())
                        .toInstant();
            } catch (DateTimeParseException notATime) {
                // reported below
            }
        }
        problems.add(new FieldProblem(name, "must be an ISO 8601 date-time with offset, such as 2026-11-20T10:00:00Z"));
        return null;
    }

    private @Nullable Double coordinate(JsonNode parent, String name, String prefix, double limit) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || Math.abs(node.doubleValue()) > limit) {
            problems.add(new FieldProblem(
                    prefix + name, "must be a number between -" + (int) limit + " and " + (int) limit));
            return null;
        }
        return node.doubleValue();
    }

    @Contract("null, _, _ -> false")
    private boolean requireObject(@Nullable JsonNode node, String field, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
            return false;
        }
        if (!node.isObject()) {
            problems.add(new FieldProblem(field, "must be an object"));
            return false;
        }
        return true;
    }

    private void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                problems.add(new FieldProblem(prefix + name, "is not a field of the order contract " + VERSION));
            }
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}

package dev.fulcrum.channels.internal;

import dev.fulcrum.shared.FieldProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The CSV import format: a header row naming the columns (any order), then one row per order line; consecutive rows
 * with the same {@code externalId} form one order, whose order-level columns are read from its first row. Fields follow
 * RFC 4180 (quotes around fields with commas or quotes, {@code ""} for a quote) but may not span lines. Lists
 * ({@code tags}, {@code lineTags}) are separated by {@code |}.
 */
public final class CsvOrders {

    public static final List<String> REQUIRED = List.of(
            "externalId",
            "currency",
            "customerName",
            "shipName",
            "shipLine1",
            "shipCity",
            "shipCountry",
            "sku",
            "quantity",
            "unitPrice");
    public static final List<String> OPTIONAL = List.of(
            "placedAt",
            "customerId",
            "customerEmail",
            "customerPhone",
            "shipPhone",
            "shipLine2",
            "shipRegion",
            "shipPostalCode",
            "discount",
            "tax",
            "paymentStatus",
            "paymentMethod",
            "paymentAmount",
            "notes",
            "tags",
            "lineTags");
    private static final Set<String> KNOWN = Set.copyOf(concat(REQUIRED, OPTIONAL));

    private CsvOrders() {}

    /** Column positions by name. */
    public record Header(String line, Map<String, Integer> columns) {

        @Nullable
        String value(List<String> fields, String column) {
            Integer index = columns.get(column);
            if (index == null || index >= fields.size()) {
                return null;
            }
            String value = fields.get(index).strip();
            return value.isEmpty() ? null : value;
        }
    }

    /** One data row with its 1-based line number in the file (the header is line 1). */
    public record Row(long lineNo, String line, List<String> fields) {}

    public static Header header(String line) {
        List<String> names = fields(stripBom(line));
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (!KNOWN.contains(name)) {
                problems.add(new FieldProblem(
                        "header",
                        "column '" + LenientJson.abbreviate(name) + "' is not known; columns are "
                                + concat(REQUIRED, OPTIONAL)));
            } else if (columns.putIfAbsent(name, i) != null) {
                problems.add(new FieldProblem("header", "column '" + name + "' appears twice"));
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                problems.add(new FieldProblem("header", "column '" + required + "' is required"));
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingFailure(problems);
        }
        return new Header(line, columns);
    }

    /** The external id a row belongs to, or null when the row has none. */
    public static @Nullable String externalIdOf(Header header, Row row) {
        return header.value(row.fields(), "externalId");
    }

    /** The canonical order document of one order's rows; each line's {@code ref} is its row's line number. */
    public static ObjectNode document(Header header, List<Row> rows) {
        List<String> first = rows.getFirst().fields();
        ObjectNode document = LenientJson.object();
        LenientJson.put(document, "externalId", header.value(first, "externalId"));
        LenientJson.put(document, "currency", header.value(first, "currency"));
        LenientJson.put(document, "placedAt", header.value(first, "placedAt"));
        ObjectNode customer = document.putObject("customer");
        LenientJson.put(customer, "id", header.value(first, "customerId"));
        LenientJson.put(customer, "name", header.value(first, "customerName"));
        LenientJson.put(customer, "email", header.value(first, "customerEmail"));
        LenientJson.put(customer, "phone", header.value(first, "customerPhone"));
        ObjectNode address = document.putObject("shippingAddress");
        LenientJson.put(address, "name", header.value(first, "shipName"));
        LenientJson.put(address, "phone", header.value(first, "shipPhone"));
        LenientJson.put(address, "line1", header.value(first, "shipLine1"));
        LenientJson.put(address, "line2", header.value(first, "shipLine2"));
        LenientJson.put(address, "city", header.value(first, "shipCity"));
        LenientJson.put(address, "region", header.value(first, "shipRegion"));
        LenientJson.put(address, "postalCode", header.value(first, "shipPostalCode"));
        LenientJson.put(address, "country", header.value(first, "shipCountry"));
        ArrayNode lines = document.putArray("lines");
        for (Row row : rows) {
            List<String> fields = row.fields();
            ObjectNode line = lines.addObject();
            line.put("ref", row.lineNo());
            LenientJson.put(line, "sku", header.value(fields, "sku"));
            String quantity = header.value(fields, "quantity");
            if (quantity != null && quantity.matches("[0-9]{1,9}")) {
                line.put("quantity", Integer.parseInt(quantity));
            } else {
                LenientJson.put(line, "quantity", quantity);
            }
            LenientJson.put(line, "unitPrice", header.value(fields, "unitPrice"));
            LenientJson.put(line, "discount", header.value(fields, "discount"));
            LenientJson.put(line, "tax", header.value(fields, "tax"));
            String lineTags = header.value(fields, "lineTags");
            if (lineTags != null) {
                ArrayNode tags = line.putArray("tags");
                for (String tag : lineTags.split("\\|", -1)) {
                    if (!tag.isBlank()) {
                        tags.add(tag.strip());
                    }
                }
            }
        }
        String paymentStatus = header.value(first, "paymentStatus");
        if (paymentStatus != null) {
            ObjectNode payment = document.putObject("payment");
            payment.put("status", paymentStatus);
            LenientJson.put(payment, "method", header.value(first, "paymentMethod"));
            LenientJson.put(payment, "amount", header.value(first, "paymentAmount"));
        }
        LenientJson.put(document, "notes", header.value(first, "notes"));
        String tags = header.value(first, "tags");
        if (tags != null) {
            ArrayNode array = document.putArray("tags");
            for (String tag : tags.split("\\|", -1)) {
                if (!tag.isBlank()) {
                    array.add(tag.strip());
                }
            }
        }
        return document;
    }

    /** A quarantined order's text (header line, then its rows) back to its document, for reprocessing. */
    static ObjectNode parseOne(String text) {
        String[] lines = text.split("\r?\n", -1);
        Header header = header(lines[0]);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.add(new Row(i + 1, lines[i], fields(lines[i])));
            }
        }
        if (rows.isEmpty()) {
            throw new MappingFailure("rows", "there are no rows");
        }
        return document(header, rows);
    }

    /** Splits one CSV line into fields (RFC 4180 quoting, no line breaks inside fields). */
    public static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c != '\r') {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

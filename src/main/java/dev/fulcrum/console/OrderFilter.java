package dev.fulcrum.console;

import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The filters of the order list as the console's form sends them (the same names as the API's query parameters).
 * Dates are whole days in the console's time zone, both ends included. A value that does not parse is ignored
 * rather than refused: the form only sends what its inputs allow.
 */
record OrderFilter(
        @Nullable String status,
        @Nullable String channel,
        @Nullable String customer,
        @Nullable String placedFrom,
        @Nullable String placedTo,
        @Nullable String tag,
        @Nullable String text,
        @Nullable String cursor) {

    OrderQuery toQuery(ZoneId zone, int limit) {
        LocalDate from = date(placedFrom);
        LocalDate to = date(placedTo);
        return new OrderQuery(
                orderStatus(),
                blankToNull(channel),
                blankToNull(customer),
                from == null ? null : from.atStartOfDay(zone).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant(),
                blankToNull(tag),
                blankToNull(text),
                position(cursor),
                limit);
    }

    /** The list's address with these filters, continuing after {@code next} when given. */
    String uri(OrderQuery.@Nullable Position next) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/orders");
        add(uri, "status", status);
        add(uri, "channel", channel);
        add(uri, "customer", customer);
        add(uri, "placedFrom", placedFrom);
        add(uri, "placedTo", placedTo);
        add(uri, "tag", tag);
        add(uri, "text", text);
        if (next != null) {
            uri.queryParam("cursor", next.placedAt() + "_" + next.id());
        }
        return uri.encode().build().toUriString();
    }

    /** The filters as a query string without the cursor (what a saved filter keeps); empty for none. */
    String query() {
        String uri = uri(null);
        int question = uri.indexOf('?');
        return question < 0 ? "" : uri.substring(question + 1);
    }

    public boolean isFirstPage() {
        return blankToNull(cursor) == null;
    }

    /** The chosen status, or null for any (or for a value the API does not know). */
    public @Nullable OrderStatus orderStatus() {
        String chosen = blankToNull(status);
        if (chosen == null) {
            return null;
        }
        try {
            return OrderStatus.fromWireName(chosen);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static OrderQuery.@Nullable Position position(@Nullable String text) {
        String cursor = blankToNull(text);
        if (cursor == null) {
            return null;
        }
        int separator = cursor.lastIndexOf('_');
        try {
            return OrderId.parse(cursor.substring(separator + 1))
                    .map(id -> new OrderQuery.Position(Instant.parse(cursor.substring(0, separator)), id))
                    .orElse(null);
        } catch (DateTimeParseException | IndexOutOfBoundsException malformed) {
            return null;
        }
    }

    private static @Nullable LocalDate date(@Nullable String text) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException malformed) {
            return null;
        }
    }

    private static void add(UriComponentsBuilder uri, String name, @Nullable String text) {
        String value = blankToNull(text);
        if (value != null) {
            uri.queryParam(name, value);
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package dev.fulcrum.console;

import dev.fulcrum.returns.ReturnQuery;
import dev.fulcrum.returns.ReturnStatus;
import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The filters of the returns queue as its form sends them: status, reason, order (its id or its external id), and
 * requested from / to as whole days in the console's time zone, both ends included. A value that does not parse is
 * ignored, as on the order list.
 */
record ReturnFilter(
        @Nullable String status,
        @Nullable String reason,
        @Nullable String order,
        @Nullable String from,
        @Nullable String to,
        @Nullable String cursor) {

    /** The query for one page; {@code orderId} is the order the {@code order} filter named, null for any. */
    ReturnQuery toQuery(@Nullable OrderId orderId, ZoneId zone, int limit) {
        LocalDate fromDay = date(from);
        LocalDate toDay = date(to);
        return new ReturnQuery(
                returnStatus(),
                blankToNull(reason),
                orderId,
                null,
                fromDay == null ? null : fromDay.atStartOfDay(zone).toInstant(),
                toDay == null ? null : toDay.plusDays(1).atStartOfDay(zone).toInstant(),
                position(cursor),
                limit);
    }

    /** The queue's address with these filters, continuing after {@code next} when given. */
    String uri(ReturnQuery.@Nullable Position next) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/returns");
        add(uri, "status", status);
        add(uri, "reason", reason);
        add(uri, "order", order);
        add(uri, "from", from);
        add(uri, "to", to);
        if (next != null) {
            uri.queryParam("cursor", next.requestedAt() + "_" + next.id());
        }
        return uri.encode().build().toUriString();
    }

    /** This filter with another status (null: any), from the first page: the links of the counts. */
    public String withStatus(@Nullable String wanted) {
        return new ReturnFilter(wanted, reason, order, from, to, null).uri(null);
    }

    /** This filter with another reason (null: any), from the first page. */
    public String withReason(@Nullable String wanted) {
        return new ReturnFilter(status, wanted, order, from, to, null).uri(null);
    }

    public boolean isFirstPage() {
        return blankToNull(cursor) == null;
    }

    public boolean isEmpty() {
        return blankToNull(status) == null
                && blankToNull(reason) == null
                && blankToNull(order) == null
                && blankToNull(from) == null
                && blankToNull(to) == null;
    }

    /** The chosen status, or null for any (or for a value the returns module does not know). */
    public @Nullable ReturnStatus returnStatus() {
        String chosen = blankToNull(status);
        if (chosen == null) {
            return null;
        }
        try {
            return ReturnStatus.fromWireName(chosen);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    public @Nullable String orderText() {
        return blankToNull(order);
    }

    private static ReturnQuery.@Nullable Position position(@Nullable String text) {
        String value = blankToNull(text);
        if (value == null) {
            return null;
        }
        int separator = value.lastIndexOf('_');
        try {
            return new ReturnQuery.Position(
                    Instant.parse(value.substring(0, separator)), UUID.fromString(value.substring(separator + 1)));
        } catch (DateTimeParseException | IllegalArgumentException | IndexOutOfBoundsException malformed) {
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

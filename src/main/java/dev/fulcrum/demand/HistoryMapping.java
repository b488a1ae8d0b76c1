package dev.fulcrum.demand;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How the columns of a demand history file map to weekly demand. By default the file has the columns {@code week},
 * {@code location}, {@code sku}, {@code quantity} and, optionally, {@code holiday} (0/1), and {@code week} is an ISO
 * date. Other files name their own columns and date format; {@code location} or {@code sku} may be a constant for files
 * that have no such column; {@code dates} is {@code weeks} when each date is the first day of its week (kept as it is)
 * or {@code days} when each row is a day's or an invoice line's demand (added up into the ISO week starting Monday).
 *
 * @param holidayColumn the holiday column; a file without it has no holidays
 * @param dateFormat a {@link DateTimeFormatter} pattern, such as {@code dd-MM-yyyy} or {@code yyyy-MM-dd HH:mm:ss}
 * @param location a constant location for every row, instead of {@code locationColumn}
 * @param sku a constant SKU for every row, instead of {@code skuColumn}
 */
public record HistoryMapping(
        String weekColumn,
        String locationColumn,
        String skuColumn,
        String quantityColumn,
        String holidayColumn,
        String dateFormat,
        String dates,
        @Nullable String location,
        @Nullable String sku) {

    public static final HistoryMapping DEFAULT =
            new HistoryMapping("week", "location", "sku", "quantity", "holiday", "yyyy-MM-dd", "weeks", null, null);

    /**
     * The mapping with each given value in place of the default; blank values count as not given.
     *
     * @throws ApiProblem 400 naming each bad field (an unknown {@code dates}, a date format that is not a pattern)
     */
    public static HistoryMapping of(
            @Nullable String weekColumn,
            @Nullable String locationColumn,
            @Nullable String skuColumn,
            @Nullable String quantityColumn,
            @Nullable String holidayColumn,
            @Nullable String dateFormat,
            @Nullable String dates,
            @Nullable String location,
            @Nullable String sku) {
        HistoryMapping mapping = new HistoryMapping(
                or(weekColumn, DEFAULT.weekColumn),
                or(locationColumn, DEFAULT.locationColumn),
                or(skuColumn, DEFAULT.skuColumn),
                or(quantityColumn, DEFAULT.quantityColumn),
                or(holidayColumn, DEFAULT.holidayColumn),
                or(dateFormat, DEFAULT.dateFormat),
                or(dates, DEFAULT.dates).toLowerCase(Locale.ROOT),
                blankToNull(location),
                blankToNull(sku));
        List<FieldProblem> problems = new ArrayList<>();
        if (!mapping.dates.equals("weeks") && !mapping.dates.equals("days")) {
            problems.add(new FieldProblem("dates", "must be weeks or days, got " + mapping.dates));
        }
        String patternProblem = patternProblem(mapping.dateFormat);
        if (patternProblem != null) {
            problems.add(
                    new FieldProblem("dateFormat", "is not a date pattern (" + patternProblem + "), e.g. dd-MM-yyyy"));
        }
        if (mapping.location != null && mapping.location.length() > 200) {
            problems.add(new FieldProblem("location", "at most 200 characters"));
        }
        if (mapping.sku != null && mapping.sku.length() > 200) {
            problems.add(new FieldProblem("sku", "at most 200 characters"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        return mapping;
    }

    /** Whether rows are days (or invoice lines) added up into ISO weeks, rather than weeks already. */
    public boolean aggregatesDays() {
        return dates.equals("days");
    }

    private static @Nullable String patternProblem(String pattern) {
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).toFormat() == null ? "no format" : null;
        } catch (IllegalArgumentException notAPattern) {
            return String.valueOf(notAPattern.getMessage());
        }
    }

    private static String or(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package dev.fulcrum.demand.internal;

import dev.fulcrum.demand.HistoryMapping;
import dev.fulcrum.shared.FieldProblem;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/** Reads one row of a demand history file through its {@link HistoryMapping}: a weekly demand row or its problems. */
public final class HistoryCsv {

    /** Demand of one location, SKU and week. */
    public record Row(String location, String sku, LocalDate week, double quantity, boolean holiday) {}

    /** A row or the reason it was refused, naming the row and the column. */
    public record Parsed(@Nullable Row row, @Nullable FieldProblem problem) {}

    private static final Set<String> TRUE = Set.of("1", "true", "yes", "y", "t");
    private static final Set<String> FALSE = Set.of("", "0", "false", "no", "n", "f");

    private final HistoryMapping mapping;
    private final DateTimeFormatter dates;
    private final boolean hasHoliday;

    private HistoryCsv(HistoryMapping mapping, boolean hasHoliday) {
        this.mapping = mapping;
        this.dates = DateTimeFormatter.ofPattern(mapping.dateFormat(), Locale.ROOT);
        this.hasHoliday = hasHoliday;
    }

    /**
     * The reader for a file with {@code header}, or the problems of the header: every mapped column must be there,
     * except the holiday column and the columns a constant replaces.
     */
    public static HistoryCsv forHeader(
            HistoryMapping mapping, Map<String, Integer> header, List<FieldProblem> problems) {
        require(header, mapping.weekColumn(), "weekColumn", problems);
        require(header, mapping.quantityColumn(), "quantityColumn", problems);
        if (mapping.location() == null) {
            require(header, mapping.locationColumn(), "locationColumn", problems);
        }
        if (mapping.sku() == null) {
            require(header, mapping.skuColumn(), "skuColumn", problems);
        }
        return new HistoryCsv(mapping, header.containsKey(mapping.holidayColumn()));
    }

    private static void require(Map<String, Integer> header, String column, String field, List<FieldProblem> problems) {
        if (!header.containsKey(column)) {
            problems.add(new FieldProblem(
                    field,
                    "the file has no column " + column + " (its columns: " + String.join(", ", header.keySet()) + ")"));
        }
    }

    public Parsed read(CSVRecord record, long rowNo) {
        List<FieldProblem> problems = new ArrayList<>();
        String fixedLocation = mapping.location();
        String fixedSku = mapping.sku();
        String location = fixedLocation != null ? fixedLocation : value(record, mapping.locationColumn());
        String sku = fixedSku != null ? fixedSku : value(record, mapping.skuColumn());
        if (location.isEmpty()) {
            problems.add(problem(rowNo, mapping.locationColumn(), "is empty"));
        }
        if (sku.isEmpty()) {
            problems.add(problem(rowNo, mapping.skuColumn(), "is empty"));
        }
        LocalDate week = null;
        String date = value(record, mapping.weekColumn());
        try {
            week = LocalDate.from(dates.parse(date));
            if (mapping.aggregatesDays()) {
                week = week.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            }
        } catch (java.time.DateTimeException notADate) {
            problems.add(problem(
                    rowNo, mapping.weekColumn(), "is not a date in the format " + mapping.dateFormat() + ": " + date));
        }
        double quantity = Double.NaN;
        String units = value(record, mapping.quantityColumn());
        try {
            quantity = Double.parseDouble(units);
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        if (Double.isNaN(quantity) || Double.isInfinite(quantity)) {
            problems.add(problem(rowNo, mapping.quantityColumn(), "is not a number: " + units));
        }
        boolean holiday = false;
        if (hasHoliday) {
            String flag = value(record, mapping.holidayColumn()).toLowerCase(Locale.ROOT);
            if (TRUE.contains(flag)) {
                holiday = true;
            } else if (!FALSE.contains(flag)) {
                problems.add(problem(rowNo, mapping.holidayColumn(), "must be 0 or 1, got " + flag));
            }
        }
        if (!problems.isEmpty() || week == null) {
            String reason = String.join(
                    "; ",
                    problems.stream()
                            .map(p -> p.field().substring(p.field().indexOf(": ") + 2) + " " + p.reason())
                            .toList());
            return new Parsed(null, new FieldProblem("row " + rowNo, reason));
        }
        return new Parsed(new Row(location, sku, week, quantity, holiday), null);
    }

    private static FieldProblem problem(long rowNo, String column, String reason) {
        return new FieldProblem("row " + rowNo + ": " + column, reason);
    }

    private static String value(CSVRecord record, String column) {
        return record.isSet(column) ? record.get(column).strip() : "";
    }
}

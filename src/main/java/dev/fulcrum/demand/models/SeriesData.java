package dev.fulcrum.demand.models;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * One weekly series as the models see it: consecutive weeks from {@code firstWeek}, and the holiday flag of every week
 * known, which may run past the history into the horizon (the calendar is known ahead, demand is not).
 */
final class SeriesData {

    private final LocalDate firstWeek;
    private final double[] values;
    private final boolean[] holidays;

    SeriesData(LocalDate firstWeek, double[] values, boolean[] holidays) {
        this.firstWeek = firstWeek;
        this.values = values;
        this.holidays = holidays;
    }

    LocalDate firstWeek() {
        return firstWeek;
    }

    int length() {
        return values.length;
    }

    /** The history; callers must not change it. */
    double[] values() {
        return values;
    }

    double value(int week) {
        return values[week];
    }

    boolean holidayAt(int week) {
        return week >= 0 && week < holidays.length && holidays[week];
    }

    LocalDate weekAt(int week) {
        return firstWeek.plusWeeks(week);
    }

    /** The first {@code weeks} weeks of history, with the holiday calendar kept whole (a backtest's origin). */
    SeriesData truncated(int weeks) {
        return new SeriesData(firstWeek, Arrays.copyOf(values, weeks), holidays);
    }
}

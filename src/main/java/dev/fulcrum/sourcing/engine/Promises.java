package dev.fulcrum.sourcing.engine;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * Promise dates. A shipment is ready {@code processingHours} after the decision (wall-clock hours, in the location's
 * time zone); it leaves on that local day if the day is a working day, not a holiday, and the ready time is not after
 * the cut-off, otherwise on the next working day; its ship-by time is the cut-off of that day. Delivery is promised
 * the 90th-percentile transit days (calendar days) after the ship day, moved to Monday when the customer does not
 * take weekend deliveries.
 */
public final class Promises {

    private Promises() {}

    /** When the shipment leaves the site at the latest. */
    public static ZonedDateTime shipBy(Site site, Instant decidedAt) {
        ZonedDateTime ready = decidedAt.atZone(site.zone()).plusHours(site.processingHours());
        LocalDate day = ready.toLocalDate();
        if (!isWorkingDay(site, day) || ready.toLocalTime().isAfter(site.cutoff())) {
            day = nextWorkingDay(site, day);
        }
        return day.atTime(site.cutoff()).atZone(site.zone());
    }

    public static LocalDate deliverBy(LocalDate shipDay, int transitDays, boolean avoidWeekend) {
        LocalDate day = shipDay.plusDays(transitDays);
        if (avoidWeekend) {
            while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                day = day.plusDays(1);
            }
        }
        return day;
    }

    public static boolean isWorkingDay(Site site, LocalDate day) {
        return site.workingDays().contains(day.getDayOfWeek())
                && !site.holidays().contains(day);
    }

    /** The first working day strictly after {@code day}; a site with no working day at all ships in a year at the latest. */
    public static LocalDate nextWorkingDay(Site site, LocalDate day) {
        LocalDate next = day.plusDays(1);
        for (int i = 0; i < 366 && !isWorkingDay(site, next); i++) {
            next = next.plusDays(1);
        }
        return next;
    }
}

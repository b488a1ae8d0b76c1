package dev.fulcrum.sourcing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromisesTests {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private final Site shanghai = Sites.site("SH", SHANGHAI, 0, LocalTime.of(16, 0), Sites.MON_TO_FRI, Set.of());

    @Test
    void anOrderBeforeTheCutOffShipsTheSameDay() {
        // Friday 2026-11-20 15:30 in Shanghai is 07:30 UTC.
        ZonedDateTime shipBy = Promises.shipBy(shanghai, Instant.parse("2026-11-20T07:30:00Z"));
        assertThat(shipBy.toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(shipBy.toLocalTime()).isEqualTo(LocalTime.of(16, 0));
    }

    @Test
    void anOrderAfterTheCutOffOnAFridayShipsOnMonday() {
        ZonedDateTime shipBy = Promises.shipBy(shanghai, Instant.parse("2026-11-20T08:30:00Z"));
        assertThat(shipBy.toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void processingTimeCountsAgainstTheCutOff() {
        Site slow = Sites.site("SH", SHANGHAI, 4, LocalTime.of(16, 0), Sites.MON_TO_FRI, Set.of());
        // 13:00 local + 4 h = 17:00, after the cut-off: next working day (Monday 23rd from Friday 20th).
        assertThat(Promises.shipBy(slow, Instant.parse("2026-11-20T05:00:00Z")).toLocalDate())
                .isEqualTo(LocalDate.of(2026, 11, 23));
        // 11:00 local + 4 h = 15:00: same day.
        assertThat(Promises.shipBy(slow, Instant.parse("2026-11-20T03:00:00Z")).toLocalDate())
                .isEqualTo(LocalDate.of(2026, 11, 20));
    }

    @Test
    void aWeekendOrderShipsOnTheNextWorkingDay() {
        // Saturday morning.
        assertThat(Promises.shipBy(shanghai, Instant.parse("2026-11-21T01:00:00Z"))
                        .toLocalDate())
                .isEqualTo(LocalDate.of(2026, 11, 23));
        Site sixDays = Sites.site(
                "SH", SHANGHAI, 0, LocalTime.of(16, 0), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), Set.of());
        assertThat(Promises.shipBy(sixDays, Instant.parse("2026-11-21T01:00:00Z"))
                        .toLocalDate())
                .isEqualTo(LocalDate.of(2026, 11, 21));
    }

    @Test
    void holidaysAreSkipped() {
        Site nationalDay = Sites.site(
                "SH",
                SHANGHAI,
                0,
                LocalTime.of(16, 0),
                Sites.MON_TO_FRI,
                Set.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 5)));
        // Wednesday 30 September 2026 after the cut-off: Thu 1, Fri 2 holidays, weekend, Mon 5 holiday → Tue 6.
        assertThat(Promises.shipBy(nationalDay, Instant.parse("2026-09-30T09:00:00Z"))
                        .toLocalDate())
                .isEqualTo(LocalDate.of(2026, 10, 6));
    }

    @Test
    void theCutOffIsInTheLocationsTimeZone() {
        Site newYork = Sites.site("NY", NEW_YORK, 0, LocalTime.of(16, 0), Sites.MON_TO_FRI, Set.of());
        // 20:30 UTC on Friday is 15:30 in New York (EST, UTC-5): before its cut-off, though past 16:00 in London.
        ZonedDateTime shipBy = Promises.shipBy(newYork, Instant.parse("2026-11-20T20:30:00Z"));
        assertThat(shipBy.toLocalDate()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(shipBy.toInstant()).isEqualTo(Instant.parse("2026-11-20T21:00:00Z"));
        // The same instant is Saturday 04:30 in Shanghai: Monday there.
        assertThat(Promises.shipBy(shanghai, Instant.parse("2026-11-20T20:30:00Z"))
                        .toLocalDate())
                .isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void deliveryTakesTheNinetiethPercentileTransitAndAvoidsWeekendsWhenAsked() {
        LocalDate thursday = LocalDate.of(2026, 11, 19);
        assertThat(Promises.deliverBy(thursday, 2, false)).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(Promises.deliverBy(thursday, 2, true)).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void theEnginePromisesTheNinetiethPercentileNotTheTypicalTransit() {
        CarrierService service = new CarrierService("X", "X", "standard", "road", false);
        RateLine lane = new RateLine("X", "*", "CN", null, null, 0, 100, BigDecimal.ONE, BigDecimal.ONE, 1, 4, null);
        Site site = Sites.site("SH", 31.2, 121.5, Sites.stock("A", 5));
        Plan plan = new SourcingEngine()
                .decide(
                        Sites.order(Instant.parse("2026-11-16T01:00:00Z"), "A", "1"),
                        java.util.List.of(site),
                        new RateCardLanes(java.util.List.of(service), java.util.List.of(lane)),
                        Sites.strategy("balanced", 1));
        // Monday 09:00 local + 4 h processing ships Monday; p90 of 4 days: Friday.
        assertThat(plan.deliverBy()).isEqualTo(LocalDate.of(2026, 11, 20));
    }
}

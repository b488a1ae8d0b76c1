package dev.fulcrum.twin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.twin.Disruption;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The transit-time distribution and the day-by-day simulation, without Spring or a database. */
class MonteCarloTests {

    private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    private static final MonteCarlo.Calendar WEEKDAYS =
            new MonteCarlo.Calendar(null, EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY), Set.of());

    @Test
    void transitDaysHaveTheRateCardsMedianAndNinetiethPercentile() {
        for (int[] card : new int[][] {{1, 2}, {2, 2}, {3, 5}, {0, 1}}) {
            TransitTimes transit = new TransitTimes(card[0], card[1]);
            SplittableRandom random = new SplittableRandom(3);
            int[] days = new int[200_000];
            for (int i = 0; i < days.length; i++) {
                days[i] = transit.sample(random);
            }
            Arrays.sort(days);
            assertThat(days[0]).isNotNegative();
            assertThat(days[days.length / 2])
                    .as("median of %s", Arrays.toString(card))
                    .isEqualTo(card[0]);
            double withinP90 = Arrays.stream(days).filter(d -> d <= card[1]).count() / (double) days.length;
            assertThat(withinP90)
                    .as("share within P90 of %s", Arrays.toString(card))
                    .isCloseTo(0.9, within(0.005));
            assertThat(transit.probabilityOfMoreThan(card[1])).isCloseTo(0.1, within(1e-6));
        }
    }

    @Test
    void aClosedLocationShipsOnItsNextWorkingDayAndTheOrderIsLate() {
        MonteCarlo.OrderRoute order = new MonteCarlo.OrderRoute(
                List.of(new MonteCarlo.Leg("WH-1", "YTO", "ROAD", MONDAY, 1, 2)), MONDAY.plusDays(2), "CN", "SH");
        Disruption closed = new Disruption(
                Disruption.LOCATION_CLOSED,
                MONDAY,
                MONDAY.plusDays(2),
                new dev.fulcrum.shared.LocationId("WH-1"),
                null,
                null,
                null,
                null,
                null,
                List.of(),
                null);

        MonteCarlo.Result disrupted = MonteCarlo.run(
                List.of(order),
                List.of(closed),
                Map.of("WH-1", WEEKDAYS),
                List.of(),
                MONDAY,
                MONDAY,
                MONDAY.plusDays(2),
                2000,
                5);
        MonteCarlo.Result baseline = MonteCarlo.run(
                List.of(order),
                List.of(),
                Map.of("WH-1", WEEKDAYS),
                List.of(),
                MONDAY,
                MONDAY,
                MONDAY.plusDays(2),
                2000,
                5);

        // Ships Thursday instead of Monday: three days later than a promise made with the P90 transit.
        assertThat(disrupted.lateProbability(0)).isEqualTo(1.0);
        assertThat(disrupted.expectedDelayDays(0)).isGreaterThanOrEqualTo(1.0);
        assertThat(baseline.lateProbability(0)).isCloseTo(0.1, within(0.03));
    }

    @Test
    void aReducedCapacityQueuesTheForecastOrdersOfTheWindow() {
        MonteCarlo.Calendar tenADay = new MonteCarlo.Calendar(10, EnumSet.allOf(DayOfWeek.class), Set.of());
        Map<LocalDate, Double> daily = new java.util.HashMap<>();
        for (int d = 0; d < 7; d++) {
            daily.put(MONDAY.plusDays(d), 5.0);
        }
        MonteCarlo.Demand demand = new MonteCarlo.Demand("WH-1", "TEA", daily, 0);
        MonteCarlo.OrderRoute order = new MonteCarlo.OrderRoute(
                List.of(new MonteCarlo.Leg("WH-1", "YTO", "ROAD", MONDAY.plusDays(3), 1, 2)),
                MONDAY.plusDays(5),
                "CN",
                "SH");
        Disruption halved = new Disruption(
                Disruption.LOCATION_CAPACITY,
                MONDAY,
                MONDAY.plusDays(6),
                new dev.fulcrum.shared.LocationId("WH-1"),
                20,
                null,
                null,
                null,
                null,
                List.of(),
                null);

        MonteCarlo.Result result = MonteCarlo.run(
                List.of(order),
                List.of(halved),
                Map.of("WH-1", tenADay),
                List.of(demand),
                MONDAY,
                MONDAY,
                MONDAY.plusDays(6),
                500,
                9);
        MonteCarlo.Result normal = MonteCarlo.run(
                List.of(order),
                List.of(),
                Map.of("WH-1", tenADay),
                List.of(demand),
                MONDAY,
                MONDAY,
                MONDAY.plusDays(6),
                500,
                9);

        assertThat(result.forecastOrders()).isEqualTo(35.0);
        // Two slots a day for five forecast orders a day: by Thursday the backlog holds nine, ahead of the order.
        assertThat(result.forecastOrdersDelayed()).isGreaterThan(20);
        assertThat(result.lateProbability(0)).isEqualTo(1.0);
        assertThat(normal.forecastOrdersDelayed()).isZero();
        assertThat(normal.lateProbability(0)).isCloseTo(0.1, within(0.04));
    }
}

package dev.fulcrum.demand.replenishment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.demand.DemandForecasts;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order-up-to policy by hand, without Spring. */
class ReplenishmentCalculationTests {

    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 30);

    @Test
    void serviceLevelsGiveTheTabulatedSafetyFactors() {
        assertThat(ServiceLevel.of(0.95).z()).isCloseTo(1.644854, within(1e-6));
        assertThat(ServiceLevel.of(0.99).z()).isCloseTo(2.326348, within(1e-6));
        assertThat(ServiceLevel.of(0.90).z()).isCloseTo(1.281552, within(1e-6));
        assertThat(ServiceLevel.of(0.5).z()).isCloseTo(0, within(1e-9));
    }

    @Test
    void demandOverAFractionOfAWeekTakesThatShareOfItAndRunsOnAtTheLastWeeksRate() {
        List<DemandForecasts.Week> weeks = List.of(week(0, 70), week(1, 140));
        // 10 days: all of week one (70), 3/7 of week two (60)
        assertThat(ReplenishmentCalculation.demandOver(weeks, 10 / 7.0)).isCloseTo(130, within(1e-9));
        // 3 weeks: 70 + 140 + the last week's 140 again
        assertThat(ReplenishmentCalculation.demandOver(weeks, 3)).isCloseTo(350, within(1e-9));
    }

    @Test
    void aPositionAboveItsReorderPointOrdersNothingAndOneAtItOrdersUpToTheLevel() {
        DemandForecasts.SeriesForecast flat = new DemandForecasts.SeriesForecast(
                new Sku("S"), new LocationId("L"), "flat", 10, List.of(week(0, 50), week(1, 50), week(2, 50)));
        ServiceLevel level = ServiceLevel.of(0.95);
        double safety = 1.6448536 * 10 * Math.sqrt(1 + 1); // lead 7 days, review 7 days: 23.26
        double reorderPoint = 50 + safety; // 73.26

        ReplenishmentCalculation above = ReplenishmentCalculation.of(flat, level, 7, 7, 80, 0, 0, MONDAY);
        assertThat(above.reorderPoint()).isCloseTo(reorderPoint, within(1e-4));
        assertThat(above.reorder()).isFalse();
        assertThat(above.quantity()).isZero();

        ReplenishmentCalculation at = ReplenishmentCalculation.of(flat, level, 7, 7, 80, 10, 3, MONDAY);
        assertThat(at.inventoryPosition()).isEqualTo(73);
        assertThat(at.reorder()).isTrue();
        assertThat(at.quantity()).isEqualTo((int) Math.ceil(100 + safety - 73)).isEqualTo(51);
    }

    @Test
    void weeksThatEndedBeforeTodayAreLeftOut() {
        DemandForecasts.SeriesForecast forecast = new DemandForecasts.SeriesForecast(
                new Sku("S"), new LocationId("L"), "m", 0, List.of(week(-1, 1000), week(0, 7), week(1, 7)));
        ReplenishmentCalculation calculation =
                ReplenishmentCalculation.of(forecast, ServiceLevel.of(0.95), 7, 7, 0, 0, 0, MONDAY.plusDays(2));
        assertThat(calculation.forecastOverLeadTimeAndReview()).isCloseTo(14, within(1e-9));
        assertThat(calculation.weeksUsed())
                .extracting(DemandForecasts.Week::week)
                .containsExactly(MONDAY, MONDAY.plusWeeks(1));
    }

    private static DemandForecasts.Week week(int offset, double forecast) {
        return new DemandForecasts.Week(MONDAY.plusWeeks(offset), forecast, forecast * 0.8, forecast * 1.2);
    }
}

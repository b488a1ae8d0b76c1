package dev.fulcrum.demand.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.demand.models.Forecaster.Backtest;
import dev.fulcrum.demand.models.Forecaster.Forecast;
import dev.fulcrum.demand.models.Forecaster.ForecastPoint;
import dev.fulcrum.demand.models.Forecaster.WeeklyPoint;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Choosing a model per series by backtest, and the forecast the chosen model gives, with its interval. */
class ModelSelectionTests {

    static final LocalDate START = LocalDate.of(2010, 1, 4);

    final ModelSelection selection = new ModelSelection();

    static List<WeeklyPoint> points(double[] values) {
        List<WeeklyPoint> points = new ArrayList<>();
        for (int t = 0; t < values.length; t++) {
            points.add(new WeeklyPoint(START.plusWeeks(t), values[t], false));
        }
        return points;
    }

    @Test
    void reportsEveryCandidateAndChoosesOneThatFollowsAPureTrend() {
        double[] history = ForecastModelsTests.trend(104, 50, 3);
        Forecast forecast = Objects.requireNonNull(
                selection.forecast(Map.of("s", points(history)), 26, Set.of()).get("s"));

        assertThat(forecast.backtests())
                .extracting(Backtest::model)
                .containsExactlyElementsOf(ModelSelection.CANDIDATES);
        assertThat(forecast.backtests())
                .allSatisfy(backtest -> assertThat(backtest.origins()).isEqualTo(4));
        Backtest naive = forecast.backtests().getFirst();
        Backtest chosen = forecast.backtests().stream()
                .filter(backtest -> backtest.model().equals(forecast.model()))
                .findFirst()
                .orElseThrow();
        assertThat(chosen.wape()).isLessThan(naive.wape() / 10);
        assertThat(forecast.model()).isNotEqualTo(SeasonalNaive.NAME);
        assertThat(forecast.points()).hasSize(26);
        assertThat(forecast.points().getFirst().week()).isEqualTo(START.plusWeeks(104));
        assertThat(forecast.points().getLast().week()).isEqualTo(START.plusWeeks(129));
        // Rising with the trend (a damped trend, if chosen, rises less by the end).
        assertThat(forecast.points().getFirst().forecast()).isCloseTo(50 + 3 * 104, within(5.0));
        assertThat(forecast.points().getLast().forecast())
                .isGreaterThan(forecast.points().getFirst().forecast() + 50);
    }

    @Test
    void intervalsHoldAboutFourOfFiveWeeksOfNoisySeries() {
        Random random = new Random(16);
        Map<String, List<WeeklyPoint>> series = new LinkedHashMap<>();
        Map<String, double[]> futures = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            double level = 200 + 50 * i;
            double[] whole = ForecastModelsTests.season(130, level, level / 5);
            for (int t = 0; t < whole.length; t++) {
                whole[t] += random.nextGaussian() * level / 10;
            }
            series.put("s" + i, points(java.util.Arrays.copyOf(whole, 104)));
            futures.put("s" + i, java.util.Arrays.copyOfRange(whole, 104, 130));
        }
        Map<String, Forecast> forecasts = selection.forecast(series, 26, Set.of());

        int inside = 0;
        int weeks = 0;
        for (Map.Entry<String, Forecast> entry : forecasts.entrySet()) {
            double[] future = Objects.requireNonNull(futures.get(entry.getKey()));
            List<ForecastPoint> points = entry.getValue().points();
            for (int step = 0; step < points.size(); step++) {
                ForecastPoint point = points.get(step);
                assertThat(point.lower()).isLessThanOrEqualTo(point.forecast());
                assertThat(point.upper()).isGreaterThan(point.forecast());
                inside += future[step] >= point.lower() && future[step] <= point.upper() ? 1 : 0;
                weeks++;
            }
        }
        assertThat((double) inside / weeks).isBetween(0.65, 0.92);
    }

    @Test
    void aSeriesTooShortForABacktestGetsSeasonalNaiveWithNoOrigins() {
        Forecast forecast = Objects.requireNonNull(selection
                .forecast(Map.of("new", points(new double[] {4, 6})), 3, Set.of())
                .get("new"));

        assertThat(forecast.model()).isEqualTo(SeasonalNaive.NAME);
        assertThat(forecast.backtests())
                .allSatisfy(backtest -> assertThat(backtest.origins()).isZero());
        assertThat(forecast.points()).extracting(ForecastPoint::forecast).containsExactly(6.0, 6.0, 6.0);
        assertThat(forecast.points().getFirst().lower()).isLessThan(6.0);
    }

    @Test
    void missingWeeksAreWeeksWithoutDemandAndTheHorizonKnowsItsHolidays() {
        List<WeeklyPoint> points = List.of(
                new WeeklyPoint(START, 5, false),
                new WeeklyPoint(START.plusWeeks(3), 7, true),
                new WeeklyPoint(START.plusWeeks(3), 1, false));
        SeriesData data = ModelSelection.prepare("s", points, 2, Set.of(START.plusWeeks(5)));

        assertThat(data.values()).containsExactly(5, 0, 0, 8);
        assertThat(data.holidayAt(3)).isTrue();
        assertThat(data.holidayAt(4)).isFalse();
        assertThat(data.holidayAt(5)).isTrue();
    }

    @Test
    void keepsOnlyTheMostRecentThreeYearsOfHistory() {
        SeriesData data = ModelSelection.prepare("s", points(ForecastModelsTests.trend(200, 0, 1)), 4, Set.of());

        assertThat(data.length()).isEqualTo(ModelSelection.MAX_HISTORY_WEEKS);
        assertThat(data.firstWeek()).isEqualTo(START.plusWeeks(44));
        assertThat(data.value(0)).isEqualTo(44);
    }

    @Test
    void backtestOriginsLieInTheLastHorizonOfHistory() {
        List<SeriesData> partition = List.of(ModelSelection.prepare("s", points(new double[91]), 26, Set.of()));

        assertThat(ModelSelection.backtestOffsets(partition, 26)).containsExactly(26, 19, 12, 5);
        assertThat(ModelSelection.backtestOffsets(partition, 8)).containsExactly(8, 6, 4, 2);
    }

    @Test
    void refusesAHorizonOutsideOneToTwoYears() {
        Map<String, List<WeeklyPoint>> series = Map.of("s", points(new double[] {1, 2, 3}));

        assertThatThrownBy(() -> selection.forecast(series, 0, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("horizonWeeks");
        assertThatThrownBy(() -> selection.forecast(series, 105, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

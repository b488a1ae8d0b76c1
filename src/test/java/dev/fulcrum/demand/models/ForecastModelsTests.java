package dev.fulcrum.demand.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each candidate model on synthetic series whose future is known: a pure trend and a pure 52-week season. */
class ForecastModelsTests {

    static final int WEEKS = 104;
    static final int HORIZON = 26;

    static double[] trend(int weeks, double start, double slope) {
        double[] y = new double[weeks];
        for (int t = 0; t < weeks; t++) {
            y[t] = start + slope * t;
        }
        return y;
    }

    static double[] season(int weeks, double level, double amplitude) {
        double[] y = new double[weeks];
        for (int t = 0; t < weeks; t++) {
            y[t] = level
                    + amplitude * Math.sin(2 * Math.PI * t / 52)
                    + 0.5 * amplitude * Math.cos(4 * Math.PI * t / 52);
        }
        return y;
    }

    static void assertFollows(double[] forecast, double[] expected, double relativeTolerance) {
        assertThat(forecast).hasSize(expected.length);
        for (int step = 0; step < expected.length; step++) {
            assertThat(forecast[step])
                    .as("week %d of the horizon", step + 1)
                    .isCloseTo(expected[step], within(Math.abs(expected[step]) * relativeTolerance));
        }
    }

    static double[] future(double[] whole) {
        return java.util.Arrays.copyOfRange(whole, WEEKS, WEEKS + HORIZON);
    }

    static double[] history(double[] whole) {
        return java.util.Arrays.copyOf(whole, WEEKS);
    }

    @Test
    void seasonalNaiveRepeatsTheWeekOneSeasonEarlier() {
        double[] whole = season(WEEKS + HORIZON, 100, 20);
        assertFollows(new SeasonalNaive().forecast(history(whole), HORIZON), future(whole), 1e-12);
    }

    @Test
    void seasonalNaiveRepeatsTheLastWeekWithoutASeasonOfHistory() {
        assertThat(new SeasonalNaive().forecast(new double[] {3, 5, 8}, 2)).containsExactly(8, 8);
    }

    @Test
    void holtWintersExtrapolatesAPureTrend() {
        double[] whole = trend(WEEKS + HORIZON, 50, 3);
        assertFollows(new HoltWinters(false).forecast(history(whole), HORIZON), future(whole), 0.01);
    }

    @Test
    void holtWintersRepeatsAPureSeason() {
        double[] whole = season(WEEKS + HORIZON, 100, 20);
        assertFollows(new HoltWinters(false).forecast(history(whole), HORIZON), future(whole), 0.01);
        assertFollows(new HoltWinters(true).forecast(history(whole), HORIZON), future(whole), 0.01);
    }

    @Test
    void dampedHoltWintersFlattensATrendItFollowedExactly() {
        double[] whole = trend(WEEKS + HORIZON, 50, 3);
        double[] damped = new HoltWinters(true).forecast(history(whole), HORIZON);
        double last = whole[WEEKS - 1];
        assertThat(damped[0]).isCloseTo(last + 3 * 0.98, within(1.0));
        // Damped at most at 0.98 a week: rises all the horizon, by less than the trend.
        assertThat(damped[HORIZON - 1]).isGreaterThan(damped[0]).isLessThan(whole[WEEKS + HORIZON - 1]);
    }

    @Test
    void holtWintersFitsTrendOnlyWithoutASeasonAndAQuarterOfHistory() {
        double[] whole = trend(40 + 10, 10, 2);
        double[] forecast = new HoltWinters(false).forecast(java.util.Arrays.copyOf(whole, 40), 10);
        assertFollows(forecast, java.util.Arrays.copyOfRange(whole, 40, 50), 0.01);
    }

    @Test
    void thetaDriftsAtHalfTheSlopeOfAPureTrend() {
        double[] whole = trend(WEEKS + HORIZON, 50, 3);
        double[] forecast = new Theta().forecast(history(whole), HORIZON);
        double last = whole[WEEKS - 1];
        double[] expected = new double[HORIZON];
        for (int step = 1; step <= HORIZON; step++) {
            expected[step - 1] = last + 1.5 * step;
        }
        // The classical Theta forecast averages the trend line with a flat smoothed level: half the slope.
        assertFollows(forecast, expected, 0.01);
    }

    @Test
    void thetaPutsBackAPureSeason() {
        double[] whole = season(WEEKS + HORIZON, 100, 20);
        assertThat(SeasonalProfile.seasonal(history(whole))).isTrue();
        assertFollows(new Theta().forecast(history(whole), HORIZON), future(whole), 0.01);
    }

    @Test
    void globalLinearModelLearnsOneSeasonAcrossSeriesOfDifferentSizes() {
        List<SeriesData> partition = new ArrayList<>();
        List<double[]> wholes = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            double[] whole = season(WEEKS + HORIZON, 100 * i, 20 * i);
            wholes.add(whole);
            partition.add(new SeriesData(LocalDate.of(2010, 1, 4), history(whole), new boolean[WEEKS + HORIZON]));
        }
        GlobalLinearModel model = GlobalLinearModel.fit(partition, HORIZON);
        for (int i = 0; i < partition.size(); i++) {
            assertFollows(model.forecast(partition.get(i), HORIZON), future(wholes.get(i)), 0.02);
        }
    }

    @Test
    void globalLinearModelExtrapolatesTrendsAcrossSeries() {
        List<SeriesData> partition = new ArrayList<>();
        List<double[]> wholes = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            double[] whole = trend(WEEKS + HORIZON, 500 * i, 2 * i);
            wholes.add(whole);
            partition.add(new SeriesData(LocalDate.of(2010, 1, 4), history(whole), new boolean[WEEKS + HORIZON]));
        }
        GlobalLinearModel model = GlobalLinearModel.fit(partition, HORIZON);
        for (int i = 0; i < partition.size(); i++) {
            assertFollows(model.forecast(partition.get(i), HORIZON), future(wholes.get(i)), 0.02);
        }
    }

    @Test
    void globalLinearModelLearnsAHolidayLiftFromTheCalendar() {
        // Demand doubles in holiday weeks, which fall on different weeks of each series' year.
        List<SeriesData> partition = new ArrayList<>();
        List<boolean[]> calendars = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean[] holidays = new boolean[WEEKS + HORIZON];
            for (int t = 3 + i; t < holidays.length; t += 9) {
                holidays[t] = true;
            }
            double[] y = new double[WEEKS];
            for (int t = 0; t < WEEKS; t++) {
                y[t] = 100 * (1 + i) * (holidays[t] ? 2 : 1);
            }
            calendars.add(holidays);
            partition.add(new SeriesData(LocalDate.of(2010, 1, 4), y, holidays));
        }
        GlobalLinearModel model = GlobalLinearModel.fit(partition, HORIZON);
        for (int i = 0; i < partition.size(); i++) {
            double[] forecast = model.forecast(partition.get(i), HORIZON);
            for (int step = 0; step < HORIZON; step++) {
                double expected = 100 * (1 + i) * (calendars.get(i)[WEEKS + step] ? 2 : 1);
                assertThat(forecast[step])
                        .as("series %d week %d", i, step + 1)
                        .isCloseTo(expected, within(expected * 0.1));
            }
        }
    }
}

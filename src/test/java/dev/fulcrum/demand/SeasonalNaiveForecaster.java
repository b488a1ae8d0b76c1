package dev.fulcrum.demand;

import dev.fulcrum.demand.models.Forecaster;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A test-only {@link Forecaster}: seasonal naive alone (the same week a year before, else the last week), with an
 * 80 % interval from the spread of the year-on-year differences and a backtest over the last 13 weeks. It stands in
 * for the real model selection so that the runs, their storage and the drift check are tested on known numbers.
 */
public final class SeasonalNaiveForecaster implements Forecaster {

    static final String MODEL = "seasonal-naive";
    private static final int SEASON_DAYS = 364;
    private static final int BACKTEST_WEEKS = 13;

    /** Registers it for a test's application context; {@code @Primary} over any real one on the class path. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        @Primary
        Forecaster seasonalNaiveForecaster() {
            return new SeasonalNaiveForecaster();
        }
    }

    @Override
    public Map<String, Forecast> forecast(
            Map<String, List<WeeklyPoint>> series, int horizonWeeks, Set<LocalDate> holidayWeeks) {
        Map<String, Forecast> forecasts = new LinkedHashMap<>();
        series.forEach((key, points) -> {
            if (points.isEmpty()) {
                return;
            }
            Map<LocalDate, Double> byWeek = new HashMap<>();
            points.forEach(point -> byWeek.put(point.week(), point.quantity()));
            LocalDate last = points.getLast().week();
            double lastValue = points.getLast().quantity();
            List<Double> differences = new ArrayList<>();
            double backtestError = 0;
            double backtestActual = 0;
            int origins = 0;
            for (int i = 0; i < points.size(); i++) {
                WeeklyPoint point = points.get(i);
                Double yearBefore = byWeek.get(point.week().minusDays(SEASON_DAYS));
                if (yearBefore == null) {
                    continue;
                }
                differences.add(point.quantity() - yearBefore);
                if (i >= points.size() - BACKTEST_WEEKS) {
                    backtestError += Math.abs(point.quantity() - yearBefore);
                    backtestActual += Math.abs(point.quantity());
                    origins++;
                }
            }
            double spread = standardDeviation(differences);
            List<ForecastPoint> forecast = new ArrayList<>();
            for (int step = 1; step <= horizonWeeks; step++) {
                LocalDate week = last.plusWeeks(step);
                int seasons = (step * 7 + SEASON_DAYS - 1) / SEASON_DAYS;
                double value = byWeek.getOrDefault(week.minusDays((long) seasons * SEASON_DAYS), lastValue);
                forecast.add(new ForecastPoint(week, value, value - 1.2816 * spread, value + 1.2816 * spread));
            }
            double wape = backtestActual > 0 ? backtestError / backtestActual : 0;
            forecasts.put(key, new Forecast(MODEL, forecast, List.of(new Backtest(MODEL, wape, origins))));
        });
        return forecasts;
    }

    private static double standardDeviation(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double squares =
                values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(squares / (values.size() - 1));
    }
}

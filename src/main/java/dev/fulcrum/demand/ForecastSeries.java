package dev.fulcrum.demand;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One series of a forecast run: its {@code location} and {@code sku} (null for "all" at the location and SKU levels),
 * the origin it was fitted at, the model chosen, the weekly points with their 80 % interval, the backtest of every
 * candidate model, its evaluation after the origin, and the re-fits the drift check made, newest last.
 */
public record ForecastSeries(
        @Nullable String location,
        @Nullable String sku,
        LocalDate origin,
        String model,
        double errorStdDev,
        List<Point> points,
        List<Backtest> backtests,
        ForecastRun.Evaluation evaluation,
        List<Refit> refits) {

    public record Point(LocalDate week, double forecast, double lower, double upper) {}

    public record Backtest(String model, double wape, int origins) {}

    /**
     * Why the drift check re-fitted the series: its rolling WAPE over the last {@code weeks} completed weeks against
     * the chosen model's backtest WAPE, and the origin and model before and after.
     */
    public record Refit(
            Instant at,
            String reason,
            double rollingWape,
            double backtestWape,
            int weeks,
            LocalDate previousOrigin,
            String previousModel,
            LocalDate origin,
            String model) {}

    /** One week of the series' history, for charts. */
    public record HistoryWeek(LocalDate week, double quantity) {}
}

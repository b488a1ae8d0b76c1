package dev.fulcrum.demand.models;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fits the candidate models to weekly series, picks one per series by rolling-origin backtest, and forecasts. */
public interface Forecaster {

    /** One week of history: the week's first day (ISO, Monday or the file's own week start), units, holiday flag. */
    record WeeklyPoint(LocalDate week, double quantity, boolean holiday) {}

    /** One forecast week with its 80 % interval. */
    record ForecastPoint(LocalDate week, double forecast, double lower, double upper) {}

    /** A candidate model's backtest on the history alone: weighted absolute percentage error and its origins. */
    record Backtest(String model, double wape, int origins) {}

    /** The chosen model's forecast, with every candidate's backtest (seasonal naive always among them). */
    record Forecast(String model, List<ForecastPoint> points, List<Backtest> backtests) {}

    /**
     * Forecasts every series of a partition at once (global models learn across them), keyed as given.
     *
     * @param holidayWeeks the weeks of the horizon that are holidays (the caller knows its calendar)
     */
    Map<String, Forecast> forecast(
            Map<String, List<WeeklyPoint>> series, int horizonWeeks, Set<LocalDate> holidayWeeks);
}

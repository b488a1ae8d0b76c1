package dev.fulcrum.console;

import dev.fulcrum.demand.DemandHistory;
import dev.fulcrum.demand.ForecastRun;
import dev.fulcrum.demand.ForecastRuns;
import dev.fulcrum.demand.ForecastSeries;
import dev.fulcrum.shared.ApiProblem;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forecasts: the runs newest first, a form to start one, and a run's series with a chart of one of them (ECharts):
 * the last {@value #HISTORY_WEEKS} weeks of history, the forecast and its 80 % interval. Reads and starts runs only
 * through {@link ForecastRuns} and the history through {@link DemandHistory}.
 */
@Controller
class ForecastPages {

    static final int HISTORY_WEEKS = 156;
    static final int LISTED_SERIES = 200;

    private final ForecastRuns runs;
    private final DemandHistory history;
    private final JsonMapper json;
    private final MessageSource messages;

    ForecastPages(ForecastRuns runs, DemandHistory history, JsonMapper json, MessageSource messages) {
        this.runs = runs;
        this.history = history;
        this.json = json;
        this.messages = messages;
    }

    @GetMapping("/forecasts")
    String forecasts(
            @RequestParam(required = false) @Nullable String run,
            @RequestParam(required = false) @Nullable String location,
            @RequestParam(required = false) @Nullable String sku,
            Model model) {
        List<ForecastRun> recent = runs.list(20);
        model.addAttribute("runs", recent);
        model.addAttribute("levels", List.of("location", "sku", "sku-location"));
        model.addAttribute("maxHorizonWeeks", runs.maxHorizonWeeks());
        model.addAttribute("echartsScript", UsagePage.ECHARTS_SCRIPT);
        model.addAttribute("mayAct", ConsoleRoles.mayAct());
        ForecastRun shown = run != null
                ? runs.get(runId(run))
                : recent.stream()
                        .filter(r -> r.status().equals("done"))
                        .findFirst()
                        .orElse(null);
        model.addAttribute("shown", shown);
        if (shown == null || !shown.status().equals("done")) {
            return "console/forecasts";
        }
        List<ForecastSeries> series = runs.series(shown.id(), LISTED_SERIES, 0);
        model.addAttribute("series", series);
        ForecastSeries chosen = location != null || sku != null
                ? runs.oneSeries(shown.id(), blankToNull(location), blankToNull(sku))
                : series.isEmpty() ? null : series.getFirst();
        model.addAttribute("chosen", chosen);
        if (chosen != null) {
            model.addAttribute(
                    "chartData", json.writeValueAsString(chartData(chosen)).replace("</", "<\\/"));
        }
        return "console/forecasts";
    }

    @PostMapping("/forecasts")
    String start(
            @RequestParam(required = false) @Nullable String level,
            @RequestParam(required = false) @Nullable Integer horizonWeeks,
            @RequestParam(required = false) @Nullable String origin) {
        ConsoleRoles.requireMayAct();
        LocalDate from = null;
        if (origin != null && !origin.isBlank()) {
            try {
                from = LocalDate.parse(origin.strip());
            } catch (DateTimeParseException notADate) {
                throw ApiProblem.invalid("origin", "must be a date such as 2012-04-27");
            }
        }
        ForecastRun started = runs.start(level == null ? "" : level, horizonWeeks == null ? 26 : horizonWeeks, from);
        return "redirect:/forecasts?run=" + started.id();
    }

    /** History, forecast and interval on one axis of weeks; absent values are null so the lines break there. */
    private Map<String, Object> chartData(ForecastSeries series) {
        List<ForecastSeries.HistoryWeek> weeks = history.weeks(
                series.location() == null ? "" : series.location(), series.sku() == null ? "" : series.sku());
        List<ForecastSeries.HistoryWeek> recent =
                weeks.subList(Math.max(0, weeks.size() - HISTORY_WEEKS), weeks.size());
        TreeSet<LocalDate> axis = new TreeSet<>();
        recent.forEach(week -> axis.add(week.week()));
        series.points().forEach(point -> axis.add(point.week()));
        Map<LocalDate, Double> actual = new LinkedHashMap<>();
        recent.forEach(week -> actual.put(week.week(), week.quantity()));
        Map<LocalDate, ForecastSeries.Point> forecast = new LinkedHashMap<>();
        series.points().forEach(point -> forecast.put(point.week(), point));
        List<@Nullable Double> historyValues = new ArrayList<>();
        List<@Nullable Double> forecastValues = new ArrayList<>();
        List<@Nullable Double> lower = new ArrayList<>();
        List<@Nullable Double> band = new ArrayList<>();
        for (LocalDate week : axis) {
            historyValues.add(actual.get(week));
            ForecastSeries.Point point = forecast.get(week);
            forecastValues.add(point == null ? null : point.forecast());
            lower.add(point == null ? null : point.lower());
            band.add(point == null ? null : point.upper() - point.lower());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("weeks", axis.stream().map(LocalDate::toString).toList());
        data.put("history", historyValues);
        data.put("forecast", forecastValues);
        data.put("lower", lower);
        data.put("band", band);
        data.put(
                "labels",
                Map.of(
                        "history", text("forecasts.history"),
                        "forecast", text("forecasts.forecast"),
                        "interval", text("forecasts.interval")));
        return data;
    }

    private String text(String code) {
        String message = messages.getMessage(code, null, code, LocaleContextHolder.getLocale());
        return message != null ? message : code;
    }

    private static UUID runId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("forecast run " + id + " does not exist");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

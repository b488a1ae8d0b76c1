package dev.fulcrum.console;

import dev.fulcrum.events.UsageReports;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * Usage per day (UTC, like the API): orders placed, API calls by key and endpoint, events delivered and webhook
 * failures, as ECharts charts with the same figures in tables beneath. ECharts is served from its jar
 * ({@code org.mvnpm:echarts}), whose version the page reads from the jar itself.
 */
@Controller
class UsagePage {

    static final List<Integer> PERIODS = List.of(7, 30, 90);
    static final int CHART_ENDPOINTS = 6;
    static final String ECHARTS_SCRIPT = "/_static/echarts/" + echartsVersion() + "/dist/echarts.min.js";

    private final UsageReports reports;
    private final Clock clock;
    private final JsonMapper json;
    private final MessageSource messages;

    UsagePage(UsageReports reports, Clock clock, JsonMapper json, MessageSource messages) {
        this.reports = reports;
        this.clock = clock;
        this.json = json;
        this.messages = messages;
    }

    /** Calls by one key to one endpoint over the whole period. */
    record EndpointCalls(String apiKey, String endpoint, long calls) {}

    @GetMapping("/usage")
    String usage(@RequestParam(defaultValue = "30") int days, Model model) {
        int period = PERIODS.contains(days) ? days : 30;
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<UsageReports.Day> report = reports.days(today.minusDays(period - 1L), today);
        model.addAttribute("period", period);
        model.addAttribute("periods", PERIODS);
        model.addAttribute("days", report.reversed());
        model.addAttribute(
                "totals",
                Map.of(
                        "ordersPlaced",
                                report.stream()
                                        .mapToLong(UsageReports.Day::ordersPlaced)
                                        .sum(),
                        "apiCalls",
                                report.stream()
                                        .mapToLong(UsageReports.Day::apiCalls)
                                        .sum(),
                        "eventsDelivered",
                                report.stream()
                                        .mapToLong(UsageReports.Day::eventsDelivered)
                                        .sum(),
                        "webhookFailures",
                                report.stream()
                                        .mapToLong(UsageReports.Day::webhookFailures)
                                        .sum()));
        model.addAttribute("byEndpoint", byEndpoint(report));
        // Inside a script element: "</" would end it early.
        model.addAttribute(
                "chartData", json.writeValueAsString(chartData(report)).replace("</", "<\\/"));
        model.addAttribute("echartsScript", ECHARTS_SCRIPT);
        return "console/usage";
    }

    private static List<EndpointCalls> byEndpoint(List<UsageReports.Day> report) {
        Map<List<String>, Long> calls = new LinkedHashMap<>();
        report.forEach(day -> day.apiCallsByEndpoint()
                .forEach(call -> calls.merge(List.of(call.apiKey(), call.endpoint()), call.calls(), Long::sum)));
        return calls.entrySet().stream()
                .map(entry ->
                        new EndpointCalls(entry.getKey().get(0), entry.getKey().get(1), entry.getValue()))
                .sorted(Comparator.comparingLong(EndpointCalls::calls)
                        .reversed()
                        .thenComparing(EndpointCalls::endpoint)
                        .thenComparing(EndpointCalls::apiKey))
                .toList();
    }

    /** The series the charts draw: one per figure, and API calls per day for the busiest endpoints and the rest. */
    private Map<String, Object> chartData(List<UsageReports.Day> report) {
        Map<String, Long> endpointTotals = new LinkedHashMap<>();
        report.forEach(day -> day.apiCallsByEndpoint()
                .forEach(call -> endpointTotals.merge(call.endpoint(), call.calls(), Long::sum)));
        List<String> busiest = endpointTotals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(CHART_ENDPOINTS)
                .map(Map.Entry::getKey)
                .toList();
        List<Map<String, Object>> endpoints = new ArrayList<>();
        for (String endpoint : busiest) {
            endpoints.add(Map.of(
                    "name",
                    endpoint,
                    "data",
                    report.stream()
                            .map(day -> day.apiCallsByEndpoint().stream()
                                    .filter(call -> call.endpoint().equals(endpoint))
                                    .mapToLong(UsageReports.ApiCalls::calls)
                                    .sum())
                            .toList()));
        }
        if (endpointTotals.size() > busiest.size()) {
            endpoints.add(Map.of(
                    "name",
                    text("usage.otherEndpoints"),
                    "data",
                    report.stream()
                            .map(day -> day.apiCallsByEndpoint().stream()
                                    .filter(call -> !busiest.contains(call.endpoint()))
                                    .mapToLong(UsageReports.ApiCalls::calls)
                                    .sum())
                            .toList()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("days", report.stream().map(day -> day.day().toString()).toList());
        data.put(
                "ordersPlaced",
                report.stream().map(UsageReports.Day::ordersPlaced).toList());
        data.put(
                "eventsDelivered",
                report.stream().map(UsageReports.Day::eventsDelivered).toList());
        data.put(
                "webhookFailures",
                report.stream().map(UsageReports.Day::webhookFailures).toList());
        data.put("apiCallsByEndpoint", endpoints);
        data.put(
                "labels",
                Map.of(
                        "ordersPlaced",
                        text("usage.ordersPlaced"),
                        "eventsDelivered",
                        text("usage.eventsDelivered"),
                        "webhookFailures",
                        text("usage.webhookFailures"),
                        "apiCalls",
                        text("usage.apiCalls")));
        return data;
    }

    private String text(String code) {
        String message = messages.getMessage(code, null, code, LocaleContextHolder.getLocale());
        return message != null ? message : code;
    }

    private static String echartsVersion() {
        try (InputStream in = UsagePage.class.getResourceAsStream("/META-INF/maven/org.mvnpm/echarts/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("ECharts (org.mvnpm:echarts) is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}

package dev.fulcrum.console;

import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.pulse.Alert;
import dev.fulcrum.pulse.AlertRule;
import dev.fulcrum.pulse.OrderPulse;
import dev.fulcrum.pulse.PulseAlerts;
import dev.fulcrum.pulse.PulseMetric;
import dev.fulcrum.pulse.PulseReport;
import dev.fulcrum.shared.OrderId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * The order pulse dashboard: each figure against its alert threshold, an ECharts time series per figure, drill-down
 * from a figure to the orders behind it, refreshed live (pulse-charts.js listens to the console stream and asks again
 * every 5 seconds, the pulse job's interval); the alerts page; and the banner the layout shows while an alert is raised.
 */
@Controller
class PulsePages {

    static final List<String> WINDOWS = List.of("PT15M", "PT1H", "PT6H", "PT24H");

    /** The most orders a drill-down lists. */
    static final int MAX_ORDERS = 200;

    private final OrderPulse pulse;
    private final PulseAlerts alerts;
    private final OrderManagement orders;
    private final JsonMapper json;
    private final MessageSource messages;

    PulsePages(OrderPulse pulse, PulseAlerts alerts, OrderManagement orders, JsonMapper json, MessageSource messages) {
        this.pulse = pulse;
        this.alerts = alerts;
        this.orders = orders;
        this.json = json;
        this.messages = messages;
    }

    @GetMapping("/pulse")
    String dashboard(
            @RequestParam(defaultValue = "PT1H") String window,
            @RequestParam(required = false) @Nullable String channel,
            Model model) {
        String chosen = WINDOWS.contains(window) ? window : "PT1H";
        String only = channel == null || channel.isBlank() ? null : channel.strip();
        figures(chosen, only, model);
        model.addAttribute("windows", WINDOWS);
        model.addAttribute("channels", pulse.channels(Duration.ofDays(1)));
        model.addAttribute("chartData", chartJson(chosen, only));
        model.addAttribute("echartsScript", UsagePage.ECHARTS_SCRIPT);
        return "console/pulse";
    }

    /** The figures alone, as htmx asks for them every few seconds. */
    @GetMapping(path = "/pulse", headers = "HX-Request=true")
    String figuresFragment(
            @RequestParam(defaultValue = "PT1H") String window,
            @RequestParam(required = false) @Nullable String channel,
            Model model) {
        String chosen = WINDOWS.contains(window) ? window : "PT1H";
        figures(chosen, channel == null || channel.isBlank() ? null : channel.strip(), model);
        return "console/pulse :: figures";
    }

    /** The points of the charts, as pulse-charts.js fetches them again. */
    @GetMapping(path = "/pulse/chart", produces = "application/json")
    @ResponseBody
    String chart(
            @RequestParam(defaultValue = "PT1H") String window,
            @RequestParam(required = false) @Nullable String channel) {
        return chartJson(
                WINDOWS.contains(window) ? window : "PT1H", channel == null || channel.isBlank() ? null : channel);
    }

    private void figures(String window, @Nullable String channel, Model model) {
        PulseReport report = pulse.report(Duration.parse(window), channel);
        model.addAttribute("report", report);
        model.addAttribute("window", window);
        model.addAttribute("channel", channel);
        Map<String, AlertRule> thresholds = new LinkedHashMap<>();
        for (AlertRule rule : alerts.rules()) {
            if (rule.enabled() && (rule.channel() == null || rule.channel().equals(channel))) {
                thresholds.putIfAbsent(rule.metric(), rule);
            }
        }
        model.addAttribute("thresholds", thresholds);
        Map<String, Boolean> breached = new LinkedHashMap<>();
        thresholds.forEach((metric, rule) -> breached.put(
                metric,
                PulseMetric.byKey(metric)
                        .map(m -> rule.breachedBy(report.value(m)))
                        .orElse(false)));
        model.addAttribute("breached", breached);
        model.addAttribute("raised", alerts.raised());
    }

    private String chartJson(String window, @Nullable String channel) {
        List<OrderPulse.Point> points = pulse.chart(Duration.parse(window), channel);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("at", points.stream().map(p -> p.at().toString()).toList());
        data.put("orders", points.stream().map(p -> p.figures().orders()).toList());
        data.put("intakeP95", series(points, PulseMetric.FRESHNESS_INTAKE_P95));
        data.put("downstreamP95", series(points, PulseMetric.FRESHNESS_DOWNSTREAM_P95));
        data.put("consistency", series(points, PulseMetric.CONSISTENCY_SHARE));
        data.put("interception", series(points, PulseMetric.INTERCEPTION_SHARE));
        data.put("coverage", series(points, PulseMetric.STRATEGY_COVERAGE_SHARE));
        data.put("intervention", series(points, PulseMetric.CUSTOMER_INTERVENTION));
        data.put("exceptions", series(points, PulseMetric.EXCEPTIONS_TOTAL));
        data.put("promiseKept", series(points, PulseMetric.PROMISE_KEPT_SHARE));
        Map<String, Object> thresholds = new LinkedHashMap<>();
        for (AlertRule rule : alerts.rules()) {
            if (rule.enabled() && rule.channel() == null) {
                thresholds.putIfAbsent(rule.metric(), rule.threshold());
            }
        }
        data.put("thresholds", thresholds);
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key : List.of(
                "orders",
                "intakeP95",
                "downstreamP95",
                "consistency",
                "interception",
                "coverage",
                "intervention",
                "exceptions",
                "promiseKept",
                "threshold")) {
            labels.put(key, text("pulse.series." + key));
        }
        data.put("labels", labels);
        return json.writeValueAsString(data).replace("</", "<\\/");
    }

    private static List<@Nullable Double> series(List<OrderPulse.Point> points, PulseMetric metric) {
        List<@Nullable Double> values = new ArrayList<>(points.size());
        for (OrderPulse.Point point : points) {
            values.add(point.figures().value(metric));
        }
        return values;
    }

    /**
     * The orders behind a figure: {@code held} (interception, optionally of one hold type), {@code inconsistent}
     * (consistency) or {@code late} (open orders past their promise).
     */
    @GetMapping("/pulse/orders")
    String drillDown(
            @RequestParam(defaultValue = "held") String figure,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(defaultValue = "PT1H") String window,
            @RequestParam(required = false) @Nullable String channel,
            Model model) {
        String chosen = WINDOWS.contains(window) ? window : "PT1H";
        String only = channel == null || channel.isBlank() ? null : channel.strip();
        String holdType = type == null || type.isBlank() ? null : type.strip();
        List<OrderId> ids = switch (figure) {
            case "inconsistent" ->
                pulse.report(Duration.parse(chosen), only).consistency().disagreeing().stream()
                        .map(d -> new OrderId(d.orderId()))
                        .distinct()
                        .toList();
            case "late" -> pulse.openLateOrders(only, MAX_ORDERS);
            default -> pulse.heldOrders(holdType, Duration.parse(chosen), only, MAX_ORDERS);
        };
        List<Order> found = orders.findAll(ids);
        model.addAttribute("orders", found);
        model.addAttribute("figure", figure.equals("inconsistent") || figure.equals("late") ? figure : "held");
        model.addAttribute("type", holdType);
        model.addAttribute("window", chosen);
        model.addAttribute("channel", only);
        return "console/pulse-orders";
    }

    @GetMapping("/pulse/alerts")
    String alertsPage(Model model) {
        List<Alert> recent = alerts.recent(100);
        model.addAttribute("alerts", recent);
        model.addAttribute("rules", alerts.rules());
        return "console/pulse-alerts";
    }

    /** The layout's banner: the alerts raised now, or nothing. */
    @GetMapping("/pulse/banner")
    String banner(Model model) {
        model.addAttribute("raised", alerts.raised());
        return "console/pulse-alerts :: banner";
    }

    private String text(String code) {
        String message = messages.getMessage(code, null, code, LocaleContextHolder.getLocale());
        return message != null ? message : code;
    }
}

package dev.fulcrum.pulse.internal;

import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.pulse.Alert;
import dev.fulcrum.pulse.AlertRule;
import dev.fulcrum.pulse.OrderPulse;
import dev.fulcrum.pulse.PulseAlerts;
import dev.fulcrum.pulse.PulseMetric;
import dev.fulcrum.pulse.PulseReport;
import dev.fulcrum.shared.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Evaluates the current tenant's alert rules against its pulse and raises or clears alerts, publishing
 * {@code pulse.alert-raised} and {@code pulse.alert-cleared} to the public event log in the same transaction. A rule
 * changed or removed since it raised an alert clears that alert.
 */
@Component
public class AlertEvaluation {

    public static final String RAISED = "pulse.alert-raised";
    public static final String CLEARED = "pulse.alert-cleared";

    private final PulseAlerts alerts;
    private final AlertStore store;
    private final OrderPulse pulse;
    private final PublicEventLog events;

    AlertEvaluation(PulseAlerts alerts, AlertStore store, OrderPulse pulse, PublicEventLog events) {
        this.alerts = alerts;
        this.store = store;
        this.pulse = pulse;
        this.events = events;
    }

    private record Question(Duration window, @Nullable String channel, boolean details) {}

    /** Evaluates every enabled rule at {@code now}; must run in a transaction of the tenant. */
    public void evaluate(Instant now) {
        List<AlertRule> rules =
                alerts.rules().stream().filter(AlertRule::enabled).toList();
        Map<String, Alert> raised = store.raised().stream()
                .collect(Collectors.toMap(Alert::rule, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<Question, PulseReport> reports = new HashMap<>();
        for (AlertRule rule : rules) {
            boolean details = rule.pulseMetric() == PulseMetric.OPEN_LATE;
            PulseReport report = reports.computeIfAbsent(
                    new Question(rule.windowDuration(), rule.channel(), details),
                    q -> pulse.report(now, q.window(), q.channel(), q.details()));
            Double value = report.value(rule.pulseMetric());
            @Nullable Alert open = raised.remove(rule.id());
            if (open != null && !sameRule(open, rule)) {
                clear(open, value, now);
                open = null;
            }
            if (rule.breachedBy(value)) {
                if (open == null) {
                    raise(rule, Objects.requireNonNull(value), now);
                } else {
                    store.seen(open.id(), value);
                }
            } else if (open != null) {
                clear(open, value, now);
            }
        }
        // Alerts of rules that are gone or switched off.
        for (Alert orphan : raised.values()) {
            clear(orphan, null, now);
        }
    }

    private static boolean sameRule(Alert alert, AlertRule rule) {
        return alert.metric().equals(rule.metric())
                && alert.comparison().equals(rule.comparison())
                && alert.threshold() == rule.threshold()
                && alert.window().equals(rule.window())
                && Objects.equals(alert.channel(), rule.channel());
    }

    private void raise(AlertRule rule, double value, Instant now) {
        Alert alert = new Alert(
                Ids.timeOrdered(),
                rule.id(),
                rule.metric(),
                rule.channel(),
                rule.comparison(),
                rule.threshold(),
                rule.window(),
                "raised",
                value,
                value,
                now,
                null);
        if (store.raise(alert)) {
            events.append(Ids.timeOrdered(), RAISED, null, null, now, Map.of("alert", data(alert)));
        }
    }

    private void clear(Alert alert, @Nullable Double value, Instant now) {
        if (store.clear(alert.id(), value, now)) {
            Map<String, Object> data = data(alert);
            data.put("status", "cleared");
            data.put("clearedAt", now.toString());
            if (value != null) {
                data.put("value", value);
            } else {
                data.remove("value");
            }
            events.append(Ids.timeOrdered(), CLEARED, null, null, now, Map.of("alert", data));
        }
    }

    private static Map<String, Object> data(Alert alert) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", alert.id().toString());
        data.put("rule", alert.rule());
        data.put("metric", alert.metric());
        if (alert.channel() != null) {
            data.put("channel", alert.channel());
        }
        data.put("comparison", alert.comparison());
        data.put("threshold", alert.threshold());
        data.put("window", alert.window());
        data.put("status", alert.status());
        data.put("value", alert.raisedValue());
        data.put("raisedAt", alert.raisedAt().toString());
        return data;
    }
}

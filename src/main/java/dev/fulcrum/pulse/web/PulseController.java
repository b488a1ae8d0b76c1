package dev.fulcrum.pulse.web;

import dev.fulcrum.pulse.Acknowledgements;
import dev.fulcrum.pulse.Alert;
import dev.fulcrum.pulse.AlertRule;
import dev.fulcrum.pulse.OrderPulse;
import dev.fulcrum.pulse.PulseAlerts;
import dev.fulcrum.pulse.PulseReport;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The order pulse, acknowledgements from downstream systems, alert rules and alerts. */
@RestController
@Tag(name = "Pulse")
class PulseController {

    private final OrderPulse pulse;
    private final Acknowledgements acknowledgements;
    private final PulseAlerts alerts;

    PulseController(OrderPulse pulse, Acknowledgements acknowledgements, PulseAlerts alerts) {
        this.pulse = pulse;
        this.acknowledgements = acknowledgements;
        this.alerts = alerts;
    }

    @GetMapping("/api/v1/pulse")
    @Operation(
            summary = "The order pulse over a window",
            description = "freshness (placedAt to commit, commit to downstream 2xx: p50/p95/p99 seconds), consistency "
                    + "(share of acknowledged orders whose systems agree with Fulcrum, and the disagreeing orders), "
                    + "interception (holds by type and quarantined payloads against orders), strategyCoverage, "
                    + "customerIntervention (per 100 orders), exceptions and promiseKept, over the last window "
                    + "(ISO-8601, PT1M to P90D, default PT1H), for one channel or the whole tenant. Computed every "
                    + "5 seconds in the background; see docs/guide/pulse.md for each formula.")
    PulseReport pulse(
            @RequestParam(defaultValue = "PT1H") String window,
            @RequestParam(required = false) @Nullable String channel) {
        return pulse.report(window(window), channel(channel));
    }

    @PostMapping("/api/v1/orders/{id}/acknowledgements")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "What a downstream system says the order's status is",
            description = "Body: {\"system\": \"wms\", \"status\": \"shipped\", \"at\": \"2026-12-03T10:00:00Z\"}. "
                    + "status is one of Fulcrum's statuses (pending_payment, paid, partially_shipped, shipped, "
                    + "completed, cancelled) or delivered; at defaults to now. The latest report per system counts: "
                    + "one that differs from Fulcrum's status makes the order inconsistent in the pulse. 201 with the "
                    + "report, Fulcrum's status and whether they agree.")
    Acknowledgements.Acknowledgement acknowledge(
            @PathVariable String id, @RequestBody(required = false) Acknowledgements.@Nullable Report report) {
        if (report == null) {
            throw ApiProblem.invalid("system", "is required: send {\"system\": ..., \"status\": ...}");
        }
        return acknowledgements.record(orderId(id), report);
    }

    @GetMapping("/api/v1/orders/{id}/acknowledgements")
    @Operation(summary = "Every system's latest report about the order, compared with Fulcrum's status")
    List<Acknowledgements.Acknowledgement> acknowledgementsOf(@PathVariable String id) {
        return acknowledgements.of(orderId(id));
    }

    record Rules(List<AlertRule> rules, List<String> metrics) {}

    record RulesInput(@Nullable List<PulseAlerts.RuleInput> rules) {}

    @GetMapping("/api/v1/pulse/alert-rules")
    @Operation(summary = "The tenant's alert rules on the pulse (the shipped defaults until it sets its own)")
    Rules rules() {
        return new Rules(alerts.rules(), dev.fulcrum.pulse.PulseMetric.keys());
    }

    @PutMapping("/api/v1/pulse/alert-rules")
    @Operation(
            summary = "Replace the tenant's alert rules",
            description = "Body: {\"rules\": [{\"id\": \"freshness-intake-p95\", \"metric\": "
                    + "\"freshness.intake.p95Seconds\", \"comparison\": \"above\", \"threshold\": 60, \"window\": "
                    + "\"PT5M\", \"channel\": null, \"enabled\": true}]}; at most 50 rules; [] switches alerts off. "
                    + "A changed or removed rule clears the alert it raised.")
    Rules replaceRules(@RequestBody(required = false) @Nullable RulesInput body) {
        List<AlertRule> saved = alerts.replace(body == null ? null : body.rules());
        return new Rules(saved, dev.fulcrum.pulse.PulseMetric.keys());
    }

    record Alerts(List<Alert> items) {}

    @GetMapping("/api/v1/pulse/alerts")
    @Operation(summary = "Alerts, newest first: raised ones, then with status=all the cleared ones too (limit 1-200)")
    Alerts alerts(@RequestParam(defaultValue = "all") String status, @RequestParam(defaultValue = "50") int limit) {
        RequestLimits.pageSize("limit", limit, PulseAlerts.MAX_LISTED);
        return switch (status) {
            case "raised" -> new Alerts(alerts.raised());
            case "all" -> new Alerts(alerts.recent(limit));
            default -> throw ApiProblem.invalid("status", "must be raised or all");
        };
    }

    static Duration window(String text) {
        Duration window;
        try {
            window = Duration.parse(text);
        } catch (DateTimeParseException bad) {
            throw ApiProblem.invalid("window", "must be an ISO-8601 duration such as PT1H, got " + text);
        }
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(OrderPulse.MAX_WINDOW) > 0) {
            throw ApiProblem.invalid("window", "must be from PT1M to P90D, got " + text);
        }
        return window;
    }

    static @Nullable String channel(@Nullable String channel) {
        if (channel == null || channel.isBlank()) {
            return null;
        }
        if (channel.length() > 100) {
            throw ApiProblem.invalid("channel", "must be at most 100 characters");
        }
        return channel.strip();
    }

    private static OrderId orderId(String id) {
        return OrderId.parse(id).orElseThrow(() -> ApiProblem.notFound("order " + id + " does not exist"));
    }
}

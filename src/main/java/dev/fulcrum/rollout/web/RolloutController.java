package dev.fulcrum.rollout.web;

import dev.fulcrum.rollout.RolloutManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Canary rollouts and rollback of rules, flows and sourcing profiles, under each one's own URL ({@code /api/v1/rules},
 * {@code /api/v1/flows}, {@code /api/v1/sourcing/profiles}), and the rollouts with their guard series.
 */
@RestController
@Tag(name = "Rollouts")
class RolloutController {

    private static final List<String> KINDS = List.of("rule", "flow", "sourcing-profile");

    private final RolloutManagement operations;

    RolloutController(RolloutManagement operations) {
        this.operations = operations;
    }

    @PostMapping({
        "/api/v1/rules/{name}/versions/{version}/rollout",
        "/api/v1/flows/{name}/versions/{version}/rollout",
        "/api/v1/sourcing/profiles/{name}/versions/{version}/rollout"
    })
    @Operation(
            summary = "Start a canary of a version",
            description = "Body: {\"percent\": 1-99, \"guard\": {\"metric\": \"hold-rate\", \"max\": 0.05, "
                    + "\"window\": \"PT15M\", \"minOrders\": 20}}. The version governs the new orders whose id "
                    + "bucket is below percent, the rest stay on the active version. The guard (optional) rolls the "
                    + "canary back when the metric over the canary share exceeds the rest's by more than max. "
                    + "Metrics: hold-rate, cancellation-rate, cost-per-order, action-failures. A canary already "
                    + "running for the subject is superseded. See docs/guide/rollouts.md.")
    RolloutManagement.Rollout start(
            @PathVariable String name,
            @PathVariable int version,
            @RequestBody(required = false) @Nullable JsonNode body,
            jakarta.servlet.http.HttpServletRequest request) {
        JsonFields fields = new JsonFields(body, "percent", "guard");
        if (body == null || body.isNull()) {
            fields.problem("percent", "is required");
        }
        Integer percent = fields.integer("percent", true, 1, 99);
        RolloutManagement.Guard guard = guard(fields);
        fields.throwIfInvalid();
        return operations.start(kindOf(request.getRequestURI()), name, version, Objects.requireNonNull(percent), guard);
    }

    @PostMapping({
        "/api/v1/rules/{name}/rollback",
        "/api/v1/flows/{name}/rollback",
        "/api/v1/sourcing/profiles/{name}/rollback"
    })
    @Operation(
            summary = "Roll back at once",
            description = "Ends a running canary (its orders see the active version again); with none running, "
                    + "re-activates the previous version (the highest version below the active one that was active "
                    + "once). Publishes <kind>.rolled-back. Body (optional): {\"reason\": \"...\"}. 409 when there "
                    + "is nothing to roll back to.")
    RolloutManagement.Rollout rollback(
            @PathVariable String name,
            @RequestBody(required = false) @Nullable JsonNode body,
            jakarta.servlet.http.HttpServletRequest request) {
        JsonFields fields = new JsonFields(body, "reason");
        String reason = fields.text("reason", false);
        fields.throwIfInvalid();
        return operations.rollback(kindOf(request.getRequestURI()), name, reason);
    }

    @GetMapping("/api/v1/rollouts")
    @Operation(
            summary = "Rollouts, running and ended, newest first (at most 100)",
            description = "Filtered by kind (rule, flow, sourcing-profile) and name. Each has its guard series "
                    + "{\"points\": [{\"at\", \"canary\", \"rest\", \"canaryOrders\", \"restOrders\"}]} for the "
                    + "console's chart; current lists the running ones.")
    Map<String, Object> list(
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable String name) {
        if (kind != null && !KINDS.contains(kind)) {
            throw ApiProblem.invalid("kind", "must be one of " + KINDS);
        }
        if (name != null && (name.isBlank() || name.length() > 200)) {
            throw ApiProblem.invalid("name", "must be a non-empty name of at most 200 characters");
        }
        List<RolloutManagement.Rollout> rollouts = operations.list(kind, name);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(
                "current",
                rollouts.stream().filter(one -> one.endedAt() == null).toList());
        answer.put(
                "history",
                rollouts.stream().filter(one -> one.endedAt() != null).toList());
        answer.put("metrics", operations.metricNames());
        return answer;
    }

    private RolloutManagement.@Nullable Guard guard(JsonFields fields) {
        JsonNode node = fields.node("guard");
        if (node == null) {
            return null;
        }
        JsonFields guard = fields.nested("guard", node, "metric", "max", "window", "minOrders");
        List<String> metrics = operations.metricNames();
        String metric = guard.text("metric", true);
        if (metric != null && !metrics.contains(metric)) {
            guard.problem("metric", "must be one of " + metrics);
        }
        Double max = guard.decimal("max", true, 0, 1_000_000_000);
        String windowText = guard.text("window", false);
        Duration window = Duration.ofMinutes(15);
        if (windowText != null) {
            try {
                window = Duration.parse(windowText);
                if (window.compareTo(RolloutManagement.MIN_WINDOW) < 0
                        || window.compareTo(RolloutManagement.MAX_WINDOW) > 0) {
                    guard.problem("window", "must be between PT1M and P7D");
                }
            } catch (DateTimeParseException unreadable) {
                guard.problem("window", "must be an ISO-8601 duration such as PT15M");
            }
        }
        Integer minOrders = guard.integer("minOrders", false, 1, 1_000_000);
        if (metric == null || max == null || !guard.valid()) {
            return null;
        }
        return new RolloutManagement.Guard(
                metric, max, window, minOrders == null ? operations.defaultMinOrders() : minOrders);
    }

    /** The kind of the subject from the URL it was addressed by. */
    private static String kindOf(String path) {
        String rest = path.substring(path.indexOf("/api/v1/") + "/api/v1/".length());
        if (rest.startsWith("rules/")) {
            return "rule";
        }
        if (rest.startsWith("flows/")) {
            return "flow";
        }
        return "sourcing-profile";
    }
}

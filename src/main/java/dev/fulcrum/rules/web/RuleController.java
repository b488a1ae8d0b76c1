package dev.fulcrum.rules.web;

import dev.fulcrum.rules.DryRun;
import dev.fulcrum.rules.InvalidRule;
import dev.fulcrum.rules.RuleError;
import dev.fulcrum.rules.RuleRun;
import dev.fulcrum.rules.RuleSummary;
import dev.fulcrum.rules.RuleVersion;
import dev.fulcrum.rules.Rules;
import dev.fulcrum.rules.TryResult;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The rules API: versions, validation, try, dry-run, activation, runs and tasks (docs/guide/rules.md). */
@RestController
@Tag(name = "Rules")
class RuleController {

    static final int MAX_PAGE_SIZE = 500;
    private static final List<String> RUN_STATUSES = List.of("pending", "succeeded", "failed");

    private final Rules rules;

    RuleController(Rules rules) {
        this.rules = rules;
    }

    @PutMapping("/api/v1/rules/{name}")
    @Operation(
            summary = "Save a rule as a new draft version",
            description = "Body: {description, trigger: {event} | {after: {event, duration, unless}}, when (CEL), "
                    + "actions: [{type, ...}], priority, stopAfter}. 201 with the version; 400 naming each wrong field "
                    + "(a CEL error with line and column, an action that would trigger the rule itself).")
    ResponseEntity<RuleVersion> save(
            @PathVariable String name, @RequestBody(required = false) @Nullable JsonNode body) {
        RuleVersion saved = rules.save(name, body);
        return ResponseEntity.created(URI.create("/api/v1/rules/" + name + "/versions/" + saved.version()))
                .body(saved);
    }

    @PostMapping("/api/v1/rules/validate")
    @Operation(
            summary = "Check a rule as written",
            description = "Always 200: {\"valid\": true} or {\"valid\": false, \"errors\": [{field, reason, line, "
                    + "column}]}, for an editor's inline check.")
    Map<String, Object> validate(@RequestBody(required = false) @Nullable JsonNode body) {
        List<RuleError> errors = rules.validate(body);
        return errors.isEmpty() ? Map.of("valid", true) : Map.of("valid", false, "errors", errors);
    }

    @GetMapping("/api/v1/rules/fields")
    @Operation(summary = "The variables a rule's condition may use, for completion")
    Map<String, Object> fields() {
        return Map.of("fields", rules.fields());
    }

    @GetMapping("/api/v1/rules")
    @Operation(summary = "Every rule with its active and latest version, status and running canary")
    Map<String, List<RuleSummary>> list() {
        return Map.of("items", rules.list());
    }

    @GetMapping("/api/v1/rules/{name}")
    @Operation(summary = "A rule: its latest version and every version, newest first")
    Map<String, Object> rule(@PathVariable String name) {
        List<RuleVersion> versions = rules.versions(name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("latest", versions.getFirst());
        body.put(
                "activeVersion",
                versions.stream()
                        .filter(v -> v.status().equals("active"))
                        .map(RuleVersion::version)
                        .findFirst()
                        .orElse(null));
        body.put("versions", versions);
        return body;
    }

    @GetMapping("/api/v1/rules/{name}/versions/{version}")
    @Operation(summary = "One version of a rule, with who created and activated it")
    RuleVersion version(@PathVariable String name, @PathVariable int version) {
        return rules.version(name, version);
    }

    @GetMapping("/api/v1/rules/{name}/versions/{a}/diff/{b}")
    @Operation(summary = "What changed from version a to version b: each changed field with both values")
    Map<String, Object> diff(@PathVariable String name, @PathVariable int a, @PathVariable int b) {
        return Map.of("name", name, "from", a, "to", b, "changes", rules.diff(name, a, b));
    }

    @PostMapping("/api/v1/rules/{name}/versions/{version}/activate")
    @Operation(
            summary = "Make a version the active one",
            description = "Retires the version active before and ends a running canary. Optional body {\"since\": "
                    + "instant}: the version also runs, once each, on its trigger events since then.")
    RuleVersion activate(
            @PathVariable String name,
            @PathVariable int version,
            @RequestBody(required = false) @Nullable JsonNode body) {
        Instant since = null;
        if (body != null && !body.isNull()) {
            JsonFields fields = new JsonFields(body, "since");
            since = fields.instant("since", false);
            fields.throwIfInvalid();
        }
        return rules.activate(name, version, since);
    }

    @PostMapping("/api/v1/rules/{name}/versions/{version}/try")
    @Operation(
            summary = "What a version would do to an order now, with no side effects",
            description = "Body {\"orderId\"}; evaluated on the order's latest event of the trigger type.")
    TryResult tryOn(
            @PathVariable String name,
            @PathVariable int version,
            @RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "orderId");
        String orderId = fields.text("orderId", true);
        fields.throwIfInvalid();
        return rules.tryOn(name, version, orderId(Objects.requireNonNull(orderId)));
    }

    @PostMapping("/api/v1/rules/{name}/versions/{version}/dry-run")
    @Operation(
            summary = "Replay a period's events through a version with no side effects",
            description = "Body {\"from\", \"to\"}: per order, the actions of this version and of the active version; "
                    + "at most " + Rules.MAX_DRY_RUN_EVENTS + " trigger events.")
    DryRun dryRun(
            @PathVariable String name,
            @PathVariable int version,
            @RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "from", "to");
        Instant from = fields.instant("from", true);
        Instant to = fields.instant("to", true);
        fields.throwIfInvalid();
        return rules.dryRun(name, version, Objects.requireNonNull(from), Objects.requireNonNull(to));
    }

    @GetMapping("/api/v1/rules/{name}/runs")
    @Operation(
            summary = "Runs of a rule, newest first",
            description = "status: pending, succeeded or failed; each run names its event, order, version, attempts "
                    + "and last error.")
    Map<String, List<RuleRun>> runs(
            @PathVariable String name,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(defaultValue = "100") int limit) {
        if (status != null && !RUN_STATUSES.contains(status)) {
            throw ApiProblem.invalid("status", "must be one of " + RUN_STATUSES);
        }
        return Map.of("items", rules.runs(name, status, RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE)));
    }

    @GetMapping("/api/v1/rules/tasks")
    @Operation(summary = "Tasks rules created for teams, oldest first; filter by team, status (open, done) or order")
    Map<String, Object> tasks(
            @RequestParam(required = false) @Nullable String team,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String orderId,
            @RequestParam(defaultValue = "100") int limit) {
        if (status != null && !List.of("open", "done").contains(status)) {
            throw ApiProblem.invalid("status", "must be open or done");
        }
        return Map.of(
                "items",
                rules.tasks(
                        team,
                        status,
                        orderId == null ? null : orderId(orderId).value(),
                        RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE)));
    }

    @ExceptionHandler(InvalidRule.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRule invalid) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, invalid.getMessage());
        detail.setType(URI.create("https://fulcrum.dev/problems/invalid-request"));
        detail.setTitle("Invalid request");
        detail.setProperty("errors", invalid.errors());
        return ResponseEntity.badRequest()
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(detail);
    }

    private static OrderId orderId(String text) {
        try {
            return new OrderId(UUID.fromString(text));
        } catch (IllegalArgumentException malformed) {
            throw ApiProblem.invalid("orderId", "is not an order id");
        }
    }
}

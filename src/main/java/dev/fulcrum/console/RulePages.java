package dev.fulcrum.console;

import dev.fulcrum.rollout.RolloutManagement;
import dev.fulcrum.rules.DryRun;
import dev.fulcrum.rules.InvalidRule;
import dev.fulcrum.rules.RuleDefinition;
import dev.fulcrum.rules.RuleError;
import dev.fulcrum.rules.RuleSummary;
import dev.fulcrum.rules.RuleVersion;
import dev.fulcrum.rules.Rules;
import dev.fulcrum.rules.TryResult;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.OrderId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rules in the console: the list with status and canary share, and a rule's page with the editor (CEL condition
 * checked while typing, with the error at its line and column, and completion of the fields a condition may use),
 * saving a draft version, "try on an order", a dry-run over a period against the active version, activation, the
 * versions with a diff of two, and the failed runs; and the rollout: a canary form (share and guard), the running
 * canary with its guard chart (ECharts) and the rollback button, and the rollout history. Works only through
 * {@link Rules} and {@link RolloutManagement}; nothing here decides.
 */
@Controller
class RulePages {

    static final int LISTED_RUNS = 50;

    /** The rollout kind of rules in {@link RolloutManagement}. */
    static final String RULE = "rule";

    private static final DateTimeFormatter CHART_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Rules rules;
    private final RolloutManagement rollouts;
    private final JsonMapper json;
    private final ConsoleFormat format;
    private final Clock clock;
    private final MessageSource messages;

    RulePages(
            Rules rules,
            RolloutManagement rollouts,
            JsonMapper json,
            ConsoleFormat format,
            Clock clock,
            MessageSource messages) {
        this.rules = rules;
        this.rollouts = rollouts;
        this.json = json;
        this.format = format;
        this.clock = clock;
        this.messages = messages;
    }

    /**
     * The canary form as sent, kept as text so that a refused form shows what was typed.
     *
     * @param metric empty for a canary no guard watches
     */
    record CanaryForm(String percent, String metric, String max, String window) {

        @SuppressWarnings("NullAway") // the binder may pass null for a field the form left out
        CanaryForm {
            percent = percent == null ? "" : percent;
            metric = metric == null ? "" : metric;
            max = max == null ? "" : max;
            window = window == null ? "" : window;
        }

        static CanaryForm initial() {
            return new CanaryForm("10", "", "", "PT15M");
        }

        /** The share, checked for form: a field that does not read is a problem named after it. */
        int share(List<FieldProblem> problems) {
            try {
                return Integer.parseInt(percent.strip());
            } catch (NumberFormatException notANumber) {
                problems.add(new FieldProblem("percent", "must be a whole number between 1 and 99"));
                return 0;
            }
        }

        /** The guard, or null without a metric; range checks are the rollout module's. */
        RolloutManagement.@Nullable Guard guard(int defaultMinOrders, List<FieldProblem> problems) {
            if (metric.isBlank()) {
                return null;
            }
            double limit = 0;
            try {
                limit = Double.parseDouble(max.strip());
            } catch (NumberFormatException notANumber) {
                problems.add(new FieldProblem("guard.max", "must be a number such as 0.05"));
            }
            Duration span = Duration.ofMinutes(15);
            if (!window.isBlank()) {
                try {
                    span = Duration.parse(window.strip());
                } catch (DateTimeParseException unreadable) {
                    problems.add(new FieldProblem("guard.window", "must be an ISO-8601 duration such as PT15M"));
                }
            }
            return new RolloutManagement.Guard(metric.strip(), limit, span, defaultMinOrders);
        }
    }

    /**
     * A problem as the editor shows it: for a CEL error in the condition, also the line of the condition with a caret
     * under the column.
     */
    record Problem(
            String field,
            String reason,
            @Nullable Integer line,
            @Nullable Integer column,
            @Nullable String excerpt) {

        static List<Problem> of(List<RuleError> errors, String when) {
            String[] lines = when.split("\n", -1);
            return errors.stream()
                    .map(error -> {
                        Integer line = error.line();
                        Integer column = error.column();
                        String excerpt = null;
                        if (error.field().equals("when") && line != null && line >= 1 && line <= lines.length) {
                            int caret = column == null ? 0 : Math.max(0, column - 1);
                            excerpt = lines[line - 1].stripTrailing() + "\n" + " ".repeat(caret) + "^";
                        }
                        return new Problem(error.field(), error.reason(), line, column, excerpt);
                    })
                    .toList();
        }
    }

    /** What the editor holds: the rule as the form sends it, before it is JSON. */
    record Draft(
            String description,
            String event,
            String duration,
            String unless,
            String when,
            String actions,
            @Nullable Integer priority,
            @Nullable Boolean stopAfter) {

        /** A field the form did not send is empty (the binder passes null for it). */
        @SuppressWarnings("NullAway") // the binder may pass null for a field the form left out
        Draft {
            description = description == null ? "" : description;
            event = event == null ? "" : event;
            duration = duration == null ? "" : duration;
            unless = unless == null ? "" : unless;
            when = when == null ? "" : when;
            actions = actions == null ? "" : actions;
        }

        static Draft of(RuleDefinition definition, JsonMapper json) {
            RuleDefinition.After after = definition.trigger().after();
            return new Draft(
                    definition.description(),
                    definition.trigger().startEvent(),
                    after == null ? "" : after.duration(),
                    after == null ? "" : String.join(", ", after.unless()),
                    definition.when(),
                    json.writerWithDefaultPrettyPrinter().writeValueAsString(definition.actions()),
                    definition.priority(),
                    definition.stopAfter());
        }

        static Draft empty() {
            return new Draft(
                    "",
                    "order.paid",
                    "",
                    "",
                    "order.total > 5000.0",
                    "[\n  {\"type\": \"hold\", \"hold\": \"manual\", \"reason\": \"check\"}\n]",
                    RuleDefinition.DEFAULT_PRIORITY,
                    false);
        }
    }

    @GetMapping("/rules")
    String list(Model model) {
        List<RuleSummary> all = rules.list();
        model.addAttribute("rules", all);
        model.addAttribute("mayAct", ConsoleRoles.mayAct());
        return "console/rules";
    }

    /** A new rule: its name chosen on the list, the editor opens empty. */
    @PostMapping("/rules")
    String create(@RequestParam(defaultValue = "") String name) {
        ConsoleRoles.requireMayAct();
        String chosen = name.strip();
        if (!chosen.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw ApiProblem.invalid(
                    "name", "must be 1 to 64 lower-case letters, digits, - or _, starting with a letter or digit");
        }
        return "redirect:/rules/" + chosen;
    }

    @GetMapping("/rules/{name}")
    String rule(
            @PathVariable String name,
            @RequestParam(required = false) @Nullable Integer version,
            @RequestParam(required = false) @Nullable String done,
            Model model) {
        List<RuleVersion> versions = versionsOf(name);
        RuleVersion shown = version == null
                ? (versions.isEmpty() ? null : versions.getFirst())
                : versions.stream()
                        .filter(v -> v.version() == version)
                        .findFirst()
                        .orElseThrow(() -> ApiProblem.notFound("rule " + name + " has no version " + version));
        Draft draft = shown == null ? Draft.empty() : Draft.of(shown.definition(), json);
        page(name, versions, shown, draft, model);
        model.addAttribute("done", done);
        return "console/rule";
    }

    /** The editor's inline check while typing: every problem, a CEL error at its line and column. */
    @PostMapping("/rules/validate")
    String validate(Draft draft, Model model) {
        model.addAttribute("problems", Problem.of(problems(draft), draft.when()));
        model.addAttribute("checked", true);
        return "console/rule :: validation";
    }

    /** Saves the editor's rule as the next draft version; a refusal shows the editor again with every problem. */
    @PostMapping("/rules/{name}")
    String save(@PathVariable String name, Draft draft, Model model) {
        ConsoleRoles.requireMayAct();
        List<RuleError> parseProblems = new ArrayList<>();
        JsonNode body = body(draft, parseProblems);
        if (parseProblems.isEmpty()) {
            try {
                RuleVersion saved = rules.save(name, body);
                return "redirect:/rules/" + name + "?version=" + saved.version() + "&done=saved";
            } catch (InvalidRule invalid) {
                parseProblems.addAll(invalid.errors());
            }
        }
        List<RuleVersion> versions = versionsOf(name);
        page(name, versions, versions.isEmpty() ? null : versions.getFirst(), draft, model);
        model.addAttribute("problems", Problem.of(parseProblems, draft.when()));
        model.addAttribute("checked", true);
        model.addAttribute("notSaved", true);
        return "console/rule";
    }

    @PostMapping("/rules/{name}/versions/{version}/try")
    String tryOn(
            @PathVariable String name,
            @PathVariable int version,
            @RequestParam(defaultValue = "") String orderId,
            Model model) {
        try {
            TryResult result = rules.tryOn(name, version, orderId(orderId));
            model.addAttribute("tried", result);
        } catch (ApiProblem problem) {
            model.addAttribute("tryOutcome", ActionOutcome.refused(problem));
        }
        model.addAttribute("triedOrder", orderId.strip());
        return "console/rule :: try-result";
    }

    @PostMapping("/rules/{name}/versions/{version}/dry-run")
    String dryRun(
            @PathVariable String name,
            @PathVariable int version,
            @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to,
            Model model) {
        try {
            DryRun result = rules.dryRun(name, version, instant("from", from), instant("to", to));
            model.addAttribute("dryRun", result);
        } catch (ApiProblem problem) {
            model.addAttribute("dryRunOutcome", ActionOutcome.refused(problem));
        }
        model.addAttribute("dryRunVersion", version);
        return "console/rule :: dry-run-result";
    }

    @PostMapping("/rules/{name}/versions/{version}/activate")
    String activate(@PathVariable String name, @PathVariable int version) {
        ConsoleRoles.requireMayAct();
        rules.activate(name, version, null);
        return "redirect:/rules/" + name + "?version=" + version + "&done=activated";
    }

    /**
     * Starts a canary of the version at the form's share, with its guard when a metric is chosen; a refusal (a share
     * of 0, a window too long, the active version) shows the page again with the reason at the form.
     */
    @PostMapping("/rules/{name}/versions/{version}/rollout")
    String startCanary(@PathVariable String name, @PathVariable int version, CanaryForm form, Model model) {
        ConsoleRoles.requireMayAct();
        try {
            List<FieldProblem> problems = new ArrayList<>();
            int percent = form.share(problems);
            RolloutManagement.Guard guard = form.guard(rollouts.defaultMinOrders(), problems);
            if (!problems.isEmpty()) {
                throw ApiProblem.invalid(problems);
            }
            rollouts.start(RULE, name, version, percent, guard);
            return "redirect:/rules/" + name + "?version=" + version + "&done=canaryStarted";
        } catch (ApiProblem refused) {
            List<RuleVersion> versions = versionsOf(name);
            RuleVersion shown = versions.stream()
                    .filter(v -> v.version() == version)
                    .findFirst()
                    .orElse(versions.isEmpty() ? null : versions.getFirst());
            page(name, versions, shown, shown == null ? Draft.empty() : Draft.of(shown.definition(), json), model);
            model.addAttribute("canaryForm", form);
            model.addAttribute("rolloutOutcome", ActionOutcome.refused(refused));
            return "console/rule";
        }
    }

    /**
     * Rolls back at once: ends the running canary, or with none running re-activates the previous version; then shows
     * the version orders see now. Nothing to roll back to shows the page again with the reason.
     */
    @PostMapping("/rules/{name}/rollback")
    String rollback(@PathVariable String name, @RequestParam(defaultValue = "") String reason, Model model) {
        ConsoleRoles.requireMayAct();
        try {
            RolloutManagement.Rollout rolledBack = rollouts.rollback(RULE, name, reason.isBlank() ? null : reason);
            return "redirect:/rules/" + name
                    + (rolledBack.previousVersion() > 0 ? "?version=" + rolledBack.previousVersion() + "&" : "?")
                    + "done=rolledBack";
        } catch (ApiProblem refused) {
            List<RuleVersion> versions = versionsOf(name);
            RuleVersion shown = versions.isEmpty() ? null : versions.getFirst();
            page(name, versions, shown, shown == null ? Draft.empty() : Draft.of(shown.definition(), json), model);
            model.addAttribute("rolloutOutcome", ActionOutcome.refused(refused));
            return "console/rule";
        }
    }

    /** What changed between two versions, field by field. */
    @GetMapping("/rules/{name}/diff")
    String diff(@PathVariable String name, @RequestParam int a, @RequestParam int b, Model model) {
        model.addAttribute("changes", rules.diff(name, a, b));
        model.addAttribute("diffA", a);
        model.addAttribute("diffB", b);
        return "console/rule :: diff";
    }

    private void page(String name, List<RuleVersion> versions, @Nullable RuleVersion shown, Draft draft, Model model) {
        model.addAttribute("name", name);
        model.addAttribute("versions", versions);
        model.addAttribute("shown", shown);
        model.addAttribute("draft", draft);
        model.addAttribute(
                "summary",
                rules.list().stream()
                        .filter(s -> s.name().equals(name))
                        .findFirst()
                        .orElse(null));
        model.addAttribute("fieldsJson", json.writeValueAsString(rules.fields()).replace("</", "<\\/"));
        model.addAttribute("fields", rules.fields());
        model.addAttribute("mayAct", ConsoleRoles.mayAct());
        model.addAttribute("failedRuns", versions.isEmpty() ? List.of() : rules.runs(name, "failed", LISTED_RUNS));
        rolloutModel(name, versions, model);
        Instant now = clock.instant();
        model.addAttribute(
                "defaultFrom",
                LocalDateTime.ofInstant(now.minusSeconds(7 * 86_400), format.zone())
                        .withSecond(0)
                        .withNano(0)
                        .toString());
        model.addAttribute(
                "defaultTo",
                LocalDateTime.ofInstant(now.plusSeconds(3_600), format.zone())
                        .withSecond(0)
                        .withNano(0)
                        .toString());
    }

    /** The rule's running canary with its guard chart, the ended rollouts, and what the canary form offers. */
    private void rolloutModel(String name, List<RuleVersion> versions, Model model) {
        List<RolloutManagement.Rollout> all = versions.isEmpty() ? List.of() : rollouts.list(RULE, name);
        RolloutManagement.Rollout canary =
                all.stream().filter(one -> one.endedAt() == null).findFirst().orElse(null);
        model.addAttribute("canary", canary);
        model.addAttribute(
                "rolloutHistory",
                all.stream().filter(one -> one.endedAt() != null).toList());
        model.addAttribute("guardMetrics", rollouts.metricNames());
        model.addAttribute("canaryForm", CanaryForm.initial());
        model.addAttribute("echartsScript", UsagePage.ECHARTS_SCRIPT);
        if (canary != null) {
            model.addAttribute(
                    "guardChartData",
                    json.writeValueAsString(guardChart(canary)).replace("</", "<\\/"));
        }
    }

    /**
     * The guard series as the chart draws it: the metric over the canary and over the rest at each evaluation, and the
     * limit the canary must stay under (the rest's value plus {@code max}); null where there were no orders, so the
     * line breaks there.
     */
    private Map<String, Object> guardChart(RolloutManagement.Rollout canary) {
        List<RolloutManagement.Point> points = canary.series().getOrDefault("points", List.of());
        RolloutManagement.Guard guard = canary.guard();
        List<String> at = new ArrayList<>();
        List<@Nullable Double> canaryValues = new ArrayList<>();
        List<@Nullable Double> restValues = new ArrayList<>();
        List<@Nullable Double> limit = new ArrayList<>();
        for (RolloutManagement.Point point : points) {
            at.add(CHART_TIME.format(point.at().atZone(format.zone())));
            canaryValues.add(point.canary());
            Double rest = point.rest();
            restValues.add(rest);
            limit.add(guard == null || rest == null ? null : rest + guard.max());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("metric", guard == null ? "" : guard.metric());
        data.put("at", at);
        data.put("canary", canaryValues);
        data.put("rest", restValues);
        data.put("limit", limit);
        data.put(
                "labels",
                Map.of(
                        "canary", text("rules.rollout.canarySeries", canary.version(), canary.percent()),
                        "rest", text("rules.rollout.restSeries"),
                        "limit", text("rules.rollout.limitSeries")));
        return data;
    }

    private String text(String code, Object... arguments) {
        String message = messages.getMessage(code, arguments, code, LocaleContextHolder.getLocale());
        return message != null ? message : code;
    }

    private List<RuleVersion> versionsOf(String name) {
        try {
            return rules.versions(name);
        } catch (ApiProblem notFound) {
            if (notFound.status() == 404) {
                return List.of();
            }
            throw notFound;
        }
    }

    /** The problems of the editor's rule: a JSON block that does not read, or whatever the rules module says. */
    private List<RuleError> problems(Draft draft) {
        List<RuleError> problems = new ArrayList<>();
        JsonNode body = body(draft, problems);
        if (problems.isEmpty()) {
            problems.addAll(rules.validate(body));
        }
        return problems;
    }

    /** The rule body of the HTTP API, from the form; the actions block must be a JSON array. */
    private JsonNode body(Draft draft, List<RuleError> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("description", draft.description());
        String event = draft.event().strip();
        if (draft.duration().isBlank()) {
            body.put("trigger", Map.of("event", event));
        } else {
            List<String> unless = Arrays.stream(draft.unless().split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
            body.put(
                    "trigger",
                    Map.of(
                            "after",
                            Map.of("event", event, "duration", draft.duration().strip(), "unless", unless)));
        }
        body.put("when", draft.when());
        Object actions = List.of();
        try {
            JsonNode parsed = json.readTree(draft.actions().isBlank() ? "[]" : draft.actions());
            if (parsed.isArray()) {
                actions = parsed;
            } else {
                problems.add(RuleError.of("actions", "must be a JSON array of actions, [{\"type\": ...}]"));
            }
        } catch (RuntimeException unreadable) {
            problems.add(RuleError.of("actions", "is not JSON: " + firstLine(unreadable.getMessage())));
        }
        body.put("actions", actions);
        body.put("priority", draft.priority() == null ? RuleDefinition.DEFAULT_PRIORITY : draft.priority());
        body.put("stopAfter", Boolean.TRUE.equals(draft.stopAfter()));
        return json.valueToTree(body);
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private Instant instant(String field, String local) {
        try {
            return LocalDateTime.parse(local.strip()).atZone(format.zone()).toInstant();
        } catch (DateTimeParseException notADate) {
            throw ApiProblem.invalid(field, "must be a date and time such as 2026-12-01T09:00");
        }
    }

    private static OrderId orderId(String id) {
        try {
            return new OrderId(UUID.fromString(id.strip()));
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.invalid("orderId", "must be an order id (a UUID)");
        }
    }
}

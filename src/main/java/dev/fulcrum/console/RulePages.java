package dev.fulcrum.console;

import dev.fulcrum.rules.DryRun;
import dev.fulcrum.rules.InvalidRule;
import dev.fulcrum.rules.RuleDefinition;
import dev.fulcrum.rules.RuleError;
import dev.fulcrum.rules.RuleSummary;
import dev.fulcrum.rules.RuleVersion;
import dev.fulcrum.rules.Rules;
import dev.fulcrum.rules.TryResult;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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
 * versions with a diff of two, and the failed runs. Works only through {@link Rules}; nothing here decides.
 */
@Controller
class RulePages {

    static final int LISTED_RUNS = 50;

    private final Rules rules;
    private final JsonMapper json;
    private final ConsoleFormat format;
    private final Clock clock;

    RulePages(Rules rules, JsonMapper json, ConsoleFormat format, Clock clock) {
        this.rules = rules;
        this.json = json;
        this.format = format;
        this.clock = clock;
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

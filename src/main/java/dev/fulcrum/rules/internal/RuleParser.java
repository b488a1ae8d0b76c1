package dev.fulcrum.rules.internal;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.fulcrum.events.EventCatalogue;
import dev.fulcrum.order.Hold;
import dev.fulcrum.rules.InvalidRule;
import dev.fulcrum.rules.RuleDefinition;
import dev.fulcrum.rules.RuleError;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a rule as written (the JSON body of {@code PUT /api/v1/rules/{name}}) into a {@link RuleDefinition}, checking
 * everything that can be checked before it runs: the trigger names public event types of the catalogue, the condition
 * compiles (errors with line and column), every action is well-formed, nothing is over its cap, and no action publishes
 * the event type that triggers the rule (it would trigger itself).
 */
public final class RuleParser {

    /** The CEL variables of a condition; see docs/guide/rules.md. */
    public static final List<String> VARIABLES = List.of("order", "event", "customer", "now");

    public static final int MAX_ACTIONS = 20;
    public static final int MAX_CONDITION_LENGTH = 4000;
    public static final int MAX_DESCRIPTION_LENGTH = 500;
    public static final Duration MAX_AFTER = Duration.ofDays(366);
    public static final int MAX_CHAIN_STEPS = 10;
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_.:-]{1,64}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventCatalogue CATALOGUE = EventCatalogue.load();
    /**
     * Conditions compare numbers across types ({@code order.total > 5000} with a double total), as operators write
     * them; otherwise the same standard CEL as {@link dev.fulcrum.shared.Expressions}.
     */
    static final CelOptions OPTIONS =
            CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

    private static final CelCompiler COMPILER;
    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    static {
        CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS);
        VARIABLES.forEach(name -> builder.addVar(name, SimpleType.DYN));
        COMPILER = builder.build();
    }

    private RuleParser() {}

    /**
     * The rule the body describes.
     *
     * @throws InvalidRule naming every field that is wrong
     */
    public static RuleDefinition parse(@Nullable JsonNode body) {
        List<RuleError> errors = new ArrayList<>();
        RuleDefinition definition = read(body, errors);
        if (!errors.isEmpty() || definition == null) {
            throw new InvalidRule(errors.isEmpty() ? List.of(RuleError.of("body", "is required")) : errors);
        }
        return definition;
    }

    /** Every problem of the body; empty when it is a valid rule. */
    public static List<RuleError> problems(@Nullable JsonNode body) {
        List<RuleError> errors = new ArrayList<>();
        read(body, errors);
        return List.copyOf(errors);
    }

    private static @Nullable RuleDefinition read(@Nullable JsonNode body, List<RuleError> errors) {
        if (body == null || !body.isObject()) {
            errors.add(RuleError.of("body", "must be a JSON object"));
            return null;
        }
        for (String field : body.propertyNames()) {
            if (!List.of("description", "trigger", "when", "actions", "priority", "stopAfter")
                    .contains(field)) {
                errors.add(RuleError.of(
                        field,
                        "is not a known field; expected description, trigger, when, actions, priority, stopAfter"));
            }
        }
        String description = "";
        JsonNode descriptionNode = body.get("description");
        if (descriptionNode != null && !descriptionNode.isNull()) {
            if (!descriptionNode.isString() || descriptionNode.stringValue().length() > MAX_DESCRIPTION_LENGTH) {
                errors.add(RuleError.of(
                        "description", "must be a string of at most " + MAX_DESCRIPTION_LENGTH + " characters"));
            } else {
                description = descriptionNode.stringValue().strip();
            }
        }
        RuleDefinition.Trigger trigger = trigger(body.get("trigger"), errors);
        String when = "true";
        JsonNode whenNode = body.get("when");
        if (whenNode != null && !whenNode.isNull()) {
            if (!whenNode.isString() || whenNode.stringValue().isBlank()) {
                errors.add(RuleError.of("when", "must be a CEL expression (text)"));
            } else if (whenNode.stringValue().length() > MAX_CONDITION_LENGTH) {
                errors.add(RuleError.of(
                        "when",
                        "at most " + MAX_CONDITION_LENGTH + " characters, got "
                                + whenNode.stringValue().length()));
            } else {
                when = whenNode.stringValue();
                errors.addAll(celErrors("when", when));
            }
        }
        List<Map<String, Object>> actions = new ArrayList<>();
        List<RuleAction> typed = new ArrayList<>();
        JsonNode actionsNode = body.get("actions");
        if (actionsNode == null || !actionsNode.isArray() || actionsNode.isEmpty()) {
            errors.add(RuleError.of("actions", "must be a list of at least one action"));
        } else if (actionsNode.size() > MAX_ACTIONS) {
            errors.add(
                    RuleError.of("actions", "at most " + MAX_ACTIONS + " actions per rule, got " + actionsNode.size()));
        } else {
            for (int i = 0; i < actionsNode.size(); i++) {
                JsonNode node = actionsNode.get(i);
                RuleAction action = action("actions[" + i + "]", node, errors);
                if (action != null) {
                    typed.add(action);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> written = JSON.convertValue(node, LinkedHashMap.class);
                    actions.add(written);
                }
            }
        }
        int priority = RuleDefinition.DEFAULT_PRIORITY;
        JsonNode priorityNode = body.get("priority");
        if (priorityNode != null && !priorityNode.isNull()) {
            if (!priorityNode.isIntegralNumber() || priorityNode.asLong() < 0 || priorityNode.asLong() > 10_000) {
                errors.add(RuleError.of("priority", "must be a whole number between 0 and 10000"));
            } else {
                priority = priorityNode.asInt();
            }
        }
        boolean stopAfter = false;
        JsonNode stopNode = body.get("stopAfter");
        if (stopNode != null && !stopNode.isNull()) {
            if (!stopNode.isBoolean()) {
                errors.add(RuleError.of("stopAfter", "must be true or false"));
            } else {
                stopAfter = stopNode.booleanValue();
            }
        }
        if (trigger != null && trigger.event() != null) {
            for (int i = 0; i < typed.size(); i++) {
                if (typed.get(i).publishes().contains(trigger.event())) {
                    errors.add(RuleError.of(
                            "actions[" + i + "]",
                            "the " + typed.get(i).type() + " action publishes " + trigger.event()
                                    + ", the event that triggers this rule: the rule would trigger itself"));
                }
            }
        }
        if (!errors.isEmpty() || trigger == null) {
            return null;
        }
        return new RuleDefinition(description, trigger, when, actions, priority, stopAfter);
    }

    private static RuleDefinition.@Nullable Trigger trigger(@Nullable JsonNode node, List<RuleError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(RuleError.of(
                    "trigger", "is required: {\"event\": \"order.paid\"} or {\"after\": {\"event\", \"duration\"}}"));
            return null;
        }
        JsonNode event = node.get("event");
        JsonNode after = node.get("after");
        if ((event == null) == (after == null) || node.size() != 1) {
            errors.add(RuleError.of("trigger", "must have exactly one of event and after"));
            return null;
        }
        if (event != null) {
            String type = eventType("trigger.event", event, errors);
            return type == null ? null : new RuleDefinition.Trigger(type, null);
        }
        if (!after.isObject()) {
            errors.add(RuleError.of("trigger.after", "must be an object with event, duration and unless"));
            return null;
        }
        for (String field : after.propertyNames()) {
            if (!List.of("event", "duration", "unless").contains(field)) {
                errors.add(RuleError.of(
                        "trigger.after." + field, "is not a known field; expected event, duration, unless"));
            }
        }
        String start = eventType("trigger.after.event", after.get("event"), errors);
        String duration = null;
        JsonNode durationNode = after.get("duration");
        if (durationNode == null || !durationNode.isString()) {
            errors.add(RuleError.of("trigger.after.duration", "is required: an ISO 8601 duration such as PT48H"));
        } else {
            try {
                Duration parsed = Duration.parse(durationNode.stringValue());
                if (parsed.isNegative() || parsed.isZero() || parsed.compareTo(MAX_AFTER) > 0) {
                    errors.add(RuleError.of("trigger.after.duration", "must be more than zero and at most P366D"));
                } else {
                    duration = durationNode.stringValue();
                }
            } catch (DateTimeParseException malformed) {
                errors.add(RuleError.of("trigger.after.duration", "is not an ISO 8601 duration such as PT48H"));
            }
        }
        List<String> unless = new ArrayList<>();
        JsonNode unlessNode = after.get("unless");
        if (unlessNode != null && !unlessNode.isNull()) {
            if (!unlessNode.isArray() || unlessNode.size() > 20) {
                errors.add(RuleError.of("trigger.after.unless", "must be a list of at most 20 event types"));
            } else {
                for (int i = 0; i < unlessNode.size(); i++) {
                    String type = eventType("trigger.after.unless[" + i + "]", unlessNode.get(i), errors);
                    if (type != null) {
                        unless.add(type);
                    }
                }
            }
        }
        if (start == null || duration == null) {
            return null;
        }
        return new RuleDefinition.Trigger(null, new RuleDefinition.After(start, duration, unless));
    }

    private static @Nullable String eventType(String field, @Nullable JsonNode node, List<RuleError> errors) {
        if (node == null || !node.isString()) {
            errors.add(RuleError.of(field, "is required: a public event type such as order.paid"));
            return null;
        }
        String name = node.stringValue();
        return CATALOGUE.find(name).map(type -> type.name()).orElseGet(() -> {
            errors.add(RuleError.of(field, "'" + name + "' is not a public event type (see docs/events.md)"));
            return null;
        });
    }

    /**
     * The compiled program of a condition that {@link #celErrors} found valid.
     *
     * @throws IllegalArgumentException when it does not compile
     */
    static CelRuntime.Program program(String expression) {
        try {
            return RUNTIME.createProgram(COMPILER.compile(expression).getAst());
        } catch (CelValidationException | CelEvaluationException invalid) {
            throw new IllegalArgumentException("condition does not compile: " + invalid.getMessage(), invalid);
        }
    }

    /** The errors of a CEL condition over the rule variables, with line and column (from 1). */
    public static List<RuleError> celErrors(String field, String expression) {
        try {
            COMPILER.compile(expression).getAst();
            return List.of();
        } catch (CelValidationException invalid) {
            List<RuleError> errors = new ArrayList<>();
            for (CelIssue issue : invalid.getErrors()) {
                int line = issue.getSourceLocation().getLine();
                int column = issue.getSourceLocation().getColumn();
                errors.add(new RuleError(
                        field,
                        issue.getMessage(),
                        line > 0 ? line : null,
                        column >= 0 && line > 0 ? column + 1 : null));
            }
            return errors.isEmpty()
                    ? List.of(RuleError.of(field, String.valueOf(invalid.getMessage())))
                    : List.copyOf(errors);
        }
    }

    /** The typed actions of a stored (valid) definition. */
    public static List<RuleAction> actions(RuleDefinition definition) {
        List<RuleError> errors = new ArrayList<>();
        List<RuleAction> actions = new ArrayList<>();
        for (int i = 0; i < definition.actions().size(); i++) {
            RuleAction action = action(
                    "actions[" + i + "]", JSON.valueToTree(definition.actions().get(i)), errors);
            if (action != null) {
                actions.add(action);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRule(errors);
        }
        return actions;
    }

    private static @Nullable RuleAction action(String path, JsonNode node, List<RuleError> errors) {
        if (!node.isObject()) {
            errors.add(RuleError.of(path, "must be an object with a type"));
            return null;
        }
        Fields fields = new Fields(path, node, errors);
        String type = fields.text("type", true);
        if (type == null) {
            return null;
        }
        if (!RuleAction.TYPES.contains(type)) {
            errors.add(RuleError.of(path + ".type", "must be one of " + RuleAction.TYPES));
            return null;
        }
        int before = errors.size();
        RuleAction action = switch (type) {
            case "hold" -> {
                fields.known("type", "hold", "reason");
                String hold = fields.text("hold", false);
                hold = hold == null ? "manual" : hold;
                if (!Hold.TYPES.contains(hold)) {
                    errors.add(RuleError.of(path + ".hold", "must be one of " + Hold.TYPES));
                }
                String reason = fields.text("reason", false);
                yield new RuleAction.Hold(hold, reason == null ? "held by a rule" : reason);
            }
            case "release" -> {
                fields.known("type", "hold");
                yield new RuleAction.Release(fields.text("hold", false));
            }
            case "add-tag", "remove-tag" -> {
                fields.known("type", "tag");
                String tag = fields.text("tag", true);
                if (tag != null && !TAG.matcher(tag).matches()) {
                    errors.add(RuleError.of(path + ".tag", "must be 1 to 64 letters, digits or _ . : -"));
                }
                String value = Objects.requireNonNullElse(tag, "");
                yield type.equals("add-tag") ? new RuleAction.AddTag(value) : new RuleAction.RemoveTag(value);
            }
            case "set-attribute" -> {
                fields.known("type", "name", "value");
                String name = fields.text("name", true);
                JsonNode value = node.get("value");
                if (value == null || value.isObject() || value.isArray()) {
                    errors.add(RuleError.of(path + ".value", "is required: a string, number, true/false or null"));
                }
                yield new RuleAction.SetAttribute(Objects.requireNonNullElse(name, ""), plain(value));
            }
            case "cancel" -> {
                fields.known("type", "reason");
                String reason = fields.text("reason", false);
                yield new RuleAction.Cancel(reason == null ? "cancelled by a rule" : reason);
            }
            case "resource" -> {
                fields.known("type", "profile");
                yield new RuleAction.Resource(fields.text("profile", false));
            }
            case "approval" -> {
                fields.known("type", "chain", "onReject", "stepTimeout");
                List<RuleAction.Approval.Step> chain = new ArrayList<>();
                JsonNode chainNode = node.get("chain");
                if (chainNode == null
                        || !chainNode.isArray()
                        || chainNode.isEmpty()
                        || chainNode.size() > MAX_CHAIN_STEPS) {
                    errors.add(RuleError.of(path + ".chain", "must be a list of 1 to " + MAX_CHAIN_STEPS + " steps"));
                } else {
                    for (int i = 0; i < chainNode.size(); i++) {
                        chain.add(step(path + ".chain[" + i + "]", chainNode.get(i), errors));
                    }
                }
                String onReject = fields.text("onReject", false);
                Duration timeout = fields.duration("stepTimeout");
                yield new RuleAction.Approval(
                        chain,
                        onReject == null ? "cancel" : onReject,
                        timeout == null ? Duration.ofHours(24) : timeout);
            }
            case "task" -> {
                fields.known("type", "team", "title", "dueIn");
                String team = fields.text("team", true);
                String title = fields.text("title", true);
                yield new RuleAction.Task(
                        Objects.requireNonNullElse(team, ""),
                        Objects.requireNonNullElse(title, ""),
                        fields.duration("dueIn"));
            }
            case "notify" -> {
                fields.known("type", "channel", "to", "subject", "message");
                String channel = fields.text("channel", false);
                channel = channel == null ? "webhook" : channel;
                if (!List.of("webhook", "email").contains(channel)) {
                    errors.add(RuleError.of(path + ".channel", "must be webhook or email"));
                }
                String to = fields.text("to", channel.equals("email"));
                if (to != null && !to.matches("[^@\\s]+@[^@\\s]+")) {
                    errors.add(RuleError.of(path + ".to", "must be an e-mail address"));
                }
                String subject = fields.text("subject", true);
                String message = fields.text("message", false);
                yield new RuleAction.Notify(
                        channel, to, Objects.requireNonNullElse(subject, ""), Objects.requireNonNullElse(message, ""));
            }
            case "flow-action" -> {
                fields.known("type", "action", "reason");
                String flowAction = fields.text("action", true);
                yield new RuleAction.FlowAction(
                        Objects.requireNonNullElse(flowAction, ""), fields.text("reason", false));
            }
            default -> throw new IllegalStateException(type);
        };
        return errors.size() == before ? action : null;
    }

    /** An attribute's value as written: a number, true or false, or text (absent or null: empty text). */
    private static Object plain(@Nullable JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.asString();
    }

    private static RuleAction.Approval.Step step(String path, JsonNode node, List<RuleError> errors) {
        if (!node.isObject()) {
            errors.add(RuleError.of(path, "must be an object with a role or users"));
            return new RuleAction.Approval.Step(null, List.of(), null);
        }
        Fields fields = new Fields(path, node, errors);
        fields.known("role", "users", "when");
        String role = fields.text("role", false);
        List<String> users = new ArrayList<>();
        JsonNode usersNode = node.get("users");
        if (usersNode != null && !usersNode.isNull()) {
            if (!usersNode.isArray() || usersNode.size() > 50) {
                errors.add(RuleError.of(path + ".users", "must be a list of at most 50 user names"));
            } else {
                usersNode.forEach(user -> users.add(user.asString()));
            }
        }
        if (role == null && users.isEmpty()) {
            errors.add(RuleError.of(path, "needs a role or users"));
        }
        String when = fields.text("when", false);
        if (when != null) {
            // An approval step's condition is over the order alone, as the approvals module evaluates it.
            errors.addAll(celErrors(path + ".when", when));
        }
        return new RuleAction.Approval.Step(role, users, when);
    }

    /** Reads the settings of one action or step, adding its problems to the rule's. */
    private record Fields(String path, JsonNode node, List<RuleError> errors) {

        void known(String... names) {
            List<String> known = List.of(names);
            for (String field : node.propertyNames()) {
                if (!known.contains(field)) {
                    errors.add(RuleError.of(path + "." + field, "is not a setting of this action; expected " + known));
                }
            }
        }

        @Nullable
        String text(String name, boolean required) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                if (required) {
                    errors.add(RuleError.of(path + "." + name, "is required"));
                }
                return null;
            }
            if (!value.isString()
                    || value.stringValue().isBlank()
                    || value.stringValue().length() > 2000) {
                errors.add(RuleError.of(path + "." + name, "must be a non-empty string of at most 2000 characters"));
                return null;
            }
            return value.stringValue().strip();
        }

        @Nullable
        Duration duration(String name) {
            String text = text(name, false);
            if (text == null) {
                return null;
            }
            try {
                Duration parsed = Duration.parse(text);
                if (!parsed.isNegative() && !parsed.isZero()) {
                    return parsed;
                }
            } catch (DateTimeParseException malformed) {
                // reported below
            }
            errors.add(RuleError.of(path + "." + name, "must be a positive ISO 8601 duration such as PT24H"));
            return null;
        }
    }
}

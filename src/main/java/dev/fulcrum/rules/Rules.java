package dev.fulcrum.rules;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.events.EventCursor;
import dev.fulcrum.events.PublicEvent;
import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.rollout.Rollouts;
import dev.fulcrum.rules.internal.ActiveRules;
import dev.fulcrum.rules.internal.CompiledRule;
import dev.fulcrum.rules.internal.RuleAction;
import dev.fulcrum.rules.internal.RuleParser;
import dev.fulcrum.rules.internal.RuleStore;
import dev.fulcrum.rules.internal.RuleVariables;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules module's API: saving a rule as a new draft version, reading versions and their differences, validating a
 * rule as written, trying a version on an order and dry-running it over a period (no side effects), activating a
 * version, and reading runs and tasks. Every method works in the current tenant.
 */
@Service
public class Rules {

    /** The most trigger events one dry-run reads. */
    public static final int MAX_DRY_RUN_EVENTS = 50_000;

    private static final int PAGE = 1000;

    private final RuleStore store;
    private final ActiveRules active;
    private final PublicEventLog eventLog;
    private final OrderManagement orders;
    private final ObjectProvider<Rollouts> rollouts;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;

    Rules(
            RuleStore store,
            ActiveRules active,
            PublicEventLog eventLog,
            OrderManagement orders,
            ObjectProvider<Rollouts> rollouts,
            AuditLog audit,
            JsonMapper json,
            Clock clock) {
        this.store = store;
        this.active = active;
        this.eventLog = eventLog;
        this.orders = orders;
        this.rollouts = rollouts;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Stores the rule as written as the next version of {@code name}, a draft.
     *
     * @throws InvalidRule naming every wrong field (a CEL error with its line and column; an action that would
     *     trigger the rule itself)
     * @throws ApiProblem 400 for a malformed name or over the cap of rules per tenant
     */
    @Transactional
    public RuleVersion save(String name, @Nullable JsonNode body) {
        checkName(name);
        RuleDefinition definition = RuleParser.parse(body);
        RuleVersion saved = store.addDraft(name, definition);
        audit.record("rule.saved", "rule", name, Map.of("version", saved.version()));
        return saved;
    }

    /** The problems of a rule as written; empty when it could be saved. */
    public List<RuleError> validate(@Nullable JsonNode body) {
        return RuleParser.problems(body);
    }

    /** The variables a condition may use. */
    public List<RuleField> fields() {
        return RuleVariables.FIELDS;
    }

    /** Every rule with its active and latest version and a running canary. */
    @Transactional(readOnly = true)
    public List<RuleSummary> list() {
        Rollouts canaries = rollouts.getIfAvailable();
        return store.names().stream()
                .map(row -> new RuleSummary(
                        row.name(),
                        row.description(),
                        row.activeVersion(),
                        row.latestVersion(),
                        row.activeVersion() != null ? "active" : row.latestStatus(),
                        canaries == null
                                ? null
                                : canaries.canary(RequestContext.require().tenantId(), "rule", row.name())
                                        .map(canary -> new RuleSummary.Canary(canary.version(), canary.percent()))
                                        .orElse(null)))
                .toList();
    }

    /** Every version of the rule, newest first. */
    @Transactional(readOnly = true)
    public List<RuleVersion> versions(String name) {
        List<RuleVersion> versions = store.versions(name);
        if (versions.isEmpty()) {
            throw ApiProblem.notFound("rule " + name + " does not exist");
        }
        return versions;
    }

    @Transactional(readOnly = true)
    public RuleVersion version(String name, int version) {
        return store.find(name, version)
                .orElseThrow(() -> ApiProblem.notFound("rule " + name + " has no version " + version));
    }

    /** What changed from version {@code a} to version {@code b}: each changed field with both values. */
    @Transactional(readOnly = true)
    public List<Change> diff(String name, int a, int b) {
        JsonNode from = json.valueToTree(version(name, a).definition());
        JsonNode to = json.valueToTree(version(name, b).definition());
        List<Change> changes = new ArrayList<>();
        diff("", from, to, changes);
        return changes;
    }

    /** One difference between two versions: the field's path and its value in each (null: absent). */
    public record Change(
            String path, @Nullable JsonNode from, @Nullable JsonNode to) {}

    private static void diff(String path, @Nullable JsonNode from, @Nullable JsonNode to, List<Change> changes) {
        if (from != null && to != null && from.isObject() && to.isObject()) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>(from.propertyNames());
            names.addAll(to.propertyNames());
            for (String field : names) {
                diff(path.isEmpty() ? field : path + "." + field, from.get(field), to.get(field), changes);
            }
        } else if (from != null && to != null && from.isArray() && to.isArray()) {
            for (int i = 0; i < Math.max(from.size(), to.size()); i++) {
                diff(path + "[" + i + "]", from.get(i), to.get(i), changes);
            }
        } else if (from == null ? to != null : !from.equals(to)) {
            changes.add(new Change(path, from, to));
        }
    }

    /**
     * Makes the version the rule's only active one (a retired or draft version alike), ends a running canary of the
     * rule, and audits it. From now on the version runs on its trigger events as they occur.
     *
     * @param catchUpFrom also run on the trigger events since this instant that occurred before now, each once;
     *     null: none
     */
    @Transactional
    public RuleVersion activate(String name, int version, @Nullable Instant catchUpFrom) {
        if (catchUpFrom != null && catchUpFrom.isAfter(clock.instant())) {
            throw ApiProblem.invalid("since", "must not be in the future");
        }
        RuleVersion activated =
                activateVersion(name, version, RequestContext.require().actor(), catchUpFrom);
        Rollouts canaries = rollouts.getIfAvailable();
        if (canaries != null) {
            canaries.finish(RequestContext.require().tenantId(), "rule", name);
        }
        return activated;
    }

    /** Activates without touching rollouts: what the rollout module's {@code RolloutSubject} calls. */
    RuleVersion activateVersion(String name, int version, String actor, @Nullable Instant catchUpFrom) {
        RuleVersion activated = store.activate(
                name, version, actor, catchUpFrom, eventLog.head().toString());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", version);
        if (catchUpFrom != null) {
            details.put("since", catchUpFrom.toString());
        }
        audit.record("rule.activated", "rule", name, details);
        return activated;
    }

    /** Failed runs of a version since an instant, for rollout guards. */
    @Transactional(readOnly = true)
    public long failures(String name, int version, Instant since) {
        return store.failures(name, version, since);
    }

    /**
     * What the version would do to the order now, with no side effects: evaluated on the order's latest event of the
     * version's trigger type, or on the order alone when it has none.
     */
    @Transactional(readOnly = true)
    public TryResult tryOn(String name, int version, OrderId orderId) {
        CompiledRule rule = active.compiled(version(name, version));
        Order order = orders.get(orderId);
        List<PublicEvent> events = eventLog.read(
                EventCursor.BEGINNING,
                PAGE,
                List.of(rule.version().definition().trigger().startEvent()),
                orderId.value());
        PublicEvent latest = events.isEmpty() ? null : events.getLast();
        boolean matched = rule.matches(variables(rule, order, latest));
        return new TryResult(matched, matched ? planned(rule) : List.of());
    }

    /**
     * Replays the trigger events of the period through the version with no side effects and reports, per order, what
     * it would do against what the active version did (its runs) or, for events before its activation, would do.
     *
     * @throws ApiProblem 400 when the period is reversed or holds more than {@link #MAX_DRY_RUN_EVENTS} events
     */
    @Transactional(readOnly = true)
    public DryRun dryRun(String name, int version, Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw ApiProblem.invalid("to", "must be after from");
        }
        CompiledRule candidate = active.compiled(version(name, version));
        Optional<RuleVersion> activeVersion = store.versions(name).stream()
                .filter(v -> v.status().equals("active"))
                .findFirst();
        CompiledRule current = activeVersion.map(active::compiled).orElse(null);
        Map<UUID, List<PlannedAction>> did = new HashMap<>();
        if (current != null) {
            store.runsOfVersion(name, current.number()).forEach(run -> did.put(run.eventId(), run.actions()));
        }
        List<String> types = new ArrayList<>(
                List.of(candidate.version().definition().trigger().startEvent()));
        if (current != null) {
            types.add(current.version().definition().trigger().startEvent());
        }
        Map<String, List<PlannedAction>> byCandidate = new LinkedHashMap<>();
        Map<String, List<PlannedAction>> byActive = new LinkedHashMap<>();
        EventCursor cursor = EventCursor.BEGINNING;
        int read = 0;
        while (true) {
            List<PublicEvent> events = eventLog.read(cursor, PAGE, types, null);
            for (PublicEvent event : events) {
                if (event.time().isBefore(from) || !event.time().isBefore(to) || event.orderId() == null) {
                    continue;
                }
                if (++read > MAX_DRY_RUN_EVENTS) {
                    throw ApiProblem.invalid(
                            "to",
                            "at most " + MAX_DRY_RUN_EVENTS + " trigger events per dry-run: choose a shorter period");
                }
                Order order = orders.find(new OrderId(event.orderId())).orElse(null);
                if (order == null) {
                    continue;
                }
                String orderId = order.id().toString();
                if (would(candidate, event, order)) {
                    byCandidate
                            .computeIfAbsent(orderId, id -> new ArrayList<>())
                            .addAll(planned(candidate));
                }
                if (current != null
                        && event.type()
                                .equals(current.version().definition().trigger().startEvent())) {
                    List<PlannedAction> done = did.get(event.id());
                    if (done != null) {
                        byActive.computeIfAbsent(orderId, id -> new ArrayList<>())
                                .addAll(done);
                    } else if (current.version().activatedAt() != null
                            && event.time().isBefore(current.version().activatedAt())
                            && would(current, event, order)) {
                        byActive.computeIfAbsent(orderId, id -> new ArrayList<>())
                                .addAll(planned(current));
                    }
                }
            }
            if (events.size() < PAGE) {
                break;
            }
            cursor = EventCursor.parse(events.getLast().cursor());
        }
        java.util.Set<String> touched = new java.util.LinkedHashSet<>(byCandidate.keySet());
        touched.addAll(byActive.keySet());
        List<DryRun.OrderOutcome> outcomes = touched.stream()
                .map(id -> new DryRun.OrderOutcome(
                        id, byCandidate.getOrDefault(id, List.of()), byActive.getOrDefault(id, List.of())))
                .toList();
        return new DryRun(outcomes, byCandidate.size(), byActive.size());
    }

    /** Whether the version would act on the event: its trigger, its condition, and for a time rule no unless event. */
    private boolean would(CompiledRule rule, PublicEvent event, Order order) {
        RuleDefinition.Trigger trigger = rule.version().definition().trigger();
        if (!trigger.startEvent().equals(event.type())) {
            return false;
        }
        RuleDefinition.After after = trigger.after();
        if (after != null
                && !after.unless().isEmpty()
                && eventLog.read(EventCursor.parse(event.cursor()), PAGE, after.unless(), event.orderId()).stream()
                        .anyMatch(later -> later.time().isBefore(event.time().plus(after.length())))) {
            return false;
        }
        return rule.matches(variables(rule, order, event));
    }

    private Map<String, Object> variables(CompiledRule rule, Order order, @Nullable PublicEvent event) {
        return RuleVariables.of(
                order,
                event == null ? rule.version().definition().trigger().startEvent() : event.type(),
                event == null ? new UUID(0, 0) : event.id(),
                event == null ? clock.instant() : event.time(),
                event == null ? null : event.data(),
                () -> 0L,
                false,
                clock.instant());
    }

    private static List<PlannedAction> planned(CompiledRule rule) {
        return rule.actions().stream().map(RuleAction::planned).toList();
    }

    /** The runs of a rule, newest first, optionally of one status ({@code pending}, {@code succeeded}, {@code failed}). */
    @Transactional(readOnly = true)
    public List<RuleRun> runs(String name, @Nullable String status, int limit) {
        return store.runs(name, status, limit);
    }

    /** Tasks rules created, oldest first, optionally of one team, status or order. */
    @Transactional(readOnly = true)
    public List<RuleTask> tasks(@Nullable String team, @Nullable String status, @Nullable UUID orderId, int limit) {
        return store.tasks(team, status, orderId, limit);
    }

    private static void checkName(String name) {
        if (!RuleParser.NAME.matcher(name).matches()) {
            throw ApiProblem.invalid(
                    "name", "must be 1 to 64 lower-case letters, digits, - or _, starting with a letter or digit");
        }
    }
}

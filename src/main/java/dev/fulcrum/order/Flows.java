package dev.fulcrum.order;

import dev.fulcrum.rollout.Rollouts;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Expressions;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flows of each tenant: versioned, immutable once stored, one active version per name. A tenant's first order
 * installs the standard flow (shipped in {@code flows/standard.json}). Picks the flow of a new order (the first active
 * flow whose selector matches, else the standard flow), decides whether an action is allowed on an order and applies
 * the flow's effects.
 *
 * <p>Cache, correct with several instances (ADR 0085): a definition is cached by (tenant, name, version), which never
 * changes once stored; the set of active versions of a tenant is cached for at most {@code fulcrum.flows.active-recheck}
 * (two seconds by default) and then checked again with one indexed read, so a version published on another instance
 * governs new orders here within that bound.
 *
 * <p>Canary rollouts (issue 14): a new order sees the version {@link Rollouts#versionFor} answers for each flow, so a
 * running canary of a flow governs its share of new orders (by order id) while the rest stay on the active version.
 */
@Service
public class Flows implements FlowRules {

    public static final String STANDARD = "standard";

    private static final List<String> ORDER = List.of("order");
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Flows.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration activeRecheck;
    private final Rollouts rollouts;
    private final Map<String, FlowDefinition> definitions = new ConcurrentHashMap<>();
    private final Map<TenantId, ActiveFlows> active = new ConcurrentHashMap<>();

    Flows(
            JdbcClient jdbc,
            JsonMapper json,
            Clock clock,
            @Value("${fulcrum.flows.active-recheck:PT2S}") Duration activeRecheck,
            Rollouts rollouts) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.activeRecheck = activeRecheck;
        this.rollouts = rollouts;
    }

    /** The active version of the standard flow for the current tenant, installing version 1 if there is none. */
    @Transactional
    public FlowRef activeStandardFlow() {
        return activeFlows().standard();
    }

    /**
     * The order as it starts under its flow: the first active flow other than the standard one whose selector matches
     * the order (highest priority first, then by name), else the standard flow; then the flow's first matching start
     * entry sets the state and applies its effects.
     *
     * @param placed a new order under the standard flow, as its channel sent it
     */
    @Transactional
    public Order start(Order placed) {
        ActiveFlows flows = activeFlows();
        TenantId tenant = RequestContext.require().tenantId();
        if (!flows.selective().isEmpty()) {
            Map<String, Object> variables = Map.of("order", celView(placed));
            for (Selective active : flows.selective()) {
                Selective candidate = seenBy(tenant, active, placed);
                if (candidate != null && selects(candidate, variables)) {
                    return startIn(placed, candidate.ref(), candidate.definition());
                }
            }
        }
        FlowRef standardRef = placed.flow();
        int version = rollouts.versionFor(tenant, "flow", STANDARD, placed.id(), standardRef.version());
        Order onVersion = placed;
        if (version != standardRef.version() && version > 0) {
            standardRef = new FlowRef(STANDARD, version);
            onVersion = placed.toBuilder().flow(standardRef).build();
        }
        FlowDefinition standard = definition(standardRef);
        return standard.startOrEmpty().isEmpty() ? onVersion : startIn(onVersion, standardRef, standard);
    }

    /**
     * The version of an active selective flow a new order sees: the active one, or the canary version of a running
     * rollout when the order falls in its share (null when that version has no selector: it selects nothing).
     */
    private @Nullable Selective seenBy(TenantId tenant, Selective active, Order placed) {
        int version = rollouts.versionFor(
                tenant, "flow", active.ref().name(), placed.id(), active.ref().version());
        if (version == active.ref().version()) {
            return active;
        }
        FlowRef ref = new FlowRef(active.ref().name(), version);
        FlowDefinition definition = definition(ref);
        String selector = definition.selector();
        return selector == null ? null : new Selective(ref, definition, selector);
    }

    /** Whether the flow's selector matches; one that fails on this order (a missing attribute) does not match it. */
    private static boolean selects(Selective candidate, Map<String, Object> variables) {
        try {
            return Expressions.condition(candidate.selector(), ORDER).test(variables);
        } catch (Expressions.InvalidExpression failed) {
            log.debug("selector of flow {} does not apply: {}", candidate.ref().name(), failed.getMessage());
            return false;
        }
    }

    /** The order placed under {@code ref}: its first matching start entry's effects and state applied. */
    static Order startIn(Order placed, FlowRef ref, FlowDefinition definition) {
        Order order = placed.toBuilder().flow(ref).build();
        for (FlowDefinition.Start entry : definition.startOrEmpty()) {
            String when = entry.when();
            if (when == null || holds(when, order)) {
                Order started = applyEffects(order, entry.effectsOrEmpty());
                return enter(started, definition, entry.state());
            }
        }
        return order;
    }

    /** Stores a new version of a flow and makes it the active one; orders placed before keep their version. */
    @Transactional
    public FlowRef publish(FlowDefinition definition) {
        return publish(definition, true);
    }

    /**
     * Stores a new version of a flow; when {@code activate}, makes it the active one (orders placed before keep their
     * version), else leaves it a draft to roll out ({@code POST .../versions/{v}/rollout}) or activate later.
     */
    @Transactional
    public FlowRef publish(FlowDefinition definition, boolean activate) {
        validate(definition);
        TenantId tenant = RequestContext.require().tenantId();
        String actor = RequestContext.require().actor();
        // A draft of the standard flow on a new tenant comes after the installed version 1, which stays active.
        if (!definition.name().equals(STANDARD) || !activate) {
            activeStandardFlow();
        }
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from flows where tenant_id = ? and name = ?")
                .params(tenant.value(), definition.name())
                .query(Integer.class)
                .single();
        if (activate) {
            jdbc.sql("update flows set active = false where tenant_id = ? and name = ?")
                    .params(tenant.value(), definition.name())
                    .update();
        }
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into flows (tenant_id, name, version, definition, active, created_at, created_by, activated_at,
                                   activated_by)
                values (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)""")
                .params(
                        tenant.value(),
                        definition.name(),
                        version,
                        json.writeValueAsString(definition),
                        activate,
                        now,
                        actor,
                        activate ? now : null,
                        activate ? actor : null)
                .update();
        // Other instances see the new version within the recheck bound; this one at once.
        active.remove(tenant);
        return new FlowRef(definition.name(), version);
    }

    /**
     * Makes a stored version of the flow its only active one, re-activating a version that was active before too;
     * orders placed before keep their version. Does not end a running rollout (see {@link #activateInFull}).
     *
     * @throws ApiProblem 404 when the flow has no such version
     */
    @Transactional
    public FlowRef activate(String name, int version) {
        TenantId tenant = RequestContext.require().tenantId();
        if (!exists(name, version)) {
            throw ApiProblem.notFound("flow " + name + " has no version " + version);
        }
        if (!name.equals(STANDARD)) {
            activeStandardFlow();
        }
        jdbc.sql("update flows set active = false where tenant_id = ? and name = ? and active and version <> ?")
                .params(tenant.value(), name, version)
                .update();
        jdbc.sql("""
                update flows set active = true, activated_at = ?, activated_by = ?
                where tenant_id = ? and name = ? and version = ? and not active""")
                .params(
                        Timestamp.from(clock.instant()),
                        RequestContext.require().actor(),
                        tenant.value(),
                        name,
                        version)
                .update();
        active.remove(tenant);
        return new FlowRef(name, version);
    }

    /** Activates the version and completes a rollout of the flow that runs: every new order sees the version. */
    @Transactional
    public FlowRef activateInFull(String name, int version) {
        FlowRef activated = activate(name, version);
        rollouts.finish(RequestContext.require().tenantId(), "flow", name);
        return activated;
    }

    /** Whether the current tenant's flow has this version. */
    @Transactional(readOnly = true)
    public boolean exists(String name, int version) {
        return jdbc.sql("select 1 from flows where tenant_id = ? and name = ? and version = ?")
                .params(RequestContext.require().tenantId().value(), name, version)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** The active version of the current tenant's flow, read now; empty when none is active. */
    @Transactional
    public OptionalInt activeVersion(String name) {
        if (name.equals(STANDARD)) {
            return OptionalInt.of(activeStandardFlow().version());
        }
        return jdbc.sql("select version from flows where tenant_id = ? and name = ? and active")
                .params(RequestContext.require().tenantId().value(), name)
                .query(Integer.class)
                .optional()
                .map(OptionalInt::of)
                .orElse(OptionalInt.empty());
    }

    /** The highest version below {@code activeVersion} that was active once: what a rollback re-activates. */
    @Transactional(readOnly = true)
    public OptionalInt previousVersion(String name, int activeVersion) {
        return jdbc.sql("""
                        select max(version) from flows
                        where tenant_id = ? and name = ? and version < ? and activated_at is not null""")
                .params(RequestContext.require().tenantId().value(), name, activeVersion)
                .query((rs, row) -> rs.getObject(1) == null ? OptionalInt.empty() : OptionalInt.of(rs.getInt(1)))
                .single();
    }

    /** Every version of the current tenant's flow with who made and activated it and when, oldest first. */
    @Transactional(readOnly = true)
    public List<FlowVersion> versions(String name) {
        return jdbc.sql("select * from flows where tenant_id = ? and name = ? order by version")
                .params(RequestContext.require().tenantId().value(), name)
                .query((rs, row) -> new FlowVersion(
                        rs.getString("name"),
                        rs.getInt("version"),
                        rs.getBoolean("active"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by"),
                        rs.getTimestamp("activated_at") == null
                                ? null
                                : rs.getTimestamp("activated_at").toInstant(),
                        rs.getString("activated_by"),
                        json.readValue(rs.getString("definition"), FlowDefinition.class)))
                .list();
    }

    /**
     * Stops a flow other than the standard one from applying to new orders; orders already on it keep it.
     *
     * @throws ApiProblem 404 when no version of the flow is active, 409 for the standard flow
     */
    @Transactional
    public void deactivate(String name) {
        if (name.equals(STANDARD)) {
            throw ApiProblem.conflict("standard-flow", "the standard flow cannot be deactivated");
        }
        TenantId tenant = RequestContext.require().tenantId();
        int changed = jdbc.sql("update flows set active = false where tenant_id = ? and name = ? and active")
                .params(tenant.value(), name)
                .update();
        if (changed == 0) {
            throw ApiProblem.notFound("no version of flow " + name + " is active");
        }
        active.remove(tenant);
    }

    /** Every stored version of the current tenant's flows. */
    @Transactional(readOnly = true)
    public List<StoredFlow> list() {
        return jdbc.sql(
                        "select name, version, active, definition from flows where tenant_id = ? order by name, version")
                .params(RequestContext.require().tenantId().value())
                .query((rs, row) -> new StoredFlow(
                        new FlowRef(rs.getString("name"), rs.getInt("version")),
                        rs.getBoolean("active"),
                        json.readValue(rs.getString("definition"), FlowDefinition.class)))
                .list();
    }

    /**
     * Whether the flow of the order allows the action in its current state with every guard holding; when it does,
     * the next state and what the flow does to the changed order (its effects, then the state and the status of that
     * state).
     */
    @Override
    public FlowRules.Step step(Order order, String action) {
        return step(definition(order.flow()), order, action);
    }

    /** The answer of one flow definition, without storage: what {@link #step(Order, String)} answers once loaded. */
    public static FlowRules.Step step(FlowDefinition flow, Order order, String action) {
        String state = stateOf(order);
        String version = " (flow " + order.flow().name() + " v" + order.flow().version() + ")";
        Optional<FlowDefinition.Transition> found = flow.transitions().stream()
                .filter(candidate ->
                        candidate.action().equals(action) && candidate.from().contains(state))
                .findFirst();
        if (found.isEmpty()) {
            return new FlowRules.Forbidden(
                    "cannot " + action + " an order that is " + state.replace('_', ' ') + version);
        }
        FlowDefinition.Transition transition = found.get();
        Map<String, Object> variables = Map.of("order", celView(order));
        for (FlowDefinition.Guard guard : transition.guardsOrEmpty()) {
            boolean holds;
            try {
                holds = Expressions.condition(guard.when(), ORDER).test(variables);
            } catch (Expressions.InvalidExpression failed) {
                // A guard that cannot be evaluated on this order (a missing attribute) does not hold.
                holds = false;
            }
            if (!holds) {
                return new FlowRules.Forbidden("cannot " + action + ": " + guard.otherwise() + version);
            }
        }
        String target = transition.to();
        String nextState = target == null
                ? order.flow().state()
                : FlowDefinition.State.canonical(target).isPresent() ? null : target;
        return new FlowRules.Allowed(nextState, changed -> afterTransition(flow, transition, changed));
    }

    /**
     * The order after a transition: the transition's effects applied to the changed order, then the order in the
     * state the transition leads to, its status the canonical status of that state.
     *
     * @param changed the order after the transition's built-in change (or as it was, for an action of the flow's own)
     */
    static Order afterTransition(FlowDefinition flow, FlowDefinition.Transition transition, Order changed) {
        Order effected = applyEffects(changed, transition.effectsOrEmpty());
        String target = transition.to();
        String current = changed.flow().state();
        if (target == null) {
            if (current == null) {
                return effected;
            }
            // An order stays in its state, unless the change cancelled it: then it is cancelled, whatever its state.
            boolean cancelled = Order.statusOf(effected.lines(), effected.payment()) == OrderStatus.CANCELLED;
            return enter(effected, flow, cancelled ? OrderStatus.CANCELLED.wireName() : current);
        }
        return enter(effected, flow, target);
    }

    /** The order in {@code state}: a state of the flow's own sets the status to its code; a status follows the ledger. */
    private static Order enter(Order order, FlowDefinition flow, String stateName) {
        FlowDefinition.State state = flow.state(stateName)
                .orElseThrow(() -> new IllegalStateException("flow " + flow.name() + " has no state " + stateName));
        OrderStatus derived = Order.statusOf(order.lines(), order.payment());
        if (state.followsLedger()) {
            return order.toBuilder()
                    .flow(order.flow().inState(null))
                    .status(derived)
                    .build();
        }
        return order.toBuilder()
                .flow(order.flow().inState(state.name()))
                .status(statusOfCode(state.statusCode(), derived))
                .build();
    }

    /** The status an order shows in a state of the flow's own: the ledger's when it has that code, else the first. */
    static OrderStatus statusOfCode(int code, OrderStatus derived) {
        if (derived.code() == code) {
            return derived;
        }
        for (OrderStatus status : OrderStatus.values()) {
            if (status.code() == code) {
                return status;
            }
        }
        throw new IllegalArgumentException("no order status has code " + code);
    }

    /** The flow state of the order: the state of the flow's own it is in, else its status. */
    public static String stateOf(Order order) {
        String state = order.flow().state();
        return state != null ? state : order.status().wireName();
    }

    private static Order applyEffects(Order order, List<FlowDefinition.Effect> effects) {
        Order current = order;
        for (FlowDefinition.Effect effect : effects) {
            String when = effect.when();
            if (when != null && !holds(when, current)) {
                continue;
            }
            current = applyEffect(current, effect);
        }
        return current;
    }

    /**
     * One effect. Pure: holds it sets are by {@code flow:<name>} at the order's {@code updatedAt} (the time of the
     * change), so that the order can apply its flow without side effects.
     */
    private static Order applyEffect(Order order, FlowDefinition.Effect effect) {
        String value = effect.value();
        String name = effect.name();
        switch (effect.type()) {
            case "addTag" -> {
                if (value != null && !order.tags().contains(value)) {
                    List<String> tags = new ArrayList<>(order.tags());
                    tags.add(value);
                    return order.toBuilder().tags(List.copyOf(tags)).build();
                }
            }
            case "removeTag" -> {
                if (value != null && order.tags().contains(value)) {
                    return order.toBuilder()
                            .tags(order.tags().stream()
                                    .filter(tag -> !tag.equals(value))
                                    .toList())
                            .build();
                }
            }
            case "hold" -> {
                if (name != null
                        && order.holds().stream().noneMatch(hold -> hold.type().equals(name))) {
                    List<Hold> holds = new ArrayList<>(order.holds());
                    String reason = effect.reason() == null
                            ? "held by flow " + order.flow().name()
                            : effect.reason();
                    holds.add(new Hold(name, reason, "flow:" + order.flow().name(), order.updatedAt()));
                    return order.toBuilder().holds(List.copyOf(holds)).build();
                }
            }
            case "release" -> {
                if (name != null) {
                    return order.toBuilder()
                            .holds(order.holds().stream()
                                    .filter(hold -> !hold.type().equals(name))
                                    .toList())
                            .build();
                }
            }
            case "setAttribute" -> {
                String expression = effect.expression();
                if (name != null && expression != null) {
                    Object computed;
                    try {
                        computed = Expressions.value(expression, Map.of("order", celView(order)));
                    } catch (Expressions.InvalidExpression failed) {
                        throw ApiProblem.conflict(
                                "flow-effect-failed",
                                "setAttribute " + name + " of flow "
                                        + order.flow().name() + " failed: " + failed.getMessage());
                    }
                    Map<String, Object> attributes = new LinkedHashMap<>(order.attributes());
                    attributes.put(name, plain(computed));
                    return order.toBuilder().attributes(attributes).build();
                }
            }
            case "removeAttribute" -> {
                if (name != null && order.attributes().containsKey(name)) {
                    Map<String, Object> attributes = new LinkedHashMap<>(order.attributes());
                    attributes.remove(name);
                    return order.toBuilder().attributes(attributes).build();
                }
            }
            default -> throw new IllegalStateException("unknown flow effect " + effect.type());
        }
        return order;
    }

    /** Whether a condition of the flow holds on the order; one that cannot be evaluated on it does not. */
    private static boolean holds(String condition, Order order) {
        try {
            return Expressions.condition(condition, ORDER).test(Map.of("order", celView(order)));
        } catch (Expressions.InvalidExpression failed) {
            return false;
        }
    }

    /** A CEL result as JSON holds it: strings, booleans, numbers, lists and maps as they are, anything else as text. */
    private static Object plain(Object value) {
        return switch (value) {
            case String text -> text;
            case Boolean flag -> flag;
            case Long number -> number;
            case Double number -> number;
            case List<?> list -> list.stream().map(Flows::plain).toList();
            case Map<?, ?> map -> {
                Map<String, Object> converted = new LinkedHashMap<>();
                map.forEach((key, entry) -> converted.put(String.valueOf(key), plain(entry)));
                yield converted;
            }
            default -> value.toString();
        };
    }

    /** The definition of a flow version; cached by (tenant, name, version), which never changes once stored. */
    FlowDefinition definition(FlowRef ref) {
        TenantId tenant = RequestContext.require().tenantId();
        return definitions.computeIfAbsent(
                tenant + "/" + ref.name() + "/" + ref.version(),
                key -> jdbc.sql("select definition from flows where tenant_id = ? and name = ? and version = ?")
                        .params(tenant.value(), ref.name(), ref.version())
                        .query((rs, row) -> json.readValue(rs.getString("definition"), FlowDefinition.class))
                        .single());
    }

    /**
     * The tenant's active flow versions: from the cache while it was checked within the recheck bound, else read again
     * (names and versions only; definitions come from their own cache). Installs the standard flow on first use.
     */
    private ActiveFlows activeFlows() {
        TenantId tenant = RequestContext.require().tenantId();
        Instant now = clock.instant();
        ActiveFlows cached = active.get(tenant);
        if (cached != null && !now.isAfter(cached.checkedAt().plus(activeRecheck))) {
            return cached;
        }
        List<FlowRef> refs = activeRefs(tenant);
        if (refs.stream().noneMatch(ref -> ref.name().equals(STANDARD))) {
            installStandard(tenant);
            refs = activeRefs(tenant);
        }
        ActiveFlows fresh = cached != null && cached.refs().equals(refs)
                ? new ActiveFlows(refs, cached.standard(), cached.selective(), now)
                : resolve(refs, now);
        active.put(tenant, fresh);
        return fresh;
    }

    private ActiveFlows resolve(List<FlowRef> refs, Instant now) {
        FlowRef standard = refs.stream()
                .filter(ref -> ref.name().equals(STANDARD))
                .findFirst()
                .orElseThrow();
        List<Selective> selective = new ArrayList<>();
        for (FlowRef ref : refs) {
            FlowDefinition definition = definition(ref);
            String selector = definition.selector();
            if (!ref.name().equals(STANDARD) && selector != null) {
                selective.add(new Selective(ref, definition, selector));
            }
        }
        selective.sort(
                Comparator.comparingInt((Selective one) -> -one.definition().priorityOrZero())
                        .thenComparing(one -> one.ref().name()));
        return new ActiveFlows(refs, standard, List.copyOf(selective), now);
    }

    private List<FlowRef> activeRefs(TenantId tenant) {
        return jdbc.sql("select name, version from flows where tenant_id = ? and active order by name")
                .params(tenant.value())
                .query((rs, row) -> new FlowRef(rs.getString("name"), rs.getInt("version")))
                .list();
    }

    private void installStandard(TenantId tenant) {
        jdbc.sql("""
                insert into flows (tenant_id, name, version, definition, active, created_at, created_by,
                                   activated_at, activated_by)
                values (?, ?, 1, ?::jsonb, true, ?, 'system', ?, 'system') on conflict do nothing""")
                .params(
                        tenant.value(),
                        STANDARD,
                        json.writeValueAsString(shipped(STANDARD)),
                        Timestamp.from(clock.instant()),
                        Timestamp.from(clock.instant()))
                .update();
    }

    /**
     * A flow shipped with Fulcrum in {@code flows/<name>.json}: {@code standard}, and the examples {@code presale}
     * and {@code b2b}.
     *
     * @throws ApiProblem 404 when no flow of that name is shipped
     */
    public FlowDefinition shipped(String name) {
        if (!name.matches("[a-z0-9_-]+")) {
            throw ApiProblem.notFound("no flow named " + name + " is shipped");
        }
        ClassPathResource resource = new ClassPathResource("flows/" + name + ".json");
        if (!resource.exists()) {
            throw ApiProblem.notFound("no flow named " + name + " is shipped");
        }
        try (InputStream in = resource.getInputStream()) {
            return json.readValue(in, FlowDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks a definition before it is stored: every state, transition, guard, selector, start entry, effect and
     * deadline must make sense, so that an order never meets a flow it cannot run.
     *
     * @throws ApiProblem 400 naming the field and the reason
     */
    static void validate(FlowDefinition definition) {
        if (!definition.name().matches("[a-z0-9_-]{1,64}")) {
            throw ApiProblem.invalid("name", "must be 1 to 64 of a-z, 0-9, _ and -");
        }
        Set<String> declared = new HashSet<>();
        for (int i = 0; i < definition.states().size(); i++) {
            FlowDefinition.State state = definition.states().get(i);
            String field = "states[" + i + "]";
            if (!declared.add(state.name())) {
                throw ApiProblem.invalid(field + ".name", "'" + state.name() + "' is declared twice");
            }
            Optional<FlowDefinition.State> canonical = FlowDefinition.State.canonical(state.name());
            if (canonical.isPresent() && canonical.get().statusCode() != state.statusCode()) {
                throw ApiProblem.invalid(
                        field + ".statusCode",
                        "'" + state.name() + "' is an order status with code "
                                + canonical.get().statusCode());
            }
            if (canonical.isEmpty()) {
                if (state.statusCode() == -1) {
                    throw ApiProblem.invalid(
                            field + ".name",
                            "'" + state.name() + "' is not an order status " + statusNames()
                                    + "; a state of the flow's own is an object with a name and a statusCode 0 to 4");
                }
                if (!state.name().matches("[a-z][a-z0-9_]{0,63}")) {
                    throw ApiProblem.invalid(
                            field + ".name",
                            "'" + state.name() + "' must be 1 to 64 of a-z, 0-9 and _, starting with a letter");
                }
                if (state.statusCode() < 0 || state.statusCode() > 4) {
                    throw ApiProblem.invalid(
                            field + ".statusCode", "must be a canonical status code 0 to 4 (see the data contract)");
                }
            }
        }
        for (int i = 0; i < definition.states().size(); i++) {
            FlowDefinition.State state = definition.states().get(i);
            for (int d = 0; d < state.deadlinesOrEmpty().size(); d++) {
                FlowDefinition.Deadline deadline = state.deadlinesOrEmpty().get(d);
                String field = "states[" + i + "].deadlines[" + d + "]";
                try {
                    if (Duration.parse(deadline.after()).isNegative()) {
                        throw ApiProblem.invalid(field + ".after", "must not be negative");
                    }
                } catch (DateTimeParseException unreadable) {
                    throw ApiProblem.invalid(field + ".after", "must be an ISO-8601 duration such as P14D or PT2H");
                }
                boolean runnable = definition.transitions().stream()
                        .anyMatch(transition -> transition.action().equals(deadline.action())
                                && transition.from().contains(state.name()));
                if (!runnable) {
                    throw ApiProblem.invalid(
                            field + ".action",
                            "no transition '" + deadline.action() + "' leaves state '" + state.name() + "'");
                }
            }
        }
        checkCondition(definition.selector(), "selector");
        if (definition.selector() != null && definition.name().equals(STANDARD)) {
            throw ApiProblem.invalid("selector", "the standard flow applies to every order no other flow selects");
        }
        for (int i = 0; i < definition.startOrEmpty().size(); i++) {
            FlowDefinition.Start start = definition.startOrEmpty().get(i);
            String field = "start[" + i + "]";
            requireState(definition, declared, start.state(), field + ".state");
            checkCondition(start.when(), field + ".when");
            checkEffects(start.effectsOrEmpty(), field + ".effects");
        }
        for (int i = 0; i < definition.transitions().size(); i++) {
            FlowDefinition.Transition transition = definition.transitions().get(i);
            String field = "transitions[" + i + "]";
            if (!transition.action().matches("[a-z][a-z0-9_]{0,63}")) {
                throw ApiProblem.invalid(
                        field + ".action", "must be 1 to 64 of a-z, 0-9 and _, starting with a letter");
            }
            for (String from : transition.from()) {
                requireState(definition, declared, from, field + ".from");
            }
            String to = transition.to();
            if (to != null) {
                requireState(definition, declared, to, field + ".to");
            }
            String performs = transition.performs();
            if (performs != null) {
                if (!FlowDefinition.BUILT_IN_ACTIONS.contains(performs)) {
                    throw ApiProblem.invalid(field + ".performs", "must be one of " + FlowDefinition.BUILT_IN_ACTIONS);
                }
                if (FlowDefinition.BUILT_IN_ACTIONS.contains(transition.action())
                        && !performs.equals(transition.action())) {
                    throw ApiProblem.invalid(
                            field + ".performs", "the built-in action " + transition.action() + " performs itself");
                }
            }
            Optional<String> builtIn = transition.builtIn();
            boolean consistent = definition.transitions().stream()
                    .filter(other -> other.action().equals(transition.action()))
                    .allMatch(other -> other.builtIn().equals(builtIn));
            if (!consistent) {
                throw ApiProblem.invalid(
                        field + ".performs",
                        "every transition of action " + transition.action() + " performs the same");
            }
            for (int g = 0; g < transition.guardsOrEmpty().size(); g++) {
                checkCondition(transition.guardsOrEmpty().get(g).when(), field + ".guards[" + g + "].when");
            }
            checkEffects(transition.effectsOrEmpty(), field + ".effects");
        }
    }

    private static void requireState(FlowDefinition definition, Set<String> declared, String state, String field) {
        if (!declared.contains(state) && FlowDefinition.State.canonical(state).isEmpty()) {
            throw ApiProblem.invalid(
                    field,
                    "'" + state + "' is neither an order status " + statusNames() + " nor a state of flow "
                            + definition.name() + " " + declared);
        }
    }

    private static void checkEffects(List<FlowDefinition.Effect> effects, String field) {
        for (int e = 0; e < effects.size(); e++) {
            FlowDefinition.Effect effect = effects.get(e);
            String at = field + "[" + e + "]";
            if (!FlowDefinition.Effect.TYPES.contains(effect.type())) {
                throw ApiProblem.invalid(at + ".type", "must be one of " + FlowDefinition.Effect.TYPES);
            }
            boolean complete = switch (effect.type()) {
                case "addTag", "removeTag" -> effect.value() != null;
                case "setAttribute" -> effect.name() != null && effect.expression() != null;
                default -> effect.name() != null;
            };
            if (!complete) {
                throw ApiProblem.invalid(
                        at,
                        switch (effect.type()) {
                            case "addTag", "removeTag" -> "value (the tag) is required";
                            case "setAttribute" -> "name and expression are required";
                            default -> "name is required";
                        });
            }
            checkCondition(effect.when(), at + ".when");
            String expression = effect.expression();
            if (expression != null) {
                try {
                    Expressions.condition(expression, ORDER);
                } catch (Expressions.InvalidExpression invalid) {
                    throw ApiProblem.invalid(at + ".expression", invalid.getMessage());
                }
            }
        }
    }

    private static void checkCondition(@Nullable String expression, String field) {
        if (expression == null) {
            return;
        }
        try {
            Expressions.condition(expression, ORDER);
        } catch (Expressions.InvalidExpression invalid) {
            throw ApiProblem.invalid(field, invalid.getMessage());
        }
    }

    private static List<String> statusNames() {
        return java.util.Arrays.stream(OrderStatus.values())
                .map(OrderStatus::wireName)
                .toList();
    }

    /** The order as CEL sees it (flow guards, selectors, sourcing conditions): maps, lists, strings, int64, doubles. */
    public static Map<String, Object> celView(Order order) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", order.id().toString());
        view.put("channel", order.channel());
        view.put("externalId", order.externalId());
        view.put("currency", order.currency());
        view.put("status", order.status().wireName());
        view.put("statusCode", (long) order.statusCode());
        view.put("state", stateOf(order));
        view.put("flow", order.flow().name());
        view.put("total", order.total().amount().doubleValue());
        view.put("totalText", order.total().toPlainString());
        view.put("tags", order.tags());
        view.put("holds", order.holds().stream().map(Hold::type).toList());
        Payment payment = order.payment();
        view.put("paid", payment != null && payment.isCaptured());
        BigDecimal paidAmount = payment == null || payment.amount() == null
                ? null
                : payment.amount().amount();
        view.put(
                "payment",
                Map.of(
                        "status",
                        payment == null ? "" : payment.status(),
                        "method",
                        payment == null ? "" : nullToEmpty(payment.method()),
                        "amount",
                        paidAmount == null ? 0.0 : paidAmount.doubleValue(),
                        "amountText",
                        paidAmount == null ? "" : paidAmount.toPlainString()));
        view.put("attributes", celValue(order.attributes()));
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", nullToEmpty(order.customer().id()));
        customer.put("name", order.customer().name());
        customer.put("email", nullToEmpty(order.customer().email()));
        view.put("customer", customer);
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("country", order.shippingAddress().country());
        address.put("region", nullToEmpty(order.shippingAddress().region()));
        address.put("city", order.shippingAddress().city());
        address.put("postalCode", nullToEmpty(order.shippingAddress().postalCode()));
        view.put("shippingAddress", address);
        view.put(
                "quantities",
                Map.of(
                        "ordered", (long) order.totalQuantity(LineQuantities::ordered),
                        "allocated", (long) order.totalQuantity(LineQuantities::allocated),
                        "shipped", (long) order.totalQuantity(LineQuantities::shipped),
                        "delivered", (long) order.totalQuantity(LineQuantities::delivered),
                        "cancelled", (long) order.totalQuantity(LineQuantities::cancelled),
                        "open", (long) order.totalQuantity(LineQuantities::open)));
        view.put(
                "lines",
                order.lines().stream()
                        .map(line -> Map.of("sku", line.sku(), "quantity", (long) line.quantity()))
                        .toList());
        return view;
    }

    /** A JSON value as CEL wants it: whole numbers as int64, other numbers as double, maps and lists deeply. */
    private static Object celValue(@Nullable Object value) {
        return switch (value) {
            case null -> "";
            case Integer number -> number.longValue();
            case Long number -> number;
            case Short number -> number.longValue();
            case BigDecimal number ->
                number.stripTrailingZeros().scale() <= 0 ? (Object) number.longValue() : number.doubleValue();
            case Number number -> number.doubleValue();
            case Map<?, ?> map -> {
                Map<String, Object> converted = new LinkedHashMap<>();
                map.forEach((key, entry) -> converted.put(String.valueOf(key), celValue(entry)));
                yield converted;
            }
            case List<?> list -> list.stream().map(Flows::celValue).toList();
            default -> value;
        };
    }

    private static String nullToEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }

    /**
     * A flow version with its history: who stored it and when, and when and by whom it was last activated (null:
     * never, or before this was recorded).
     */
    public record FlowVersion(
            String name,
            int version,
            boolean active,
            Instant createdAt,
            @Nullable String createdBy,
            @Nullable Instant activatedAt,
            @Nullable String activatedBy,
            FlowDefinition definition) {}

    /** A stored flow version. */
    public record StoredFlow(FlowRef ref, boolean active, FlowDefinition definition) {}

    /** The active versions of one tenant's flows as last checked. */
    private record ActiveFlows(List<FlowRef> refs, FlowRef standard, List<Selective> selective, Instant checkedAt) {}

    /** An active flow that applies to the orders its selector matches. */
    private record Selective(FlowRef ref, FlowDefinition definition, String selector) {}
}

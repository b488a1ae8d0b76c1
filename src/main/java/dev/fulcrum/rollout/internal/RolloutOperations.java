package dev.fulcrum.rollout.internal;

import dev.fulcrum.rollout.GuardMetric;
import dev.fulcrum.rollout.PreviousVersions;
import dev.fulcrum.rollout.RolledBack;
import dev.fulcrum.rollout.RolloutManagement;
import dev.fulcrum.rollout.RolloutSubject;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts canaries, evaluates their guards, rolls back (automatically on a breach, or by hand) and reads the rollouts
 * of a subject with their guard series. Every change happens in a transaction of the current tenant; a roll-back
 * publishes {@link RolledBack} in it.
 */
@Service
public class RolloutOperations implements RolloutManagement {

    /** The metric of {@link RolloutSubject#actionFailures}: failed actions of the canary version against the active. */
    public static final String ACTION_FAILURES = "action-failures";

    private static final int POINTS = 500;
    private static final int HISTORY = 100;

    private final JdbcClient jdbc;
    private final CanaryRollouts canaries;
    private final ObjectProvider<RolloutSubject> subjects;
    private final ObjectProvider<GuardMetric> metrics;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final Clock clock;
    private final int defaultMinOrders;

    RolloutOperations(
            JdbcClient jdbc,
            CanaryRollouts canaries,
            ObjectProvider<RolloutSubject> subjects,
            ObjectProvider<GuardMetric> metrics,
            ApplicationEventPublisher events,
            JsonMapper json,
            Clock clock,
            @Value("${fulcrum.rollouts.min-orders:20}") int defaultMinOrders) {
        this.jdbc = jdbc;
        this.canaries = canaries;
        this.subjects = subjects;
        this.metrics = metrics;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.defaultMinOrders = defaultMinOrders;
    }

    @Override
    public List<String> metricNames() {
        TreeSet<String> names = new TreeSet<>();
        metrics.orderedStream().forEach(metric -> names.add(metric.name()));
        names.add(ACTION_FAILURES);
        return List.copyOf(names);
    }

    @Override
    public int defaultMinOrders() {
        return defaultMinOrders;
    }

    @Override
    @Transactional
    public Rollout start(String kind, String name, int version, int percent, @Nullable Guard guard) {
        checkShareAndGuard(percent, guard);
        RolloutSubject subject = subject(kind);
        TenantId tenant = tenant();
        if (!subject.exists(tenant, name, version)) {
            throw ApiProblem.notFound(kind + " " + name + " has no version " + version);
        }
        int active = subject.activeVersion(tenant, name).orElse(0);
        if (active == version) {
            throw ApiProblem.conflict(
                    "rollout-version-active", "version " + version + " of " + kind + " " + name + " is already active");
        }
        Instant now = clock.instant();
        String actor = actor();
        jdbc.sql("""
                update rollouts set ended_at = ?, ended_by = ?, outcome = 'superseded'
                where tenant_id = ? and kind = ? and name = ? and ended_at is null""")
                .params(Timestamp.from(now), actor, tenant.value(), kind, name)
                .update();
        UUID id = Ids.timeOrdered();
        jdbc.sql("""
                insert into rollouts (tenant_id, id, kind, name, version, previous_version, percent, guard,
                                      started_at, started_by, guard_due_at)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""")
                .params(
                        tenant.value(),
                        id,
                        kind,
                        name,
                        version,
                        active,
                        percent,
                        guard == null ? null : json.writeValueAsString(guardJson(guard)),
                        Timestamp.from(now),
                        actor,
                        Timestamp.from(now))
                .update();
        canaries.evict(tenant);
        return get(id);
    }

    @Override
    @Transactional
    public Rollout rollback(String kind, String name, @Nullable String reason) {
        RolloutSubject subject = subject(kind);
        TenantId tenant = tenant();
        String because = reason == null || reason.isBlank() ? "rolled back by hand" : reason;
        Optional<Rollout> running = runningOf(kind, name);
        if (running.isPresent()) {
            return end(running.get(), subject, false, actor(), because, null);
        }
        int active = subject.activeVersion(tenant, name)
                .orElseThrow(() -> ApiProblem.conflict(
                        "nothing-to-roll-back", "no version of " + kind + " " + name + " is active"));
        int previous = previousVersion(subject, tenant, name, active)
                .orElseThrow(() -> ApiProblem.conflict(
                        "nothing-to-roll-back",
                        kind + " " + name + " has no version before " + active + " to roll back to"));
        String actor = actor();
        subject.activate(tenant, name, previous, actor);
        Instant now = clock.instant();
        UUID id = Ids.timeOrdered();
        jdbc.sql("""
                insert into rollouts (tenant_id, id, kind, name, version, previous_version, percent, started_at,
                                      started_by, ended_at, ended_by, outcome)
                values (?, ?, ?, ?, ?, ?, 100, ?, ?, ?, ?, 'rolled-back-by-hand')""")
                .params(
                        tenant.value(),
                        id,
                        kind,
                        name,
                        active,
                        previous,
                        Timestamp.from(now),
                        actor,
                        Timestamp.from(now),
                        actor)
                .update();
        canaries.evict(tenant);
        events.publishEvent(new RolledBack(id, kind, name, active, previous, false, actor, because, null, now));
        return get(id);
    }

    /**
     * Evaluates the guard of a running rollout of the current tenant once: records the point and, on a breach, rolls
     * the canary back. The rule: {@code canary − rest > max}, with at least {@code minOrders} orders in the canary
     * share ({@code action-failures} counts failures, so it needs no orders), over the orders placed since the later
     * of the rollout's start and {@code now − window}.
     *
     * @return whether the rollout was rolled back
     */
    @Transactional
    public boolean evaluate(UUID id) {
        Rollout rollout = get(id);
        Guard guard = rollout.guard();
        if (rollout.endedAt() != null || guard == null) {
            return false;
        }
        TenantId tenant = tenant();
        Instant now = clock.instant();
        Instant windowStart = now.minus(guard.window());
        Instant since = windowStart.isAfter(rollout.startedAt()) ? windowStart : rollout.startedAt();
        Optional<GuardMetric.Sample> canary;
        Optional<GuardMetric.Sample> rest;
        boolean countsOrders = !guard.metric().equals(ACTION_FAILURES);
        RolloutSubject subject = subjects.orderedStream()
                .filter(one -> one.kind().equals(rollout.kind()))
                .findFirst()
                .orElse(null);
        if (countsOrders) {
            GuardMetric metric = metrics.orderedStream()
                    .filter(one -> one.name().equals(guard.metric()))
                    .findFirst()
                    .orElse(null);
            if (metric == null) {
                return false;
            }
            canary = metric.sample(tenant, since, rollout.percent(), true);
            rest = metric.sample(tenant, since, rollout.percent(), false);
        } else {
            if (subject == null) {
                return false;
            }
            canary = Optional.of(new GuardMetric.Sample(
                    subject.actionFailures(tenant, rollout.name(), rollout.version(), since), 0));
            rest = Optional.of(new GuardMetric.Sample(
                    subject.actionFailures(tenant, rollout.name(), rollout.previousVersion(), since), 0));
        }
        jdbc.sql("""
                insert into rollout_guard_points (tenant_id, rollout_id, at, canary, rest, canary_orders, rest_orders)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(
                        tenant.value(),
                        id,
                        Timestamp.from(now),
                        canary.map(GuardMetric.Sample::value).orElse(null),
                        rest.map(GuardMetric.Sample::value).orElse(null),
                        canary.map(GuardMetric.Sample::orders).orElse(0L),
                        rest.map(GuardMetric.Sample::orders).orElse(0L))
                .update();
        if (canary.isEmpty()) {
            return false;
        }
        double canaryValue = canary.get().value();
        double restValue = rest.map(GuardMetric.Sample::value).orElse(0.0);
        long canaryOrders = canary.get().orders();
        boolean enough = !countsOrders || canaryOrders >= guard.minOrders();
        if (!enough || canaryValue - restValue <= guard.max()) {
            return false;
        }
        Map<String, Object> breach = new LinkedHashMap<>();
        breach.put("metric", guard.metric());
        breach.put("max", guard.max());
        breach.put("window", guard.window().toString());
        breach.put("canary", canaryValue);
        breach.put("rest", restValue);
        breach.put("canaryOrders", canaryOrders);
        breach.put("restOrders", rest.map(GuardMetric.Sample::orders).orElse(0L));
        breach.put("at", now.toString());
        String reason = String.format(
                java.util.Locale.ROOT,
                "guard breached: %s of the canary %.4f exceeds the rest's %.4f by more than %s",
                guard.metric(),
                canaryValue,
                restValue,
                guard.max());
        end(rollout, subject, true, "system:rollout-guard", reason, breach);
        return true;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Rollout> list(@Nullable String kind, @Nullable String name) {
        StringBuilder sql = new StringBuilder("select * from rollouts where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenant().value()));
        if (kind != null) {
            sql.append(" and kind = ?");
            params.add(kind);
        }
        if (name != null) {
            sql.append(" and name = ?");
            params.add(name);
        }
        sql.append(" order by started_at desc, id desc limit ").append(HISTORY);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> rollout(rs))
                .list();
    }

    /**
     * The HTTP API checks a request's fields before it calls; this check is for every other caller (the console), so
     * that a share or guard out of range is a 400 naming the field, never a constraint violation.
     */
    private void checkShareAndGuard(int percent, @Nullable Guard guard) {
        List<FieldProblem> problems = new ArrayList<>();
        if (percent < 1 || percent > 99) {
            problems.add(new FieldProblem("percent", "must be a whole number between 1 and 99"));
        }
        if (guard != null) {
            List<String> names = metricNames();
            if (!names.contains(guard.metric())) {
                problems.add(new FieldProblem("guard.metric", "must be one of " + names));
            }
            if (!(guard.max() >= 0) || guard.max() > 1_000_000_000) {
                problems.add(new FieldProblem("guard.max", "must be a number between 0 and 1000000000"));
            }
            if (guard.window().compareTo(MIN_WINDOW) < 0 || guard.window().compareTo(MAX_WINDOW) > 0) {
                problems.add(new FieldProblem("guard.window", "must be between PT1M and P7D"));
            }
            if (guard.minOrders() < 1 || guard.minOrders() > 1_000_000) {
                problems.add(new FieldProblem("guard.minOrders", "must be a whole number between 1 and 1000000"));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
    }

    private Rollout end(
            Rollout rollout,
            @Nullable RolloutSubject subject,
            boolean automatic,
            String actor,
            String reason,
            @Nullable Map<String, Object> breach) {
        TenantId tenant = tenant();
        // A canary never changes the active version, so ending it is the rollback. Only when the canary version was
        // made active meanwhile (without completing the rollout) is the previous version activated again; a version
        // someone else activated since is left alone.
        if (subject != null && rollout.previousVersion() > 0) {
            OptionalInt active = subject.activeVersion(tenant, rollout.name());
            if (active.isPresent() && active.getAsInt() == rollout.version()) {
                subject.activate(tenant, rollout.name(), rollout.previousVersion(), actor);
            }
        }
        Instant now = clock.instant();
        jdbc.sql("""
                update rollouts set ended_at = ?, ended_by = ?, outcome = ?, breach = ?::jsonb
                where tenant_id = ? and id = ? and ended_at is null""")
                .params(
                        Timestamp.from(now),
                        actor,
                        automatic ? "rolled-back" : "rolled-back-by-hand",
                        breach == null ? null : json.writeValueAsString(breach),
                        tenant.value(),
                        rollout.id())
                .update();
        canaries.evict(tenant);
        events.publishEvent(new RolledBack(
                rollout.id(),
                rollout.kind(),
                rollout.name(),
                rollout.version(),
                rollout.previousVersion(),
                automatic,
                actor,
                reason,
                breach,
                now));
        return get(rollout.id());
    }

    private static OptionalInt previousVersion(RolloutSubject subject, TenantId tenant, String name, int active) {
        if (subject instanceof PreviousVersions history) {
            return history.previousVersion(tenant, name, active);
        }
        for (int version = active - 1; version >= 1; version--) {
            if (subject.exists(tenant, name, version)) {
                return OptionalInt.of(version);
            }
        }
        return OptionalInt.empty();
    }

    private Optional<Rollout> runningOf(String kind, String name) {
        return jdbc.sql("select * from rollouts where tenant_id = ? and kind = ? and name = ? and ended_at is null")
                .params(tenant().value(), kind, name)
                .query((rs, row) -> rollout(rs))
                .optional();
    }

    private Rollout get(UUID id) {
        return jdbc.sql("select * from rollouts where tenant_id = ? and id = ?")
                .params(tenant().value(), id)
                .query((rs, row) -> rollout(rs))
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("no rollout " + id));
    }

    private RolloutSubject subject(String kind) {
        return subjects.orderedStream()
                .filter(one -> one.kind().equals(kind))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("nothing of kind " + kind + " can be rolled out here"));
    }

    @SuppressWarnings("unchecked") // a JSON object read as a map
    private Rollout rollout(ResultSet rs) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String guardText = rs.getString("guard");
        String breachText = rs.getString("breach");
        Timestamp ended = rs.getTimestamp("ended_at");
        List<Point> points = jdbc.sql("""
                        select * from (select * from rollout_guard_points where tenant_id = ? and rollout_id = ?
                                       order by at desc limit ?) latest order by at""")
                .params(tenant().value(), id, POINTS)
                .query((prs, row) -> new Point(
                        prs.getTimestamp("at").toInstant(),
                        prs.getObject("canary") == null ? null : prs.getDouble("canary"),
                        prs.getObject("rest") == null ? null : prs.getDouble("rest"),
                        prs.getLong("canary_orders"),
                        prs.getLong("rest_orders")))
                .list();
        return new Rollout(
                id,
                rs.getString("kind"),
                rs.getString("name"),
                rs.getInt("version"),
                rs.getInt("previous_version"),
                rs.getInt("percent"),
                guardText == null ? null : guard(json.readValue(guardText, Map.class)),
                ended == null ? "running" : "ended",
                rs.getTimestamp("started_at").toInstant(),
                rs.getString("started_by"),
                ended == null ? null : ended.toInstant(),
                rs.getString("ended_by"),
                rs.getString("outcome"),
                breachText == null ? null : json.readValue(breachText, Map.class),
                Map.of("points", points));
    }

    private static Map<String, Object> guardJson(Guard guard) {
        return Map.of(
                "metric", guard.metric(),
                "max", guard.max(),
                "window", guard.window().toString(),
                "minOrders", guard.minOrders());
    }

    private static Guard guard(Map<?, ?> stored) {
        return new Guard(
                String.valueOf(stored.get("metric")),
                ((Number) java.util.Objects.requireNonNull(stored.get("max"))).doubleValue(),
                Duration.parse(String.valueOf(stored.get("window"))),
                ((Number) java.util.Objects.requireNonNull(stored.get("minOrders"))).intValue());
    }

    private static TenantId tenant() {
        return RequestContext.require().tenantId();
    }

    private static String actor() {
        return RequestContext.require().actor();
    }
}

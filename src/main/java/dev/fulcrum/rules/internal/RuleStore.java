package dev.fulcrum.rules.internal;

import dev.fulcrum.rules.PlannedAction;
import dev.fulcrum.rules.RuleDefinition;
import dev.fulcrum.rules.RuleRun;
import dev.fulcrum.rules.RuleTask;
import dev.fulcrum.rules.RuleVersion;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules' tables: versions, the log cursor, runs (unique per rule version and event), the events runs caused,
 * timers of time rules and tasks. Every statement names the tenant; row-level security backs it.
 */
@Repository
public class RuleStore {

    /** The most rules (names) one tenant may have. */
    public static final int MAX_RULES = 1000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    RuleStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    // ---- versions

    /** Stores the definition as the next version of the rule, a draft. */
    public RuleVersion addDraft(String name, RuleDefinition definition) {
        lock();
        int latest = jdbc.sql("select coalesce(max(version), 0) from rule_versions where tenant_id = ? and name = ?")
                .params(tenant(), name)
                .query(Integer.class)
                .single();
        if (latest == 0) {
            int rules = jdbc.sql("select count(distinct name) from rule_versions where tenant_id = ?")
                    .param(tenant())
                    .query(Integer.class)
                    .single();
            if (rules >= MAX_RULES) {
                throw ApiProblem.invalid("name", "at most " + MAX_RULES + " rules per tenant, got " + (rules + 1));
            }
        }
        Instant now = clock.instant();
        String actor = RequestContext.require().actor();
        int version = latest + 1;
        jdbc.sql("""
                insert into rule_versions (tenant_id, name, version, status, definition, trigger_type, created_at,
                    created_by)
                values (?, ?, ?, 'draft', ?::jsonb, ?, ?, ?)""")
                .params(
                        tenant(),
                        name,
                        version,
                        json.writeValueAsString(definition),
                        definition.trigger().startEvent(),
                        Timestamp.from(now),
                        actor)
                .update();
        return new RuleVersion(name, version, "draft", definition, now, actor, null, null);
    }

    public Optional<RuleVersion> find(String name, int version) {
        return jdbc.sql("select * from rule_versions where tenant_id = ? and name = ? and version = ?")
                .params(tenant(), name, version)
                .query(this::version)
                .optional();
    }

    /** Every version of the rule, newest first. */
    public List<RuleVersion> versions(String name) {
        return jdbc.sql("select * from rule_versions where tenant_id = ? and name = ? order by version desc")
                .params(tenant(), name)
                .query(this::version)
                .list();
    }

    /** The latest version of every rule and the active version of each, by name. */
    public List<NameRow> names() {
        return jdbc.sql("""
                select l.name, l.version as latest, l.status as latest_status, l.definition ->> 'description' as description,
                       (select a.version from rule_versions a
                        where a.tenant_id = l.tenant_id and a.name = l.name and a.status = 'active') as active
                from rule_versions l
                where l.tenant_id = ? and l.version = (select max(m.version) from rule_versions m
                                                       where m.tenant_id = l.tenant_id and m.name = l.name)
                order by l.name""")
                .param(tenant())
                .query((rs, row) -> new NameRow(
                        rs.getString("name"),
                        rs.getInt("latest"),
                        rs.getString("latest_status"),
                        rs.getString("description") == null ? "" : rs.getString("description"),
                        (Integer) rs.getObject("active")))
                .list();
    }

    /** One rule in the list. */
    public record NameRow(
            String name,
            int latestVersion,
            String latestStatus,
            String description,
            @Nullable Integer activeVersion) {}

    /** The active versions of the tenant: what the in-memory index is built from. */
    public List<RuleVersion> active() {
        return jdbc.sql("select * from rule_versions where tenant_id = ? and status = 'active'")
                .param(tenant())
                .query(this::version)
                .list();
    }

    /** (name, version, activated at) of the active versions: the cheap check whether the index is current. */
    @SuppressWarnings("NullAway") // the concatenation of NOT NULL columns is never null
    public List<String> activeStamps() {
        return jdbc.sql("""
                select name || '@' || version || '@' || extract(epoch from activated_at)::text from rule_versions
                where tenant_id = ? and status = 'active' order by name""").param(tenant()).query(String.class).list();
    }

    /**
     * Makes the version the only active one of its name (a retired version too); the one active before is retired.
     * Starts the tenant's log cursor at the head when this is its first active rule.
     *
     * @param catchUpFrom also run on the trigger events since this instant that occurred before now; null: none
     */
    public RuleVersion activate(
            String name, int version, String actor, @Nullable Instant catchUpFrom, String headCursor) {
        lock();
        RuleVersion stored = find(name, version)
                .orElseThrow(() -> ApiProblem.notFound("rule " + name + " has no version " + version));
        Instant now = clock.instant();
        jdbc.sql("""
                update rule_versions set status = 'retired'
                where tenant_id = ? and name = ? and status = 'active' and version <> ?""").params(tenant(), name, version).update();
        jdbc.sql("""
                update rule_versions set status = 'active', activated_at = ?, activated_by = ?, catch_up_from = ?,
                    catch_up_cursor = ?
                where tenant_id = ? and name = ? and version = ?""")
                .params(
                        Timestamp.from(now),
                        actor,
                        catchUpFrom == null ? null : Timestamp.from(catchUpFrom),
                        catchUpFrom == null ? null : "0-0",
                        tenant(),
                        name,
                        version)
                .update();
        jdbc.sql("insert into rule_cursors (tenant_id, cursor, updated_at) values (?, ?, ?) on conflict do nothing")
                .params(tenant(), headCursor, Timestamp.from(now))
                .update();
        return new RuleVersion(
                name, version, "active", stored.definition(), stored.createdAt(), stored.createdBy(), now, actor);
    }

    /** A version still catching up on events before its activation, with its own cursor. */
    public record CatchUp(String name, int version, Instant from, Instant until, String cursor) {}

    public List<CatchUp> catchUps() {
        return jdbc.sql("""
                select name, version, catch_up_from, activated_at, catch_up_cursor from rule_versions
                where tenant_id = ? and status = 'active' and catch_up_cursor is not null""")
                .param(tenant())
                .query((rs, row) -> new CatchUp(
                        rs.getString("name"),
                        rs.getInt("version"),
                        rs.getTimestamp("catch_up_from").toInstant(),
                        rs.getTimestamp("activated_at").toInstant(),
                        rs.getString("catch_up_cursor")))
                .list();
    }

    /** Moves a catch-up on; null ends it. */
    public void catchUpAt(String name, int version, @Nullable String cursor) {
        jdbc.sql("update rule_versions set catch_up_cursor = ? where tenant_id = ? and name = ? and version = ?")
                .params(cursor, tenant(), name, version)
                .update();
    }

    // ---- cursor

    public Optional<String> cursor() {
        return jdbc.sql("select cursor from rule_cursors where tenant_id = ? for update")
                .param(tenant())
                .query(String.class)
                .optional();
    }

    public void moveCursor(String cursor) {
        jdbc.sql("update rule_cursors set cursor = ?, updated_at = ? where tenant_id = ?")
                .params(cursor, Timestamp.from(clock.instant()), tenant())
                .update();
    }

    // ---- runs

    /** A run to make: the matched rule version and the event. */
    public record NewRun(
            String rule,
            int version,
            UUID eventId,
            String eventType,
            String eventCursor,
            @Nullable UUID orderId) {}

    /** Inserts the runs; one that exists for its (rule version, event) is left as it is. */
    public int addRuns(Collection<NewRun> runs) {
        Timestamp now = Timestamp.from(clock.instant());
        int added = 0;
        for (NewRun run : runs) {
            added += jdbc.sql("""
                    insert into rule_runs (tenant_id, id, rule_name, version, event_id, event_type, event_cursor,
                        order_id, status, next_attempt_at, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
                    on conflict (tenant_id, rule_name, version, event_id) do nothing""")
                    .params(
                            tenant(),
                            Ids.timeOrdered(),
                            run.rule(),
                            run.version(),
                            run.eventId(),
                            run.eventType(),
                            run.eventCursor(),
                            run.orderId(),
                            now,
                            now)
                    .update();
        }
        return added;
    }

    /** A run claimed for an attempt. */
    public record DueRun(
            UUID id,
            String rule,
            int version,
            UUID eventId,
            String eventType,
            String eventCursor,
            @Nullable UUID orderId,
            int attempts) {}

    /** Claims up to {@code limit} due runs of the tenant for {@code leaseSeconds}, skipping rows others hold. */
    public List<DueRun> claimDue(int limit, long leaseSeconds) {
        Instant now = clock.instant();
        return jdbc.sql("""
                update rule_runs r set claimed_until = ?
                from (select id from rule_runs
                      where tenant_id = ? and status = 'pending' and next_attempt_at <= ?
                        and (claimed_until is null or claimed_until <= ?)
                      order by next_attempt_at limit ? for update skip locked) due
                where r.tenant_id = ? and r.id = due.id
                returning r.id, r.rule_name, r.version, r.event_id, r.event_type, r.event_cursor, r.order_id,
                    r.attempts""")
                .params(
                        Timestamp.from(now.plusSeconds(leaseSeconds)),
                        tenant(),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        limit,
                        tenant())
                .query((rs, row) -> new DueRun(
                        rs.getObject("id", UUID.class),
                        rs.getString("rule_name"),
                        rs.getInt("version"),
                        rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"),
                        rs.getString("event_cursor"),
                        rs.getObject("order_id", UUID.class),
                        rs.getInt("attempts")))
                .list();
    }

    /** Locks a pending run for its attempt; empty when it is no longer pending. */
    public boolean lockPending(UUID id) {
        return jdbc.sql("select 1 from rule_runs where tenant_id = ? and id = ? and status = 'pending' for update")
                .params(tenant(), id)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    public void succeeded(UUID id, List<PlannedAction> actions) {
        jdbc.sql("""
                update rule_runs set status = 'succeeded', attempts = attempts + 1, actions = ?::jsonb,
                    finished_at = ?, claimed_until = null, last_error = null
                where tenant_id = ? and id = ?""")
                .params(json.writeValueAsString(actions), Timestamp.from(clock.instant()), tenant(), id)
                .update();
    }

    /** Records a failed attempt: tried again at {@code retryAt}, or failed for good when it is null. */
    public void attemptFailed(UUID id, String error, @Nullable Instant retryAt) {
        String reason = error.length() > 1000 ? error.substring(0, 1000) : error;
        Instant now = clock.instant();
        jdbc.sql("""
                update rule_runs set attempts = attempts + 1, last_error = ?, claimed_until = null,
                    status = case when ?::timestamptz is null then 'failed' else 'pending' end,
                    next_attempt_at = coalesce(?::timestamptz, next_attempt_at),
                    finished_at = case when ?::timestamptz is null then ?::timestamptz else null end
                where tenant_id = ? and id = ?""")
                .params(
                        reason,
                        retryAt == null ? null : Timestamp.from(retryAt),
                        retryAt == null ? null : Timestamp.from(retryAt),
                        retryAt == null ? null : Timestamp.from(retryAt),
                        Timestamp.from(now),
                        tenant(),
                        id)
                .update();
    }

    /** The runs of a rule, newest first, optionally of one status. */
    public List<RuleRun> runs(String rule, @Nullable String status, int limit) {
        return jdbc.sql("""
                select * from rule_runs where tenant_id = ? and rule_name = ? and (?::text is null or status = ?)
                order by created_at desc, id desc limit ?""")
                .params(tenant(), rule, status, status, limit)
                .query(this::run)
                .list();
    }

    /** The runs of a rule version about events of a period, oldest first: what it did. */
    public List<RuleRun> runsOfVersion(String rule, int version) {
        return jdbc.sql("""
                select * from rule_runs where tenant_id = ? and rule_name = ? and version = ? order by created_at""").params(tenant(), rule, version).query(this::run).list();
    }

    /** Failed attempts of a version's runs since an instant (runs that failed at least once). */
    public long failures(String rule, int version, Instant since) {
        return jdbc.sql("""
                select count(*) from rule_runs where tenant_id = ? and rule_name = ? and version = ?
                  and last_error is not null and created_at >= ?""")
                .params(tenant(), rule, version, Timestamp.from(since))
                .query(Long.class)
                .single();
    }

    // ---- caused events

    public void caused(Collection<UUID> eventIds, String rule, int version) {
        for (UUID event : eventIds) {
            jdbc.sql("""
                    insert into rule_caused_events (tenant_id, event_id, rule_name, version) values (?, ?, ?, ?)
                    on conflict do nothing""").params(tenant(), event, rule, version).update();
        }
    }

    /** Of these events, those a run caused, each with the rule version ({@code name@version}) that caused it. */
    public List<String[]> causedBy(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select event_id::text, rule_name || '@' || version from rule_caused_events
                where tenant_id = ? and event_id = any (?)""")
                .params(tenant(), eventIds.toArray(UUID[]::new))
                .query((rs, row) -> new String[] {rs.getString(1), rs.getString(2)})
                .list();
    }

    // ---- timers

    public void addTimer(NewRun start, Instant fireAt) {
        jdbc.sql("""
                insert into rule_timers (tenant_id, rule_name, version, order_id, event_id, event_type, event_cursor,
                    fire_at)
                values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(
                        tenant(),
                        start.rule(),
                        start.version(),
                        start.orderId(),
                        start.eventId(),
                        start.eventType(),
                        start.eventCursor(),
                        Timestamp.from(fireAt))
                .update();
    }

    /** Cancels the pending timers of these rule versions ({@code name@version}) for the order. */
    public void cancelTimers(UUID orderId, Collection<String> ruleVersions) {
        if (ruleVersions.isEmpty()) {
            return;
        }
        jdbc.sql("""
                update rule_timers set status = 'cancelled', done_at = ?
                where tenant_id = ? and order_id = ? and status = 'pending' and rule_name || '@' || version = any (?)""")
                .params(Timestamp.from(clock.instant()), tenant(), orderId, ruleVersions.toArray(String[]::new))
                .update();
    }

    /** Claims the due timers of the tenant, skipping rows others hold. */
    public List<NewRun> claimDueTimers(int limit, long leaseSeconds) {
        Instant now = clock.instant();
        return jdbc.sql("""
                update rule_timers t set claimed_until = ?
                from (select rule_name, version, order_id from rule_timers
                      where tenant_id = ? and status = 'pending' and fire_at <= ?
                        and (claimed_until is null or claimed_until <= ?)
                      order by fire_at limit ? for update skip locked) due
                where t.tenant_id = ? and t.rule_name = due.rule_name and t.version = due.version
                  and t.order_id = due.order_id
                returning t.rule_name, t.version, t.event_id, t.event_type, t.event_cursor, t.order_id""")
                .params(
                        Timestamp.from(now.plusSeconds(leaseSeconds)),
                        tenant(),
                        Timestamp.from(now),
                        Timestamp.from(now),
                        limit,
                        tenant())
                .query((rs, row) -> new NewRun(
                        rs.getString("rule_name"),
                        rs.getInt("version"),
                        rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"),
                        rs.getString("event_cursor"),
                        rs.getObject("order_id", UUID.class)))
                .list();
    }

    public void timerDone(NewRun timer, String status) {
        jdbc.sql("""
                update rule_timers set status = ?, done_at = ?, claimed_until = null
                where tenant_id = ? and rule_name = ? and version = ? and order_id = ?""")
                .params(
                        status,
                        Timestamp.from(clock.instant()),
                        tenant(),
                        timer.rule(),
                        timer.version(),
                        timer.orderId())
                .update();
    }

    // ---- tasks

    public UUID addTask(
            String team, String title, @Nullable UUID orderId, String rule, int version, @Nullable Instant dueAt) {
        UUID id = Ids.timeOrdered();
        jdbc.sql("""
                insert into rule_tasks (tenant_id, id, team, title, order_id, rule_name, version, due_at, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        tenant(),
                        id,
                        team,
                        title,
                        orderId,
                        rule,
                        version,
                        dueAt == null ? null : Timestamp.from(dueAt),
                        Timestamp.from(clock.instant()))
                .update();
        return id;
    }

    public List<RuleTask> tasks(@Nullable String team, @Nullable String status, @Nullable UUID orderId, int limit) {
        return jdbc.sql("""
                select * from rule_tasks where tenant_id = ? and (?::text is null or team = ?)
                  and (?::text is null or status = ?) and (?::uuid is null or order_id = ?)
                order by created_at, id limit ?""")
                .params(tenant(), team, team, status, status, orderId, orderId, limit)
                .query((rs, row) -> new RuleTask(
                        rs.getObject("id", UUID.class),
                        rs.getString("team"),
                        rs.getString("title"),
                        rs.getObject("order_id", UUID.class),
                        rs.getString("rule_name"),
                        rs.getInt("version"),
                        rs.getString("status"),
                        instant(rs, "due_at"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    // ----

    private void lock() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('rule_versions'), hashtext(?::text))")
                .params(tenant().toString())
                .query((rs, row) -> 1)
                .single();
    }

    private RuleVersion version(ResultSet rs, int row) throws SQLException {
        return new RuleVersion(
                rs.getString("name"),
                rs.getInt("version"),
                rs.getString("status"),
                json.readValue(rs.getString("definition"), RuleDefinition.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                instant(rs, "activated_at"),
                rs.getString("activated_by"));
    }

    private RuleRun run(ResultSet rs, int row) throws SQLException {
        return new RuleRun(
                rs.getObject("id", UUID.class),
                rs.getString("rule_name"),
                rs.getInt("version"),
                rs.getObject("event_id", UUID.class),
                rs.getString("event_type"),
                rs.getObject("order_id", UUID.class),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                json.readValue(rs.getString("actions"), new TypeReference<List<PlannedAction>>() {}),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs, "finished_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

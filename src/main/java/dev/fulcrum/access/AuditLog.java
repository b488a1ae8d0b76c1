package dev.fulcrum.access;

import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log: every change anyone makes, with actor, action, target, time and request id. Written inside the
 * caller's transaction, so an audit entry exists exactly when its change does.
 */
@Service
public class AuditLog {

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {};

    private static final String INSERT = """
            insert into audit_log (tenant_id, id, at, actor, action, target_type, target_id, request_id, details)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final JsonMapper json;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
        this.clock = clock;
    }

    /** Records a change by the actor of the current {@link RequestContext}. */
    public void record(String action, String targetType, String targetId, Map<String, ?> details) {
        RequestContext context = RequestContext.require();
        jdbc.sql(INSERT)
                .params(
                        context.tenantId().value(),
                        Ids.timeOrdered(),
                        java.sql.Timestamp.from(clock.instant()),
                        context.actor(),
                        action,
                        targetType,
                        targetId,
                        context.requestId(),
                        json.writeValueAsString(details))
                .update();
    }

    /** One change for {@link #recordAll}. */
    public record Change(String action, String targetType, String targetId, Map<String, ?> details) {}

    /**
     * Records many changes by the actor of the current {@link RequestContext} in one JDBC batch, each exactly as
     * {@link #record} would: for bulk work such as imports, where one insert per change would dominate.
     */
    public void recordAll(List<Change> changes) {
        RequestContext context = RequestContext.require();
        recordAll(changes, changes.stream().map(change -> context).toList());
    }

    /**
     * Records many changes in one JDBC batch, each by the actor and with the request id of its own context: for work
     * of several requests committed together (group commit). Every context must be of the current tenant.
     */
    public void recordAll(List<Change> changes, List<RequestContext> contexts) {
        if (changes.isEmpty()) {
            return;
        }
        if (contexts.size() != changes.size()) {
            throw new IllegalArgumentException(
                    "one context per change: " + changes.size() + " changes, " + contexts.size() + " contexts");
        }
        var tenant = RequestContext.require().tenantId();
        java.sql.Timestamp at = java.sql.Timestamp.from(clock.instant());
        List<Object[]> rows = new java.util.ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            RequestContext context = contexts.get(i);
            if (!context.tenantId().equals(tenant)) {
                throw new IllegalArgumentException(
                        "change of tenant " + context.tenantId() + " in a transaction of " + tenant);
            }
            rows.add(new Object[] {
                tenant.value(),
                Ids.timeOrdered(),
                at,
                context.actor(),
                change.action(),
                change.targetType(),
                change.targetId(),
                context.requestId(),
                json.writeValueAsString(change.details())
            });
        }
        batch.batchUpdate(INSERT, rows);
    }

    /** Every entry about one target, oldest first. */
    public List<AuditEntry> entriesFor(String targetType, String targetId) {
        return jdbc.sql("""
                select at, actor, action, target_type, target_id, request_id, details from audit_log
                where tenant_id = ? and target_type = ? and target_id = ? order by at, id""")
                .params(RequestContext.require().tenantId().value(), targetType, targetId)
                .query((rs, row) -> new AuditEntry(
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("target_type"),
                        rs.getString("target_id"),
                        rs.getString("request_id"),
                        json.readValue(rs.getString("details"), DETAILS)))
                .list();
    }

    /**
     * What to look for in the audit log; every {@code null} criterion matches everything. {@code actor} and
     * {@code action} match a part of the text, case-insensitively; {@code from} is included, {@code to} excluded.
     */
    public record Search(
            @Nullable String actor,
            @Nullable String action,
            @Nullable String targetType,
            @Nullable String targetId,
            @Nullable Instant from,
            @Nullable Instant to,
            int limit) {}

    /** The entries matching the search, newest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<AuditEntry> search(Search search) {
        StringBuilder sql = new StringBuilder("""
                select at, actor, action, target_type, target_id, request_id, details from audit_log
                where tenant_id = ?""");
        List<Object> params = new ArrayList<>();
        params.add(RequestContext.require().tenantId().value());
        if (search.actor() != null) {
            sql.append(" and actor ilike ?");
            params.add("%" + likeEscaped(search.actor()) + "%");
        }
        if (search.action() != null) {
            sql.append(" and action ilike ?");
            params.add("%" + likeEscaped(search.action()) + "%");
        }
        if (search.targetType() != null) {
            sql.append(" and target_type = ?");
            params.add(search.targetType());
        }
        if (search.targetId() != null) {
            sql.append(" and target_id = ?");
            params.add(search.targetId());
        }
        if (search.from() != null) {
            sql.append(" and at >= ?");
            params.add(java.sql.Timestamp.from(search.from()));
        }
        if (search.to() != null) {
            sql.append(" and at < ?");
            params.add(java.sql.Timestamp.from(search.to()));
        }
        sql.append(" order by at desc, id desc limit ?");
        params.add(search.limit());
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> new AuditEntry(
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("target_type"),
                        rs.getString("target_id"),
                        rs.getString("request_id"),
                        json.readValue(rs.getString("details"), DETAILS)))
                .list();
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}

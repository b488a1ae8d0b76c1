package dev.fulcrum.channels.internal;

import dev.fulcrum.channels.QuarantinedPayload;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Quarantined payloads: stored raw with every reason, until reprocessed or discarded. */
@Repository
public class QuarantineEntries {

    private static final TypeReference<List<FieldProblem>> PROBLEMS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final JsonMapper json;

    QuarantineEntries(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
    }

    /** What to put in quarantine. */
    public record NewEntry(
            UUID connectionId,
            String source,
            String topic,
            @Nullable String externalId,
            @Nullable String contentType,
            String body,
            List<FieldProblem> reasons) {}

    public List<UUID> putAll(List<NewEntry> entries, Instant now) {
        UUID tenant = tenant();
        List<UUID> ids = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (NewEntry entry : entries) {
            UUID id = Ids.timeOrdered();
            ids.add(id);
            rows.add(new Object[] {
                tenant,
                id,
                entry.connectionId(),
                entry.source(),
                entry.topic(),
                entry.externalId(),
                entry.contentType(),
                entry.body(),
                json.writeValueAsString(entry.reasons()),
                Timestamp.from(now)
            });
        }
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    insert into quarantine (tenant_id, id, connection_id, source, topic, external_id, content_type, body,
                        reasons, status, received_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, 'open', ?)""", rows);
        }
        return ids;
    }

    public List<QuarantinedPayload> list(@Nullable String status, @Nullable UUID connectionId, int limit) {
        StringBuilder sql = new StringBuilder("select * from quarantine where tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenant()));
        if (status != null) {
            sql.append(" and status = ?");
            params.add(status);
        }
        if (connectionId != null) {
            sql.append(" and connection_id = ?");
            params.add(connectionId);
        }
        sql.append(" order by received_at desc, id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> entry(rs))
                .list();
    }

    public Optional<QuarantinedPayload> lock(UUID id) {
        return jdbc.sql("select * from quarantine where tenant_id = ? and id = ? for update")
                .params(tenant(), id)
                .query((rs, row) -> entry(rs))
                .optional();
    }

    public void resolve(UUID id, String status, @Nullable String reason, @Nullable OrderId orderId, Instant now) {
        jdbc.sql("""
                update quarantine set status = ?, resolved_at = ?, resolved_by = ?, resolution_reason = ?, order_id = ?
                where tenant_id = ? and id = ?""")
                .params(
                        status,
                        Timestamp.from(now),
                        RequestContext.require().actor(),
                        reason,
                        orderId == null ? null : orderId.value(),
                        tenant(),
                        id)
                .update();
    }

    public void reasons(UUID id, List<FieldProblem> reasons) {
        jdbc.sql("update quarantine set reasons = ?::jsonb where tenant_id = ? and id = ?")
                .params(json.writeValueAsString(reasons), tenant(), id)
                .update();
    }

    private QuarantinedPayload entry(ResultSet rs) throws SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        return new QuarantinedPayload(
                rs.getObject("id", UUID.class),
                rs.getObject("connection_id", UUID.class),
                rs.getString("source"),
                rs.getString("topic"),
                rs.getString("external_id"),
                rs.getString("content_type"),
                rs.getString("body"),
                json.readValue(rs.getString("reasons"), PROBLEMS),
                rs.getString("status"),
                rs.getTimestamp("received_at").toInstant(),
                resolved == null ? null : resolved.toInstant(),
                rs.getString("resolved_by"),
                rs.getString("resolution_reason"),
                rs.getObject("order_id", UUID.class));
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

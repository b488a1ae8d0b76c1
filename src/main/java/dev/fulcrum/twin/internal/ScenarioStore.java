package dev.fulcrum.twin.internal;

import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code twin_scenarios} table: each scenario's request, its simulated answer and the reroutes applied since. */
@Repository
public class ScenarioStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ScenarioStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A stored scenario. */
    public record Stored(
            UUID id,
            @Nullable String name,
            JsonNode request,
            JsonNode result,
            JsonNode applied,
            Instant createdAt,
            String createdBy) {}

    public void save(UUID id, @Nullable String name, Object request, Object result, Instant createdAt) {
        jdbc.sql("""
                insert into twin_scenarios (tenant_id, id, name, request, result, created_at, created_by)
                values (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)""")
                .params(
                        tenant(),
                        id,
                        name,
                        json.writeValueAsString(request),
                        json.writeValueAsString(result),
                        Timestamp.from(createdAt),
                        RequestContext.require().actor())
                .update();
    }

    public Optional<Stored> find(UUID id) {
        return jdbc.sql("""
                select id, name, request, result, applied, created_at, created_by from twin_scenarios
                where tenant_id = ? and id = ?""").params(tenant(), id).query((rs, row) -> stored(rs)).optional();
    }

    /** The newest scenarios first, without their answers' order lists. */
    public List<Stored> newest(int limit) {
        return jdbc.sql("""
                select id, name, request, result - 'orders' - 'notices' - 'daily', applied, created_at, created_by
                from twin_scenarios where tenant_id = ? order by created_at desc limit ?""")
                .params(tenant(), limit)
                .query((rs, row) -> stored(rs))
                .list();
    }

    /** Appends what applying reroutes did to the scenario's record. */
    public void appendApplied(UUID id, Object applied) {
        jdbc.sql("update twin_scenarios set applied = applied || ?::jsonb where tenant_id = ? and id = ?")
                .params(json.writeValueAsString(List.of(applied)), tenant(), id)
                .update();
    }

    private Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                json.readTree(rs.getString(3)),
                json.readTree(rs.getString(4)),
                json.readTree(rs.getString(5)),
                rs.getTimestamp(6).toInstant(),
                rs.getString(7));
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

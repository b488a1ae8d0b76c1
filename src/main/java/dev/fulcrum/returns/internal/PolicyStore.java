package dev.fulcrum.returns.internal;

import dev.fulcrum.returns.ReturnPolicy;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The {@code return_policies} table: every version of each tenant's policy; the highest is the one in force. */
@Repository
public class PolicyStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    PolicyStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** The policy in force: the latest version, or the standard policy as version 0 when the tenant wrote none. */
    public ReturnPolicy.Version current() {
        return jdbc.sql("""
                select version, policy, created_at, created_by from return_policies where tenant_id = ?
                order by version desc limit 1""")
                .params(tenant())
                .query((rs, row) -> new ReturnPolicy.Version(
                        rs.getInt(1),
                        json.readValue(rs.getString(2), ReturnPolicy.class),
                        rs.getTimestamp(3).toInstant(),
                        rs.getString(4)))
                .optional()
                .orElseGet(() -> new ReturnPolicy.Version(0, ReturnPolicy.standard(), Instant.EPOCH, "fulcrum"));
    }

    /** Stores the policy as the next version; the tenant's versions are serialised by a transaction lock. */
    public ReturnPolicy.Version replace(ReturnPolicy policy) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('return_policies'), hashtext(?::text))")
                .params(tenant().toString())
                .query((rs, row) -> 1)
                .single();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from return_policies where tenant_id = ?")
                .params(tenant())
                .query(Integer.class)
                .single();
        Instant now = clock.instant();
        String actor = RequestContext.require().actor();
        jdbc.sql("""
                insert into return_policies (tenant_id, version, policy, created_at, created_by)
                values (?, ?, ?::jsonb, ?, ?)""")
                .params(tenant(), version, json.writeValueAsString(policy), Timestamp.from(now), actor)
                .update();
        return new ReturnPolicy.Version(version, policy, now, actor);
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

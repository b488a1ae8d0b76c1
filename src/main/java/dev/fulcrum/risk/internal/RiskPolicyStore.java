package dev.fulcrum.risk.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fulcrum.risk.RiskPolicy;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.PerTenantCache;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code risk_policies} table: each tenant's policy versions, drafts until activated; one is active at a time.
 * Without an active one the shipped default, version 0, is in force.
 */
@Repository
public class RiskPolicyStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    /**
     * The policy in force per tenant, read again at most {@code fulcrum.risk.policy-recheck} (two seconds) after it
     * was read: intake does not read it per batch, and an activation on another instance governs orders here within
     * that bound. An activation on this instance takes effect at once (ADR 0150).
     */
    private final PerTenantCache<RiskPolicy.Version> inForce;

    /** Policy versions that decided orders, which never change again: what rebuilt explanations read. */
    private final Cache<String, RiskPolicy> decided =
            Caffeine.newBuilder().maximumSize(1_000).build();

    RiskPolicyStore(
            JdbcClient jdbc,
            JsonMapper json,
            Clock clock,
            @Value("${fulcrum.risk.policy-recheck:PT2S}") Duration recheck) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.inForce = new PerTenantCache<>(recheck);
    }

    public static RiskPolicy.Version standard() {
        return new RiskPolicy.Version(0, "active", RiskPolicy.standard(), Instant.EPOCH, "fulcrum", Instant.EPOCH);
    }

    /** The policy in force: the active version, or the shipped default. */
    public RiskPolicy.Version active() {
        return inForce.get(this::readActive);
    }

    /** The policy of a version that is or was active: from memory, since such a version never changes. */
    public Optional<RiskPolicy> decidedBy(int version) {
        String key = tenant() + "/" + version;
        RiskPolicy known = decided.getIfPresent(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<RiskPolicy.Version> stored = find(version);
        stored.filter(found -> !found.status().equals("draft")).ifPresent(found -> decided.put(key, found.policy()));
        return stored.map(RiskPolicy.Version::policy);
    }

    private RiskPolicy.Version readActive() {
        return jdbc.sql("select * from risk_policies where tenant_id = ? and status = 'active'")
                .params(tenant())
                .query(this::version)
                .optional()
                .orElseGet(RiskPolicyStore::standard);
    }

    public Optional<RiskPolicy.Version> find(int version) {
        if (version == 0) {
            return Optional.of(standard());
        }
        return jdbc.sql("select * from risk_policies where tenant_id = ? and version = ?")
                .params(tenant(), version)
                .query(this::version)
                .optional();
    }

    /** Every stored version, newest first, and the shipped default last. */
    public List<RiskPolicy.Version> list() {
        List<RiskPolicy.Version> versions = new java.util.ArrayList<>(
                jdbc.sql("select * from risk_policies where tenant_id = ? order by version desc")
                        .params(tenant())
                        .query(this::version)
                        .list());
        RiskPolicy.Version standard = standard();
        boolean anyActive = versions.stream().anyMatch(v -> v.status().equals("active"));
        versions.add(
                anyActive
                        ? new RiskPolicy.Version(
                                0, "retired", standard.policy(), Instant.EPOCH, "fulcrum", Instant.EPOCH)
                        : standard);
        return versions;
    }

    /**
     * Stores a draft at this version, replacing a draft of the same version.
     *
     * @throws ApiProblem 409 when the version is or was active: a version that decided orders never changes
     */
    public RiskPolicy.Version putDraft(int version, RiskPolicy policy) {
        lock();
        Optional<RiskPolicy.Version> existing = find(version);
        if (existing.isPresent() && !existing.get().status().equals("draft")) {
            throw ApiProblem.conflict(
                    "policy-version-in-use",
                    "risk policy version " + version + " is " + existing.get().status()
                            + ": store the change as a new version");
        }
        Instant now = clock.instant();
        String actor = RequestContext.require().actor();
        jdbc.sql("""
                insert into risk_policies (tenant_id, version, status, policy, created_at, created_by)
                values (?, ?, 'draft', ?::jsonb, ?, ?)
                on conflict (tenant_id, version) do update set policy = excluded.policy,
                    created_at = excluded.created_at, created_by = excluded.created_by""")
                .params(tenant(), version, json.writeValueAsString(policy), Timestamp.from(now), actor)
                .update();
        return new RiskPolicy.Version(version, "draft", policy, now, actor, null);
    }

    /** Makes this version the active one; the one active before is retired. */
    public RiskPolicy.Version activate(int version) {
        lock();
        inForce.forgetAfterChange();
        RiskPolicy.Version stored = find(version)
                .orElseThrow(() -> ApiProblem.notFound("risk policy version " + version + " does not exist"));
        if (version == 0) {
            jdbc.sql("update risk_policies set status = 'retired' where tenant_id = ? and status = 'active'")
                    .params(tenant())
                    .update();
            return standard();
        }
        Instant now = clock.instant();
        jdbc.sql("update risk_policies set status = 'retired' where tenant_id = ? and status = 'active'")
                .params(tenant())
                .update();
        jdbc.sql("update risk_policies set status = 'active', activated_at = ? where tenant_id = ? and version = ?")
                .params(Timestamp.from(now), tenant(), version)
                .update();
        return new RiskPolicy.Version(version, "active", stored.policy(), stored.createdAt(), stored.createdBy(), now);
    }

    private void lock() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('risk_policies'), hashtext(?::text))")
                .params(tenant().toString())
                .query((rs, row) -> 1)
                .single();
    }

    private RiskPolicy.Version version(ResultSet rs, int row) throws SQLException {
        Timestamp activated = rs.getTimestamp("activated_at");
        return new RiskPolicy.Version(
                rs.getInt("version"),
                rs.getString("status"),
                json.readValue(rs.getString("policy"), RiskPolicy.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                activated == null ? null : activated.toInstant());
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

package dev.fulcrum.compliance;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.PerTenantCache;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The versions of the current tenant's compliance policy: drafts are written with {@link #put}, one is made the policy
 * intake uses with {@link #activate} (the one active before is retired). While none is active the shipped
 * {@link CompliancePolicy#standard()} is, as version 0.
 */
@Service
public class CompliancePolicies {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    private final Clock clock;

    /** The version in force per tenant, read again at most {@code fulcrum.compliance.policy-recheck} after (ADR 0150). */
    private final PerTenantCache<CompliancePolicy.Version> inForce;

    CompliancePolicies(
            JdbcClient jdbc,
            JsonMapper json,
            AuditLog audit,
            Clock clock,
            @Value("${fulcrum.compliance.policy-recheck:PT2S}") Duration recheck) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
        this.inForce = new PerTenantCache<>(recheck);
    }

    /** The version intake checks orders against now. */
    @Transactional(readOnly = true)
    public CompliancePolicy.Version active() {
        return inForce.get(this::readActive);
    }

    private CompliancePolicy.Version readActive() {
        return jdbc.sql("select * from compliance_policies where tenant_id = ? and status = 'active'")
                .params(tenant())
                .query(this::version)
                .optional()
                .orElseGet(CompliancePolicies::standardVersion);
    }

    /** Every version, newest first, with the shipped version 0 last. */
    @Transactional(readOnly = true)
    public List<CompliancePolicy.Version> list() {
        List<CompliancePolicy.Version> versions =
                new ArrayList<>(jdbc.sql("select * from compliance_policies where tenant_id = ? order by version desc")
                        .params(tenant())
                        .query(this::version)
                        .list());
        boolean ownActive =
                versions.stream().anyMatch(version -> version.status().equals("active"));
        CompliancePolicy.Version standard = standardVersion();
        versions.add(
                ownActive
                        ? new CompliancePolicy.Version(
                                0, "retired", standard.policy(), standard.createdAt(), standard.createdBy(), null)
                        : standard);
        return versions;
    }

    /**
     * One version; 0 is the shipped policy.
     *
     * @throws ApiProblem 404 when the version does not exist
     */
    @Transactional(readOnly = true)
    public CompliancePolicy.Version get(int version) {
        if (version == 0) {
            return list().getLast();
        }
        return jdbc.sql("select * from compliance_policies where tenant_id = ? and version = ?")
                .params(tenant(), version)
                .query(this::version)
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("compliance policy version " + version + " does not exist"));
    }

    /**
     * Writes a draft version, or replaces one that is still a draft.
     *
     * @throws ApiProblem 400 for version 0 or less; 409 when the version was activated before (write a new one)
     */
    @Transactional
    public CompliancePolicy.Version put(int version, CompliancePolicy policy) {
        if (version < 1) {
            throw ApiProblem.invalid("version", "must be 1 or more: version 0 is the policy Fulcrum ships");
        }
        lockTenant();
        String status = jdbc.sql("select status from compliance_policies where tenant_id = ? and version = ?")
                .params(tenant(), version)
                .query(String.class)
                .optional()
                .orElse(null);
        if (status != null && !status.equals("draft")) {
            throw ApiProblem.conflict(
                    "policy-version-used",
                    "compliance policy version " + version + " is " + status
                            + ": a version that was activated never changes; write a new version");
        }
        Instant now = clock.instant();
        jdbc.sql("""
                insert into compliance_policies (tenant_id, version, policy, status, created_at, created_by)
                values (?, ?, ?::jsonb, 'draft', ?, ?)
                on conflict (tenant_id, version) do update set policy = excluded.policy,
                    created_at = excluded.created_at, created_by = excluded.created_by""")
                .params(tenant(), version, json.writeValueAsString(policy), Timestamp.from(now), actor())
                .update();
        audit.record(
                "compliance-policy.saved", "compliance-policy", String.valueOf(version), Map.of("status", "draft"));
        return get(version);
    }

    /**
     * Makes a version the one intake uses from the next order on; the version active before is retired. Activating
     * version 0 goes back to the shipped policy.
     *
     * @throws ApiProblem 404 when the version does not exist
     */
    @Transactional
    public CompliancePolicy.Version activate(int version) {
        lockTenant();
        inForce.forgetAfterChange();
        if (version != 0) {
            get(version);
        }
        Instant now = clock.instant();
        jdbc.sql("update compliance_policies set status = 'retired' where tenant_id = ? and status = 'active'")
                .params(tenant())
                .update();
        if (version != 0) {
            jdbc.sql(
                            "update compliance_policies set status = 'active', activated_at = ? where tenant_id = ? and version = ?")
                    .params(Timestamp.from(now), tenant(), version)
                    .update();
        }
        audit.record("compliance-policy.activated", "compliance-policy", String.valueOf(version), Map.of());
        return active();
    }

    private void lockTenant() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('compliance_policies'), hashtext(?::text))")
                .params(tenant().toString())
                .query((rs, row) -> 1)
                .single();
    }

    private CompliancePolicy.Version version(ResultSet rs, int row) throws SQLException {
        Timestamp activated = rs.getTimestamp("activated_at");
        return new CompliancePolicy.Version(
                rs.getInt("version"),
                rs.getString("status"),
                json.readValue(rs.getString("policy"), CompliancePolicy.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                activated == null ? null : activated.toInstant());
    }

    private static CompliancePolicy.Version standardVersion() {
        return new CompliancePolicy.Version(0, "active", CompliancePolicy.standard(), Instant.EPOCH, "fulcrum", null);
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }

    private static String actor() {
        return RequestContext.require().actor();
    }
}

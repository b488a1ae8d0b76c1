package dev.fulcrum.contracts.internal;

import dev.fulcrum.contracts.ContractDocument;
import dev.fulcrum.contracts.ContractFlag;
import dev.fulcrum.contracts.ContractViolation;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The tenant's contract versions, their dry runs and the soft-rule flags, in the current tenant's transaction. */
@Repository
public class ContractStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ContractStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A version a tenant stored. */
    public record StoredVersion(
            int version,
            String status,
            ContractDocument document,
            Instant createdAt,
            String createdBy,
            @Nullable Instant activatedAt,
            @Nullable JsonNode dryRun,
            @Nullable Instant dryRunAt) {}

    public Optional<StoredVersion> active(String name) {
        return jdbc.sql("select * from contract_versions where tenant_id = ? and name = ? and status = 'active'")
                .params(tenant(), name)
                .query(this::version)
                .optional();
    }

    public List<StoredVersion> versions(String name) {
        return jdbc.sql("select * from contract_versions where tenant_id = ? and name = ? order by version desc")
                .params(tenant(), name)
                .query(this::version)
                .list();
    }

    /** The names of every contract the tenant stored a version of. */
    public List<String> names() {
        return jdbc.sql("select distinct name from contract_versions where tenant_id = ? order by name")
                .params(tenant())
                .query((rs, row) -> rs.getString(1))
                .list();
    }

    public Optional<StoredVersion> find(String name, int version) {
        return jdbc.sql("select * from contract_versions where tenant_id = ? and name = ? and version = ?")
                .params(tenant(), name, version)
                .query(this::version)
                .optional();
    }

    /** Adds a draft as the next version (2 or more: 1 is the shipped one) and answers its number. */
    public int insertNext(String name, ContractDocument document, String actor, Instant now) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('contract_versions'), hashtext(?))")
                .params(tenant() + "/" + name)
                .query((rs, row) -> 1)
                .single();
        int version = jdbc.sql(
                        "select coalesce(max(version), 1) + 1 from contract_versions where tenant_id = ? and name = ?")
                .params(tenant(), name)
                .query(Integer.class)
                .single();
        jdbc.sql("""
                insert into contract_versions (tenant_id, name, version, document, status, created_at, created_by)
                values (?, ?, ?, ?::jsonb, 'draft', ?, ?)""")
                .params(tenant(), name, version, json.writeValueAsString(document), Timestamp.from(now), actor)
                .update();
        return version;
    }

    /** Makes the version active and retires the one active before; version 1 (shipped) retires every stored one. */
    public void activate(String name, int version, Instant now) {
        jdbc.sql(
                        "update contract_versions set status = 'retired' where tenant_id = ? and name = ? and status = 'active'")
                .params(tenant(), name)
                .update();
        if (version > 1) {
            jdbc.sql("""
                    update contract_versions set status = 'active', activated_at = ?
                    where tenant_id = ? and name = ? and version = ?""").params(Timestamp.from(now), tenant(), name, version).update();
        }
    }

    public void recordDryRun(String name, int version, Map<String, Object> result, Instant now) {
        jdbc.sql("""
                update contract_versions set dry_run = ?::jsonb, dry_run_at = ?
                where tenant_id = ? and name = ? and version = ?""")
                .params(json.writeValueAsString(result), Timestamp.from(now), tenant(), name, version)
                .update();
    }

    /** Writes the flags of a batch in one statement; a subject flagged twice by a rule keeps the first. */
    public void insertFlags(String contract, int version, Map<UUID, List<ContractViolation>> flags, Instant now) {
        List<UUID> subjects = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        flags.forEach((subject, violations) -> {
            for (ContractViolation violation : violations) {
                subjects.add(subject);
                rules.add(violation.rule());
                fields.add(violation.field());
                messages.add(violation.message());
            }
        });
        if (subjects.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into contract_flags (tenant_id, subject_id, contract, version, rule, field, message, flagged_at)
                select ?, f.subject_id, ?, ?, f.rule, f.field, f.message, ?
                from unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) as f (subject_id, rule, field, message)
                on conflict do nothing""")
                .params(
                        tenant(),
                        contract,
                        version,
                        Timestamp.from(now),
                        subjects.toArray(UUID[]::new),
                        rules.toArray(String[]::new),
                        fields.toArray(String[]::new),
                        messages.toArray(String[]::new))
                .update();
    }

    public List<ContractFlag> flagsOf(UUID subject) {
        return jdbc.sql("""
                select contract, version, rule, field, message, flagged_at from contract_flags
                where tenant_id = ? and subject_id = ? order by contract, rule""")
                .params(tenant(), subject)
                .query((rs, row) -> new ContractFlag(
                        rs.getString("contract"),
                        rs.getInt("version"),
                        rs.getString("rule"),
                        rs.getString("field"),
                        rs.getString("message"),
                        rs.getTimestamp("flagged_at").toInstant()))
                .list();
    }

    /** How many distinct subjects of the contract were flagged at or after {@code since}. */
    public long flaggedSince(String contract, Instant since) {
        return jdbc.sql("""
                select count(distinct subject_id) from contract_flags
                where tenant_id = ? and contract = ? and flagged_at >= ?""")
                .params(tenant(), contract, Timestamp.from(since))
                .query(Long.class)
                .single();
    }

    private StoredVersion version(ResultSet rs, int row) throws SQLException {
        Timestamp activated = rs.getTimestamp("activated_at");
        Timestamp dryRunAt = rs.getTimestamp("dry_run_at");
        String dryRun = rs.getString("dry_run");
        return new StoredVersion(
                rs.getInt("version"),
                rs.getString("status"),
                json.readValue(rs.getString("document"), ContractDocument.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                activated == null ? null : activated.toInstant(),
                dryRun == null ? null : json.readTree(dryRun),
                dryRunAt == null ? null : dryRunAt.toInstant());
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

package dev.fulcrum.sourcing.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sourcing profiles, versioned: a PUT makes (or replaces) the draft version of a profile; activating a version makes
 * it the one that decides every future order of the tenant and freezes it; decisions name the version that made them.
 * A tenant without any profile gets {@link ProfileDefinition#standard()} as version 1 of {@code default}, active.
 */
@Service
public class Profiles {

    public static final String DEFAULT = "default";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    private final Clock clock;

    Profiles(JdbcClient jdbc, JsonMapper json, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    /** A stored profile version. */
    public record StoredProfile(
            String name,
            int version,
            String status,
            ProfileDefinition definition,
            Instant createdAt,
            @Nullable Instant activatedAt) {}

    /** The active profile version of the current tenant, installing the standard one if there is none. */
    @Transactional
    public StoredProfile active() {
        return findActive().orElseGet(() -> {
            jdbc.sql("""
                    insert into sourcing_profiles (tenant_id, name, version, status, definition, created_at, activated_at)
                    values (?, ?, 1, 'active', ?::jsonb, ?, ?) on conflict do nothing""")
                    .params(tenant(), DEFAULT, json.writeValueAsString(ProfileDefinition.standard()), now(), now())
                    .update();
            return findActive().orElseThrow();
        });
    }

    /** Stores the definition as the draft version of the profile: replaces an existing draft, else adds a version. */
    @Transactional
    public StoredProfile putDraft(String name, ProfileDefinition definition) {
        definition.requireValid();
        active();
        Optional<StoredProfile> draft =
                versions(name).stream().filter(p -> p.status().equals("draft")).findFirst();
        int version;
        if (draft.isPresent()) {
            version = draft.get().version();
            jdbc.sql(
                            "update sourcing_profiles set definition = ?::jsonb, created_at = ? where tenant_id = ? and name = ? and version = ?")
                    .params(json.writeValueAsString(definition), now(), tenant(), name, version)
                    .update();
        } else {
            version = jdbc.sql(
                            "select coalesce(max(version), 0) + 1 from sourcing_profiles where tenant_id = ? and name = ?")
                    .params(tenant(), name)
                    .query(Integer.class)
                    .single();
            jdbc.sql("""
                    insert into sourcing_profiles (tenant_id, name, version, status, definition, created_at)
                    values (?, ?, ?, 'draft', ?::jsonb, ?)""")
                    .params(tenant(), name, version, json.writeValueAsString(definition), now())
                    .update();
        }
        audit.record("sourcing.profile.drafted", "sourcing-profile", name + "/" + version, Map.of("version", version));
        return get(name, version);
    }

    /** Makes the version the active one; the previously active version is retired. Activated versions never change. */
    @Transactional
    public StoredProfile activate(String name, int version) {
        StoredProfile target = get(name, version);
        if (target.status().equals("active")) {
            return target;
        }
        if (target.status().equals("retired")) {
            throw ApiProblem.conflict(
                    "profile-retired",
                    "version " + version + " of " + name
                            + " was active before and is retired; put a new draft to change the profile");
        }
        active();
        jdbc.sql("update sourcing_profiles set status = 'retired' where tenant_id = ? and status = 'active'")
                .param(tenant())
                .update();
        jdbc.sql(
                        "update sourcing_profiles set status = 'active', activated_at = ? where tenant_id = ? and name = ? and version = ?")
                .params(now(), tenant(), name, version)
                .update();
        audit.record(
                "sourcing.profile.activated", "sourcing-profile", name + "/" + version, Map.of("version", version));
        return get(name, version);
    }

    @Transactional(readOnly = true)
    public StoredProfile get(String name, int version) {
        return jdbc.sql("select * from sourcing_profiles where tenant_id = ? and name = ? and version = ?")
                .params(tenant(), name, version)
                .query((rs, row) -> stored(rs))
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("sourcing profile " + name + " has no version " + version));
    }

    @Transactional(readOnly = true)
    public List<StoredProfile> versions(String name) {
        return jdbc.sql("select * from sourcing_profiles where tenant_id = ? and name = ? order by version")
                .params(tenant(), name)
                .query((rs, row) -> stored(rs))
                .list();
    }

    @Transactional
    public List<StoredProfile> list() {
        active();
        return jdbc.sql("select * from sourcing_profiles where tenant_id = ? order by name, version")
                .param(tenant())
                .query((rs, row) -> stored(rs))
                .list();
    }

    private Optional<StoredProfile> findActive() {
        return jdbc.sql("select * from sourcing_profiles where tenant_id = ? and status = 'active'")
                .param(tenant())
                .query((rs, row) -> stored(rs))
                .optional();
    }

    private StoredProfile stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredProfile(
                rs.getString("name"),
                rs.getInt("version"),
                rs.getString("status"),
                json.readValue(rs.getString("definition"), ProfileDefinition.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("activated_at") == null
                        ? null
                        : rs.getTimestamp("activated_at").toInstant());
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

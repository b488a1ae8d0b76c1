package dev.fulcrum.sourcing.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.rollout.Rollouts;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
 *
 * <p>A retired version can be activated again (a rollback). While a canary rollout of the active profile runs, an
 * order in its share is decided by the canary version ({@link #forOrder}).
 */
@Service
public class Profiles {

    public static final String DEFAULT = "default";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    private final Clock clock;
    private final Rollouts rollouts;

    Profiles(JdbcClient jdbc, JsonMapper json, AuditLog audit, Clock clock, Rollouts rollouts) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
        this.rollouts = rollouts;
    }

    /** A stored profile version. */
    public record StoredProfile(
            String name,
            int version,
            String status,
            ProfileDefinition definition,
            Instant createdAt,
            @Nullable Instant activatedAt,
            @Nullable String createdBy,
            @Nullable String activatedBy) {}

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
                            "update sourcing_profiles set definition = ?::jsonb, created_at = ?, created_by = ? where tenant_id = ? and name = ? and version = ?")
                    .params(json.writeValueAsString(definition), now(), actor(), tenant(), name, version)
                    .update();
        } else {
            version = jdbc.sql(
                            "select coalesce(max(version), 0) + 1 from sourcing_profiles where tenant_id = ? and name = ?")
                    .params(tenant(), name)
                    .query(Integer.class)
                    .single();
            jdbc.sql("""
                    insert into sourcing_profiles (tenant_id, name, version, status, definition, created_at, created_by)
                    values (?, ?, ?, 'draft', ?::jsonb, ?, ?)""")
                    .params(tenant(), name, version, json.writeValueAsString(definition), now(), actor())
                    .update();
        }
        audit.record("sourcing.profile.drafted", "sourcing-profile", name + "/" + version, Map.of("version", version));
        return get(name, version);
    }

    /**
     * Makes the version the active one; the previously active version is retired. Activated versions never change; a
     * retired one can be activated again (a rollback). Does not end a running rollout (see {@link #activateInFull}).
     */
    @Transactional
    public StoredProfile activate(String name, int version) {
        StoredProfile target = get(name, version);
        if (target.status().equals("active")) {
            return target;
        }
        active();
        jdbc.sql("update sourcing_profiles set status = 'retired' where tenant_id = ? and status = 'active'")
                .param(tenant())
                .update();
        jdbc.sql(
                        "update sourcing_profiles set status = 'active', activated_at = ?, activated_by = ? where tenant_id = ? and name = ? and version = ?")
                .params(now(), actor(), tenant(), name, version)
                .update();
        audit.record(
                "sourcing.profile.activated", "sourcing-profile", name + "/" + version, Map.of("version", version));
        return get(name, version);
    }

    /** Activates the version and completes a rollout of the profile that runs: every new order is decided by it. */
    @Transactional
    public StoredProfile activateInFull(String name, int version) {
        StoredProfile activated = activate(name, version);
        rollouts.finish(RequestContext.require().tenantId(), "sourcing-profile", name);
        return activated;
    }

    /**
     * The profile version that decides this order: the active one, or the version of a canary rollout of the active
     * profile when the order falls in its share.
     */
    @Transactional
    public StoredProfile forOrder(OrderId order) {
        return forOrder(order, active());
    }

    /** {@link #forOrder(OrderId)} with the active version already read (one read for a batch of orders). */
    @Transactional
    public StoredProfile forOrder(OrderId order, StoredProfile active) {
        TenantId tenant = RequestContext.require().tenantId();
        int version = rollouts.versionFor(tenant, "sourcing-profile", active.name(), order, active.version());
        return version == active.version() ? active : get(active.name(), version);
    }

    /** The active version of the named profile; empty when another profile (or none) is active. */
    @Transactional(readOnly = true)
    public OptionalInt activeVersion(String name) {
        return findActive()
                .filter(profile -> profile.name().equals(name))
                .map(profile -> OptionalInt.of(profile.version()))
                .orElse(OptionalInt.empty());
    }

    /** The highest version below {@code activeVersion} that was active once: what a rollback re-activates. */
    @Transactional(readOnly = true)
    public OptionalInt previousVersion(String name, int activeVersion) {
        return jdbc.sql("""
                        select max(version) from sourcing_profiles
                        where tenant_id = ? and name = ? and version < ? and activated_at is not null""")
                .params(tenant(), name, activeVersion)
                .query((rs, row) -> rs.getObject(1) == null ? OptionalInt.empty() : OptionalInt.of(rs.getInt(1)))
                .single();
    }

    /** Whether the named profile has this version. */
    @Transactional(readOnly = true)
    public boolean exists(String name, int version) {
        return jdbc.sql("select 1 from sourcing_profiles where tenant_id = ? and name = ? and version = ?")
                .params(tenant(), name, version)
                .query(Integer.class)
                .optional()
                .isPresent();
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
                        : rs.getTimestamp("activated_at").toInstant(),
                rs.getString("created_by"),
                rs.getString("activated_by"));
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static String actor() {
        return RequestContext.require().actor();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

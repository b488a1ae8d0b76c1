package dev.fulcrum.access;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenants: each company using one Fulcrum installation, isolated from the others down to PostgreSQL's row security.
 * A platform admin (see {@link PlatformAdmins}) creates them, each with its own admin user and first API key, and
 * suspends or reactivates them; a suspended tenant's keys and users are refused with 403.
 */
@Service
public class Tenants {

    /** What a tenant's slug looks like: short, lower case, URL-safe. */
    public static final Pattern SLUG = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Users users;
    private final ApiKeys apiKeys;
    private final AuditLog audit;
    private final TenantStatus status;

    Tenants(
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            Clock clock,
            Users users,
            ApiKeys apiKeys,
            AuditLog audit,
            TenantStatus status) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.users = users;
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.status = status;
    }

    /** Creates a tenant with a new id and no slug (tests and internal use; no admin user or key). */
    public TenantId create(String name) {
        TenantId tenant = new TenantId(Ids.timeOrdered());
        create(tenant, name);
        return tenant;
    }

    /** Creates the tenant with the given id unless it exists; returns whether it was created. */
    public boolean create(TenantId tenant, String name) {
        return Boolean.TRUE.equals(RequestContext.system(tenant)
                .call(() -> transactions.execute(status -> insert(tenant, null, name, clock.instant()) == 1)));
    }

    /**
     * Creates a tenant for the platform admin of the current {@link RequestContext}: the tenant, its {@code admin}
     * user with a generated one-time password and its first API key (scope {@code admin}), in one transaction of
     * the new tenant; then records the action in the platform admin's own audit log.
     *
     * @throws ApiProblem 400 for a bad slug, name or username, 409 when the slug or username is taken
     */
    public CreatedTenant createWithAdmin(String slug, String name, String adminUsername) {
        java.util.List<dev.fulcrum.shared.FieldProblem> problems = new java.util.ArrayList<>();
        if (!SLUG.matcher(slug).matches()) {
            problems.add(new dev.fulcrum.shared.FieldProblem(
                    "slug", "must be 2 to 40 lower-case letters, digits or '-', starting with a letter"));
        }
        if (name.isBlank() || name.length() > 200) {
            problems.add(new dev.fulcrum.shared.FieldProblem("name", "must be 1 to 200 characters"));
        }
        if (!adminUsername.matches("[A-Za-z0-9._@-]{2,100}")) {
            problems.add(new dev.fulcrum.shared.FieldProblem(
                    "adminUsername", "must be 2 to 100 letters, digits, '.', '_', '@' or '-'"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        RequestContext platform = RequestContext.require();
        TenantId tenant = new TenantId(Ids.timeOrdered());
        String password = Bootstrap.randomPassword();
        // The new tenant's rows are written inside its own row-level security, by the platform admin.
        RequestContext inTenant = new RequestContext(tenant, platform.actor(), platform.requestId());
        CreatedTenant created;
        try {
            created = Objects.requireNonNull(inTenant.call(() -> transactions.execute(tx -> {
                Instant now = clock.instant();
                insert(tenant, slug, name, now);
                UUID userId = users.create(adminUsername, "Administrator", password, "admin");
                ApiKeys.CreatedApiKey key = apiKeys.create("first admin key", List.of(Scopes.ADMIN));
                audit.record("tenant.created", "tenant", tenant.toString(), Map.of("slug", slug, "name", name));
                audit.record(
                        "user.created", "user", userId.toString(), Map.of("username", adminUsername, "role", "admin"));
                audit.record(
                        "api-key.created",
                        "api-key",
                        key.id().toString(),
                        Map.of("name", key.name(), "scopes", key.scopes()));
                return new CreatedTenant(
                        new TenantInfo(tenant, slug, name, TenantInfo.ACTIVE, now, null),
                        new AdminUser(userId, adminUsername.strip(), password),
                        key);
            })));
        } catch (DuplicateKeyException taken) {
            String message = String.valueOf(taken.getMessage());
            if (message.contains("tenants_slug_key")) {
                throw ApiProblem.conflict("slug-taken", "a tenant with the slug '" + slug + "' exists already");
            }
            if (message.contains("users_username_key")) {
                throw ApiProblem.conflict(
                        "username-taken",
                        "the username '" + adminUsername + "' is taken (usernames are unique across tenants)");
            }
            throw taken;
        }
        transactions.executeWithoutResult(tx -> audit.record(
                "platform.tenant.created", "tenant", tenant.toString(), Map.of("slug", slug, "name", name)));
        return created;
    }

    /** Every tenant of the installation, oldest first; for platform admins only (the caller checks). */
    public List<TenantInfo> list() {
        return jdbc.sql(
                        "select tenant_id, slug, name, status, created_at, status_changed_at from fulcrum_list_tenants()")
                .query((rs, row) -> new TenantInfo(
                        new TenantId(rs.getObject("tenant_id", UUID.class)),
                        rs.getString("slug"),
                        rs.getString("name"),
                        rs.getString("status"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("status_changed_at") == null
                                ? null
                                : rs.getTimestamp("status_changed_at").toInstant()))
                .list();
    }

    /** One tenant, or 404. */
    public TenantInfo get(TenantId tenant) {
        return list().stream()
                .filter(info -> info.id().equals(tenant))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("tenant " + tenant + " does not exist"));
    }

    /**
     * Suspends a tenant: from the commit on, its keys and users are refused with 403 on this instance at once and on
     * every other instance within {@code fulcrum.api-keys.cache-ttl}. Its data stays untouched.
     *
     * @throws ApiProblem 404 for an unknown tenant, 409 for the default tenant (the platform's own)
     */
    public TenantInfo suspend(TenantId tenant) {
        if (tenant.equals(TenantId.DEFAULT)) {
            throw ApiProblem.conflict(
                    "default-tenant", "the default tenant is the platform's own and cannot be suspended");
        }
        return changeStatus(tenant, TenantInfo.SUSPENDED);
    }

    /** Lets a suspended tenant in again, with the same bound as {@link #suspend}. */
    public TenantInfo reactivate(TenantId tenant) {
        return changeStatus(tenant, TenantInfo.ACTIVE);
    }

    private TenantInfo changeStatus(TenantId tenant, String newStatus) {
        TenantInfo before = get(tenant);
        if (before.status().equals(newStatus)) {
            return before;
        }
        Instant now = clock.instant();
        RequestContext platform = RequestContext.require();
        new RequestContext(tenant, platform.actor(), platform.requestId())
                .run(() -> transactions.executeWithoutResult(tx -> {
                    jdbc.sql("update tenants set status = ?, status_changed_at = ? where tenant_id = ?")
                            .params(newStatus, Timestamp.from(now), tenant.value())
                            .update();
                    audit.record(
                            newStatus.equals(TenantInfo.ACTIVE) ? "tenant.reactivated" : "tenant.suspended",
                            "tenant",
                            tenant.toString(),
                            Map.of());
                    forgetStatusAfterCommit(tenant);
                }));
        transactions.executeWithoutResult(tx -> audit.record(
                newStatus.equals(TenantInfo.ACTIVE) ? "platform.tenant.reactivated" : "platform.tenant.suspended",
                "tenant",
                tenant.toString(),
                Map.of("slug", String.valueOf(before.slug()), "name", before.name())));
        return new TenantInfo(tenant, before.slug(), before.name(), newStatus, before.createdAt(), now);
    }

    private void forgetStatusAfterCommit(TenantId tenant) {
        // After commit: a request that read the old status between forgetting and committing would cache it again.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                status.forget(tenant);
            }
        });
    }

    private int insert(TenantId tenant, @Nullable String slug, String name, Instant now) {
        return jdbc.sql(
                        "insert into tenants (tenant_id, slug, name, created_at) values (?, ?, ?, ?) on conflict (tenant_id) do nothing")
                .params(tenant.value(), slug, name, Timestamp.from(now))
                .update();
    }

    /** A tenant as the platform admin sees it; {@code slug} is null for tenants created before slugs existed. */
    public record TenantInfo(
            TenantId id,
            @Nullable String slug,
            String name,
            String status,
            Instant createdAt,
            @Nullable Instant statusChangedAt) {

        public static final String ACTIVE = "active";
        public static final String SUSPENDED = "suspended";

        public boolean suspended() {
            return SUSPENDED.equals(status);
        }
    }

    /** The new tenant's admin user; {@code password} is shown this once. */
    public record AdminUser(UUID id, String username, String password) {}

    /** A tenant just created, with its admin user's one-time password and its first API key, both shown once. */
    public record CreatedTenant(TenantInfo tenant, AdminUser adminUser, ApiKeys.CreatedApiKey apiKey) {}
}

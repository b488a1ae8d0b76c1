package dev.fulcrum.rollout.internal;

import dev.fulcrum.rollout.Rollouts;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which version an order sees, from memory. The running canaries of a tenant are cached and checked again with one
 * indexed read once {@code fulcrum.rollouts.active-recheck} (two seconds by default) has passed since the last check,
 * as {@code order/Flows} does with its active versions (ADR 0085): a rollout started, finished or rolled back on
 * another instance governs new orders here within that bound; on this instance at once.
 */
@Service
public class CanaryRollouts implements Rollouts {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate joining;
    private final TransactionTemplate separate;
    private final Duration recheck;
    private final Map<TenantId, Running> running = new ConcurrentHashMap<>();

    CanaryRollouts(
            JdbcClient jdbc,
            Clock clock,
            PlatformTransactionManager transactions,
            @Value("${fulcrum.rollouts.active-recheck:PT2S}") Duration recheck) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.joining = new TransactionTemplate(transactions);
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.recheck = recheck;
    }

    @Override
    public int versionFor(TenantId tenant, String kind, String name, OrderId order, int activeVersion) {
        Canary canary = running(tenant).canaries().get(key(kind, name));
        return versionFor(canary, order, activeVersion);
    }

    /** The version an order sees under a canary (none running: the active version). */
    static int versionFor(@Nullable Canary canary, OrderId order, int activeVersion) {
        return canary != null && Rollouts.bucket(order) < canary.percent() ? canary.version() : activeVersion;
    }

    @Override
    public Optional<Canary> canary(TenantId tenant, String kind, String name) {
        return Optional.ofNullable(running(tenant).canaries().get(key(kind, name)));
    }

    @Override
    public void finish(TenantId tenant, String kind, String name) {
        inTenant(
                tenant,
                () -> jdbc.sql("""
                        update rollouts set ended_at = ?, ended_by = ?, outcome = 'completed'
                        where tenant_id = ? and kind = ? and name = ? and ended_at is null""")
                        .params(
                                Timestamp.from(clock.instant()),
                                RequestContext.current()
                                        .map(RequestContext::actor)
                                        .orElse("system"),
                                tenant.value(),
                                kind,
                                name)
                        .update());
        evict(tenant);
    }

    /** Forgets the tenant's cached canaries: the next question reads them again. */
    void evict(TenantId tenant) {
        running.remove(tenant);
    }

    private Running running(TenantId tenant) {
        Instant now = clock.instant();
        Running cached = running.get(tenant);
        if (cached != null
                && !now.isBefore(cached.checkedAt())
                && !now.isAfter(cached.checkedAt().plus(recheck))) {
            return cached;
        }
        Map<String, Canary> canaries = inTenant(
                tenant,
                () -> jdbc
                        .sql("""
                                select kind, name, version, percent, started_at from rollouts
                                where tenant_id = ? and ended_at is null""")
                        .param(tenant.value())
                        .query((rs, row) -> Map.entry(
                                key(rs.getString("kind"), rs.getString("name")),
                                new Canary(
                                        rs.getInt("version"),
                                        rs.getInt("percent"),
                                        rs.getTimestamp("started_at").toInstant())))
                        .list()
                        .stream()
                        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
        Running fresh = new Running(canaries, now);
        running.put(tenant, fresh);
        return fresh;
    }

    /**
     * Runs the work in a transaction of the tenant: the current one when it is the tenant's (the caller's transaction
     * placing an order), else a transaction of its own, so row-level security lets it see the tenant's rows.
     */
    <T> T inTenant(TenantId tenant, Supplier<T> work) {
        RequestContext current = RequestContext.current().orElse(null);
        if (current != null && current.tenantId().equals(tenant)) {
            return Objects.requireNonNull(joining.execute(status -> work.get()));
        }
        return RequestContext.runAs(
                tenant, "system:rollouts", () -> Objects.requireNonNull(separate.execute(status -> work.get())));
    }

    static String key(String kind, String name) {
        return kind + "/" + name;
    }

    /** The running canaries of one tenant as last read, by {@code kind/name}. */
    private record Running(Map<String, Canary> canaries, Instant checkedAt) {}
}

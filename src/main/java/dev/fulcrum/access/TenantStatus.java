package dev.fulcrum.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fulcrum.shared.TenantId;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether a tenant is suspended, asked by every authenticated request. Answers are kept for the same time as
 * authenticated API keys ({@code fulcrum.api-keys.cache-ttl}, ADR 0080): a suspension made on this instance is
 * forgotten here at commit and so takes effect at once; other instances see it within that time to live.
 */
@Component
class TenantStatus {

    private final JdbcClient jdbc;
    private final Cache<TenantId, Boolean> suspended;

    TenantStatus(JdbcClient jdbc, @Value("${fulcrum.api-keys.cache-ttl:PT10S}") Duration cacheTtl) {
        this.jdbc = jdbc;
        this.suspended = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(cacheTtl)
                .build();
    }

    boolean isSuspended(TenantId tenant) {
        return Boolean.TRUE.equals(suspended.get(tenant, this::load));
    }

    void forget(TenantId tenant) {
        suspended.invalidate(tenant);
    }

    private Boolean load(TenantId tenant) {
        // Runs before any tenant is bound: the function looks past row-level security and answers only the status.
        java.util.List<@Nullable String> status = jdbc.sql("select fulcrum_tenant_status(?)")
                .param(tenant.value())
                .query(String.class)
                .list();
        return !status.isEmpty() && Tenants.TenantInfo.SUSPENDED.equals(status.getFirst());
    }
}

package dev.fulcrum.shared;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One value per tenant that hot paths read instead of the database, such as the policy in force: read again at most
 * {@code recheck} after it was read, so a change made on another instance is seen within that bound, and forgotten at
 * once, and again when the changing transaction ends, when this instance changes it (ADR 0150). The second forgetting
 * matters: a reader between the change and its commit would otherwise cache the old value for a whole bound.
 */
public final class PerTenantCache<V> {

    private final Cache<TenantId, V> values;

    public PerTenantCache(Duration recheck) {
        this.values = Caffeine.newBuilder().expireAfterWrite(recheck).build();
    }

    /** The current tenant's value, read with {@code read} (in the caller's transaction) when not cached. */
    public V get(Supplier<V> read) {
        return values.get(RequestContext.require().tenantId(), tenant -> read.get());
    }

    /** Forgets the current tenant's value now and when the current transaction ends; call it from the change. */
    public void forgetAfterChange() {
        TenantId tenant = RequestContext.require().tenantId();
        values.invalidate(tenant);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    values.invalidate(tenant);
                }
            });
        }
    }
}

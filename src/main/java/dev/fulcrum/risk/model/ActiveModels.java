package dev.fulcrum.risk.model;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scores with each tenant's active model, kept in memory per instance: at most
 * {@code fulcrum.risk.model.cache-tenants} tenants (a model of 200 features is about 10 KB), each entry reloaded in the
 * background {@code fulcrum.risk.model.cache-refresh} after it was loaded, so an activation on another instance is
 * seen here within that time; an activation on this instance is seen at once. A tenant without an active model is
 * remembered as such, so scoring costs no query either way.
 */
@Component
class ActiveModels implements LearnedScores {

    private final RiskModelStore store;
    private final TransactionTemplate ownTransaction;
    private final LoadingCache<TenantId, Optional<RiskModelStore.Active>> active;

    ActiveModels(RiskModelStore store, PlatformTransactionManager transactions, RiskModelSettings settings) {
        this.store = store;
        // Loaded in a transaction of its own, so that scoring inside another tenant's or no transaction reads the right
        // tenant's row under row-level security; only a cache miss or a refresh takes the extra connection.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ownTransaction.setReadOnly(true);
        this.active = Caffeine.newBuilder()
                .maximumSize(settings.cacheTenants())
                .refreshAfterWrite(settings.cacheRefresh())
                .build(this::load);
    }

    @Override
    public Optional<Scored> score(TenantId tenant, Map<String, Double> features) {
        return Objects.requireNonNull(active.get(tenant))
                .map(model -> model.model().score(features, model.modelVersion()));
    }

    /** Forgets the tenant's active model, so that the next score reads the one just activated. */
    void forget(TenantId tenant) {
        active.invalidate(tenant);
    }

    private Optional<RiskModelStore.Active> load(TenantId tenant) {
        return RequestContext.system(tenant)
                .call(() -> Objects.requireNonNull(ownTransaction.execute(status -> store.active())));
    }
}

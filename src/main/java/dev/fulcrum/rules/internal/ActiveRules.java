package dev.fulcrum.rules.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fulcrum.rollout.Rollouts;
import dev.fulcrum.rules.RuleVersion;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The in-memory index of each tenant's active rules, rebuilt when the active versions change (checked with one cheap
 * query per round of the rule job), and compiled versions cached by (tenant, name, version): stored versions never
 * change. Which version applies to an order comes from {@link Rollouts} when a canary runs (absent: the active one).
 */
@Component
public class ActiveRules {

    static final String KIND = "rule";

    private final RuleStore store;
    private final ObjectProvider<Rollouts> rollouts;
    private final Map<TenantId, Indexed> indexes = new ConcurrentHashMap<>();
    private final Cache<String, CompiledRule> compiled =
            Caffeine.newBuilder().maximumSize(20_000).build();

    ActiveRules(RuleStore store, ObjectProvider<Rollouts> rollouts) {
        this.store = store;
        this.rollouts = rollouts;
    }

    private record Indexed(List<String> stamps, RuleIndex index) {}

    /** The current tenant's index, rebuilt when its active versions changed. */
    public RuleIndex index() {
        TenantId tenant = RequestContext.require().tenantId();
        List<String> stamps = store.activeStamps();
        Indexed indexed = indexes.get(tenant);
        if (indexed != null && indexed.stamps().equals(stamps)) {
            return indexed.index();
        }
        List<CompiledRule> rules = store.active().stream().map(this::compiled).toList();
        RuleIndex index = new RuleIndex(rules);
        indexes.put(tenant, new Indexed(stamps, index));
        return index;
    }

    /** The compiled form of a stored version, from the cache. */
    public CompiledRule compiled(RuleVersion version) {
        String key = RequestContext.require().tenantId() + "/" + version.name() + "@" + version.version();
        return compiled.get(key, ignored -> CompiledRule.of(version));
    }

    /** The version of the active rule an order sees: a canary's when its rollout says so, else the active one. */
    public CompiledRule versionFor(CompiledRule active, @Nullable OrderId order) {
        Rollouts canaries = rollouts.getIfAvailable();
        if (canaries == null || order == null) {
            return active;
        }
        TenantId tenant = RequestContext.require().tenantId();
        int version = canaries.versionFor(tenant, KIND, active.name(), order, active.number());
        if (version == active.number() || version <= 0) {
            return active;
        }
        return store.find(active.name(), version).map(this::compiled).orElse(active);
    }
}

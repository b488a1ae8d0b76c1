package dev.fulcrum.contracts.internal;

import dev.fulcrum.contracts.ContractDocument;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestContext;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The compiled active version of each contract per tenant, cached so that intake compiles nothing and reads the
 * active version at most once per {@code fulcrum.contracts.refresh} (10 s by default) per tenant and contract: a
 * version activated on another instance is in force here within that time; on this instance at once.
 */
@Component
public class ActiveContracts {

    private record Key(UUID tenant, String name) {}

    private record Entry(CompiledContract contract, long loadedAtNanos) {}

    private final ContractStore store;
    private final ShippedContracts shipped;
    private final long refreshNanos;
    private final Map<Key, Entry> active = new ConcurrentHashMap<>();
    /** Compiled versions: a version never changes once stored, so it is compiled once per tenant. */
    private final Map<String, CompiledContract> compiled = new ConcurrentHashMap<>();

    ActiveContracts(
            ContractStore store,
            ShippedContracts shipped,
            @Value("${fulcrum.contracts.refresh:PT10S}") java.time.Duration refresh) {
        this.store = store;
        this.shipped = shipped;
        this.refreshNanos = refresh.toNanos();
    }

    /** The active version of the contract for the current tenant, or empty when there is no such contract. */
    public Optional<CompiledContract> find(String name) {
        Key key = new Key(RequestContext.require().tenantId().value(), name);
        Entry entry = active.get(key);
        long now = System.nanoTime();
        if (entry != null && now - entry.loadedAtNanos() < refreshNanos) {
            return Optional.of(entry.contract());
        }
        Optional<CompiledContract> loaded = load(key);
        loaded.ifPresent(contract -> {
            if (active.size() > 10_000) {
                active.clear();
            }
            active.put(key, new Entry(contract, now));
        });
        return loaded;
    }

    /** The active version, or 404 naming the contract. */
    public CompiledContract require(String name) {
        return find(name).orElseThrow(() -> ApiProblem.notFound("there is no contract named " + name));
    }

    /** Compiles a version (cached per tenant, name and version). */
    public CompiledContract compile(int version, ContractDocument document) {
        if (version == 1) {
            return compiled.computeIfAbsent(
                    "shipped\u0000" + document.name(), key -> new CompiledContract(1, document));
        }
        String key = RequestContext.require().tenantId().value() + "\u0000" + document.name() + "\u0000" + version;
        if (compiled.size() > 10_000) {
            compiled.clear();
        }
        return compiled.computeIfAbsent(key, ignored -> new CompiledContract(version, document));
    }

    /** Forgets the cached active version, after an activation on this instance. */
    public void forget(String name) {
        active.remove(new Key(RequestContext.require().tenantId().value(), name));
    }

    private Optional<CompiledContract> load(Key key) {
        Optional<ContractStore.StoredVersion> stored = store.active(key.name());
        if (stored.isPresent()) {
            return Optional.of(compile(stored.get().version(), stored.get().document()));
        }
        return shipped.find(key.name()).map(document -> compile(1, document));
    }
}

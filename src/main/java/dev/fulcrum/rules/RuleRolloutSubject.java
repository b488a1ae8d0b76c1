package dev.fulcrum.rules;

import dev.fulcrum.rollout.RolloutSubject;
import dev.fulcrum.rules.internal.RuleStore;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.time.Instant;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Rules as a subject of canary rollouts: versions, activation (retired versions too) and failed runs. */
@Component
class RuleRolloutSubject implements RolloutSubject {

    private final Rules rules;
    private final RuleStore store;
    private final TransactionTemplate transactions;

    RuleRolloutSubject(Rules rules, RuleStore store, TransactionTemplate transactions) {
        this.rules = rules;
        this.store = store;
        this.transactions = transactions;
    }

    @Override
    public String kind() {
        return "rule";
    }

    @Override
    public OptionalInt activeVersion(TenantId tenant, String name) {
        Integer version = RequestContext.runAs(
                tenant,
                "system:rollout",
                () -> transactions.execute(status -> store.versions(name).stream()
                        .filter(v -> v.status().equals("active"))
                        .map(RuleVersion::version)
                        .findFirst()
                        .orElse(0)));
        return version == null || version == 0 ? OptionalInt.empty() : OptionalInt.of(version);
    }

    @Override
    public boolean exists(TenantId tenant, String name, int version) {
        return Boolean.TRUE.equals(RequestContext.runAs(
                tenant,
                "system:rollout",
                () -> transactions.execute(status -> store.find(name, version).isPresent())));
    }

    @Override
    public void activate(TenantId tenant, String name, int version, String actor) {
        RequestContext.runAs(
                tenant, actor, () -> transactions.execute(status -> rules.activateVersion(name, version, actor, null)));
    }

    @Override
    public long actionFailures(TenantId tenant, String name, int version, Instant since) {
        Long failures = RequestContext.runAs(
                tenant, "system:rollout", () -> transactions.execute(status -> store.failures(name, version, since)));
        return failures == null ? 0 : failures;
    }
}

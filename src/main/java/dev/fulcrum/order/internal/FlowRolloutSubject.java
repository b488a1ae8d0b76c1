package dev.fulcrum.order.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.order.Flows;
import dev.fulcrum.rollout.PreviousVersions;
import dev.fulcrum.rollout.RolloutSubject;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** Flows as a rollout subject (kind {@code flow}): canaries, guards and rollback of flow versions. */
@Component
class FlowRolloutSubject implements RolloutSubject, PreviousVersions {

    private final Flows flows;
    private final AuditLog audit;

    FlowRolloutSubject(Flows flows, AuditLog audit) {
        this.flows = flows;
        this.audit = audit;
    }

    @Override
    public String kind() {
        return "flow";
    }

    @Override
    public OptionalInt activeVersion(TenantId tenant, String name) {
        return as(tenant, "system:rollouts", () -> flows.activeVersion(name));
    }

    @Override
    public boolean exists(TenantId tenant, String name, int version) {
        return as(tenant, "system:rollouts", () -> flows.exists(name, version));
    }

    @Override
    public void activate(TenantId tenant, String name, int version, String actor) {
        as(tenant, actor, () -> {
            flows.activate(name, version);
            audit.record("flow.activated", "flow", name, Map.of("version", version));
            return true;
        });
    }

    @Override
    public OptionalInt previousVersion(TenantId tenant, String name, int activeVersion) {
        return as(tenant, "system:rollouts", () -> flows.previousVersion(name, activeVersion));
    }

    /** Runs the work as the tenant: the current context when it is the tenant's (its actor stays), else a new one. */
    private static <T> T as(TenantId tenant, String actor, Supplier<T> work) {
        RequestContext current = RequestContext.current().orElse(null);
        if (current != null
                && current.tenantId().equals(tenant)
                && current.actor().equals(actor)) {
            return work.get();
        }
        return RequestContext.runAs(tenant, actor, work);
    }
}

package dev.fulcrum.sourcing.internal;

import dev.fulcrum.rollout.PreviousVersions;
import dev.fulcrum.rollout.RolloutSubject;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Sourcing profiles as a rollout subject (kind {@code sourcing-profile}). One profile is active per tenant, so a
 * profile's active version is empty while another profile is active.
 */
@Component
class ProfileRolloutSubject implements RolloutSubject, PreviousVersions {

    private final Profiles profiles;

    ProfileRolloutSubject(Profiles profiles) {
        this.profiles = profiles;
    }

    @Override
    public String kind() {
        return "sourcing-profile";
    }

    @Override
    public OptionalInt activeVersion(TenantId tenant, String name) {
        return as(tenant, "system:rollouts", () -> profiles.activeVersion(name));
    }

    @Override
    public boolean exists(TenantId tenant, String name, int version) {
        return as(tenant, "system:rollouts", () -> profiles.exists(name, version));
    }

    @Override
    public void activate(TenantId tenant, String name, int version, String actor) {
        as(tenant, actor, () -> profiles.activate(name, version));
    }

    @Override
    public OptionalInt previousVersion(TenantId tenant, String name, int activeVersion) {
        return as(tenant, "system:rollouts", () -> profiles.previousVersion(name, activeVersion));
    }

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

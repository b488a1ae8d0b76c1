package dev.fulcrum.rollout;

import dev.fulcrum.shared.TenantId;
import java.time.Instant;
import java.util.OptionalInt;

/** A versioned thing operators roll out: the rules, flows and sourcing-profile modules each provide one bean. */
public interface RolloutSubject {

    /** {@code rule}, {@code flow} or {@code sourcing-profile}: the word in events ({@code rule.rolled-back}). */
    String kind();

    /** The active version of the named subject; empty when none is active. */
    OptionalInt activeVersion(TenantId tenant, String name);

    /** Whether this version of the named subject exists. */
    boolean exists(TenantId tenant, String name, int version);

    /** Makes the version the only active one, re-activating a retired version too; audited with the actor. */
    void activate(TenantId tenant, String name, int version, String actor);

    /** Failed actions of the version since an instant; only rules have any. */
    default long actionFailures(TenantId tenant, String name, int version, Instant since) {
        return 0;
    }
}

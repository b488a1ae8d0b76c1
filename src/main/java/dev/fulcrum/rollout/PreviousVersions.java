package dev.fulcrum.rollout;

import dev.fulcrum.shared.TenantId;
import java.util.OptionalInt;

/**
 * Implemented by a {@link RolloutSubject} that knows which of its versions were active before: rollback re-activates
 * the highest version below the active one that was active once. Without it, rollback takes the highest existing
 * version below the active one.
 */
public interface PreviousVersions {

    /** The version to roll back to from {@code activeVersion}; empty when there is none. */
    OptionalInt previousVersion(TenantId tenant, String name, int activeVersion);
}

package dev.fulcrum.access;

import dev.fulcrum.shared.TenantId;

/** Whoever an authenticated request comes from: a user or an API key, always of one tenant. */
public interface Caller {

    TenantId tenant();

    /** How the audit log names the caller, for example {@code user:admin} or {@code key:ab12cd34 (ERP)}. */
    String actor();
}

package dev.fulcrum.contracts;

import java.util.List;

/**
 * Implemented by a module that describes its own input or output as contracts (the events module its public event
 * types, the channels module its connections' input): their shipped versions, listed in the registry beside the
 * resources under {@code contracts/}. Called in a transaction of the current tenant, so a source may list per-tenant
 * contracts.
 */
public interface ContractSource {

    /** The contracts of this source, as shipped; tenants may store newer versions. */
    List<ContractDocument> contracts();
}

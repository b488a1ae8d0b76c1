package dev.fulcrum.testing;

import dev.fulcrum.access.ApiKeys;
import dev.fulcrum.access.Tenants;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationContext;

/**
 * A fresh tenant with an API key, so that each test works on data nobody else sees: tests share one database and
 * stay independent through the same tenant isolation production relies on.
 */
public record TestTenant(TenantId id, String apiKey) {

    public static TestTenant create(ApplicationContext context, String... scopes) {
        TenantId tenant = context.getBean(Tenants.class).create("test " + UUID.randomUUID());
        List<String> granted = scopes.length == 0 ? List.of("admin") : List.of(scopes);
        String key = RequestContext.runAs(
                tenant,
                "test",
                () -> context.getBean(ApiKeys.class).create("test key", granted).key());
        return new TestTenant(tenant, key);
    }

    /** Another key for the same tenant with other scopes. */
    public String keyWith(ApplicationContext context, String... scopes) {
        return RequestContext.runAs(
                id,
                "test",
                () -> context.getBean(ApiKeys.class)
                        .create("test key", List.of(scopes))
                        .key());
    }

    public <T> T call(java.util.function.Supplier<T> work) {
        return RequestContext.runAs(id, "test", work);
    }
}

package dev.fulcrum.shared;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Who is acting for which tenant in the current unit of work. Every database transaction reads the tenant from here
 * and hands it to PostgreSQL's row-level security; every audit entry reads the actor and request id from here.
 *
 * <p>Set by the security filters for requests, and by {@link #runAs} for background work and tests.
 */
public record RequestContext(TenantId tenantId, String actor, String requestId) {

    private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

    public RequestContext {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(requestId, "requestId");
    }

    public static RequestContext system(TenantId tenantId) {
        return new RequestContext(tenantId, "system", UUID.randomUUID().toString());
    }

    /** The context of the current thread, empty outside a request or {@link #runAs} block. */
    public static Optional<RequestContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The context of the current thread; fails when there is none, because tenant data must never be touched without one. */
    public static RequestContext require() {
        RequestContext context = CURRENT.get();
        if (context == null) {
            throw new IllegalStateException("no tenant in context: wrap the work in RequestContext.runAs(...)");
        }
        return context;
    }

    public <T> T call(Supplier<T> work) {
        RequestContext previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            restore(previous);
        }
    }

    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    public static <T> T runAs(TenantId tenantId, String actor, Supplier<T> work) {
        return new RequestContext(tenantId, actor, UUID.randomUUID().toString()).call(work);
    }

    /** Binds this context to the current thread until {@link #clear()}; for servlet filters that wrap a whole request. */
    public void bind() {
        CURRENT.set(this);
    }

    public static void clear() {
        CURRENT.remove();
    }

    private static void restore(RequestContext previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}

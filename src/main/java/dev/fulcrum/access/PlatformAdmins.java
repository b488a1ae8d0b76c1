package dev.fulcrum.access;

import dev.fulcrum.shared.TenantId;
import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;

/**
 * Who may manage the installation's tenants: the default tenant is the platform's own, so its admins are the
 * platform admins. An API key of the default tenant with scope {@code admin}, {@code platform:write} or (for reading)
 * {@code platform:read}, and a console user of the default tenant with role {@code admin}. Keys and users of any other
 * tenant never are, whatever their scopes or role (ADR 0092).
 */
public final class PlatformAdmins {

    /** Scope for the platform API on a narrower key of the default tenant, for example a provisioning script's. */
    public static final String PLATFORM_WRITE = "platform:write";

    public static final String PLATFORM_READ = "platform:read";

    private PlatformAdmins() {}

    /** Whether the authenticated caller (key or console user) is a platform admin. */
    public static boolean holds(@Nullable Authentication authentication) {
        if (authentication == null) {
            return false;
        }
        return switch (authentication.getPrincipal()) {
            case ApiKeyAuthentication key -> keyMay(key.tenant(), key.scopes(), PLATFORM_WRITE);
            case FulcrumUser user -> user.tenant().equals(TenantId.DEFAULT) && "admin".equals(user.role());
            case null, default -> false;
        };
    }

    /** Whether a key of {@code tenant} holding {@code granted} may act with the platform scope {@code required}. */
    static boolean keyMay(TenantId tenant, Collection<String> granted, String required) {
        return tenant.equals(TenantId.DEFAULT) && Scopes.grants(granted, required);
    }

    static boolean isPlatformScope(String scope) {
        return scope.startsWith("platform:");
    }
}

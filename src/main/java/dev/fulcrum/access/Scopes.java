package dev.fulcrum.access;

import java.util.regex.Pattern;

/**
 * What an API key may do. Scopes follow the API's resources: {@code <resource>:read} allows {@code GET} under
 * {@code /api/v1/<resource>}, {@code <resource>:write} allows every method there (and implies read), and
 * {@code admin} allows everything in its tenant. {@code platform:read} / {@code platform:write} (the platform API,
 * {@code /api/v1/platform}) count only on keys of the default tenant; see {@link PlatformAdmins}.
 */
public final class Scopes {

    public static final String ORDERS_READ = "orders:read";
    public static final String ORDERS_WRITE = "orders:write";
    public static final String EVENTS_READ = "events:read";
    public static final String ADMIN = "admin";

    private static final Pattern FORMAT = Pattern.compile("admin|[a-z][a-z0-9-]*:(read|write)");

    private Scopes() {}

    public static boolean isValid(String scope) {
        return FORMAT.matcher(scope).matches();
    }

    /** The scope a request needs: derived from the first path segment after {@code /api/v1/} and the method. */
    public static String requiredFor(String method, String path) {
        String rest = path.startsWith("/api/v1/") ? path.substring("/api/v1/".length()) : "";
        int slash = rest.indexOf('/');
        String resource = slash < 0 ? rest : rest.substring(0, slash);
        int colon = resource.indexOf(':');
        if (colon >= 0) {
            resource = resource.substring(0, colon);
        }
        if (resource.isEmpty() || !resource.matches("[a-z][a-z0-9-]*")) {
            return ADMIN;
        }
        boolean reading = "GET".equals(method) || "HEAD".equals(method);
        return resource + (reading ? ":read" : ":write");
    }

    /** Whether a key holding {@code granted} may act with {@code required}. */
    public static boolean grants(java.util.Collection<String> granted, String required) {
        if (granted.contains(ADMIN) || granted.contains(required)) {
            return true;
        }
        return required.endsWith(":read") && granted.contains(required.replace(":read", ":write"));
    }
}

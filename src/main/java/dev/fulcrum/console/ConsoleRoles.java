package dev.fulcrum.console;

import dev.fulcrum.access.FulcrumUser;
import dev.fulcrum.shared.ApiProblem;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** What the logged-in person may do in the console: viewers look, operators and admins act, admins manage users. */
final class ConsoleRoles {

    private ConsoleRoles() {}

    static @Nullable FulcrumUser current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof FulcrumUser user ? user : null;
    }

    static boolean mayAct() {
        FulcrumUser user = current();
        return user != null && ("operator".equals(user.role()) || "admin".equals(user.role()));
    }

    static boolean isAdmin() {
        FulcrumUser user = current();
        return user != null && "admin".equals(user.role());
    }

    static void requireMayAct() {
        if (!mayAct()) {
            throw ApiProblem.forbidden("viewers look only: acting needs the role operator or admin");
        }
    }

    static void requireAdmin() {
        if (!isAdmin()) {
            throw ApiProblem.forbidden("only an admin may do this");
        }
    }
}

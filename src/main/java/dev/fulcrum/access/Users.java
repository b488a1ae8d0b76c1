package dev.fulcrum.access;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** People who log in to the console: a username (unique across tenants), a role and a password hash (Argon2id). */
@Service
public class Users implements UserDetailsService {

    public static final List<String> ROLES = List.of("admin", "operator", "viewer");

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;

    Users(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** Creates a user in the current tenant. */
    @Transactional
    public UUID create(String username, String displayName, String password, String role) {
        if (!ROLES.contains(role)) {
            throw ApiProblem.invalid("role", "must be one of " + ROLES);
        }
        if (password.length() < 8) {
            throw ApiProblem.invalid("password", "must be at least 8 characters long");
        }
        UUID id = Ids.timeOrdered();
        jdbc.sql("""
                insert into users (tenant_id, id, username, display_name, password_hash, role, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        RequestContext.require().tenantId().value(),
                        id,
                        username.strip(),
                        displayName,
                        passwords.encode(password),
                        role,
                        Timestamp.from(clock.instant()))
                .update();
        return id;
    }

    /** A console user as listed; never the password hash. */
    public record UserInfo(UUID id, String username, String displayName, String role, Instant createdAt) {}

    /** The users of the current tenant, by username. */
    @Transactional(readOnly = true)
    public List<UserInfo> list() {
        return jdbc.sql("""
                select id, username, display_name, role, created_at from users where tenant_id = ?
                order by lower(username)""")
                .param(RequestContext.require().tenantId().value())
                .query((rs, row) -> new UserInfo(
                        rs.getObject("id", UUID.class),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        rs.getString("role"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    @Override
    public FulcrumUser loadUserByUsername(String username) {
        return jdbc.sql("select tenant_id, id, username, display_name, password_hash, role from fulcrum_find_user(?)")
                .param(username.strip())
                .query((rs, row) -> new FulcrumUser(
                        new TenantId(rs.getObject("tenant_id", UUID.class)),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        rs.getString("password_hash"),
                        rs.getString("role"),
                        List.of(new SimpleGrantedAuthority(
                                "ROLE_" + rs.getString("role").toUpperCase(Locale.ROOT)))))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}

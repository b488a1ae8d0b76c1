package dev.fulcrum.access;

import dev.fulcrum.shared.TenantId;
import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A person logged in to the console. */
public record FulcrumUser(
        TenantId tenant,
        String username,
        String displayName,
        String passwordHash,
        String role,
        Collection<? extends GrantedAuthority> authorities)
        implements UserDetails, Caller {

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return authorities;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String actor() {
        return "user:" + username;
    }
}

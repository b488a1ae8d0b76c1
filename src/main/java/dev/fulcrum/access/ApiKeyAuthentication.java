package dev.fulcrum.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated API key. Its authorities are {@code SCOPE_<scope>}; an admin key holds every scope. */
@SuppressWarnings("serial") // never Java-serialized
final class ApiKeyAuthentication extends AbstractAuthenticationToken implements Caller {

    private final ApiKeys.AuthenticatedKey key;

    ApiKeyAuthentication(ApiKeys.AuthenticatedKey key) {
        super(authorities(key.scopes()));
        this.key = key;
        setAuthenticated(true);
    }

    private static Collection<GrantedAuthority> authorities(List<String> scopes) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
        return authorities;
    }

    List<String> scopes() {
        return key.scopes();
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return this;
    }

    @Override
    public String getName() {
        return actor();
    }

    @Override
    public dev.fulcrum.shared.TenantId tenant() {
        return key.tenant();
    }

    @Override
    public String actor() {
        return "key:" + key.name();
    }
}

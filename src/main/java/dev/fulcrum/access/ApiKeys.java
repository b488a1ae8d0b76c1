package dev.fulcrum.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Digests;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys for systems. A key reads {@code fk_<prefix>_<secret>}: the prefix is stored readable to find and name the
 * key, the whole key only as its SHA-256 digest (a random 192-bit secret needs no slow hash). A key is shown once,
 * when created.
 */
@Service
public class ApiKeys {

    private static final Pattern FORMAT = Pattern.compile("fk_([a-z0-9]{8})_([A-Za-z0-9]{16,})");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Clock clock;
    /**
     * Keys that authenticated recently, by the digest of the whole token: a request with a known key costs no round
     * trip. Only successes are kept, so a new key works at once; a revocation clears the cache of this instance and
     * reaches other instances within the time to live.
     */
    private final Cache<String, AuthenticatedKey> recent;

    ApiKeys(
            JdbcClient jdbc,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${fulcrum.api-keys.cache-ttl:PT10S}")
                    java.time.Duration cacheTtl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.recent = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(cacheTtl)
                .build();
    }

    /** Creates a key for the current tenant with a random secret. */
    @Transactional
    public CreatedApiKey create(String name, List<String> scopes) {
        String key = "fk_" + random(ALPHABET, 8) + "_" + random(SECRET_ALPHABET, 32);
        return store(name, scopes, key);
    }

    /** Creates a key for the current tenant with a secret chosen by the operator (at least 16 characters). */
    @Transactional
    public CreatedApiKey createWithSecret(String name, List<String> scopes, String key) {
        if (key.length() < 16) {
            throw ApiProblem.invalid("key", "must be at least 16 characters long");
        }
        return store(name, scopes, key);
    }

    @Transactional(readOnly = true)
    public List<ApiKeyInfo> list() {
        return jdbc.sql("""
                select id, name, prefix, scopes, created_at, created_by, revoked_at from api_keys
                where tenant_id = ? order by created_at""")
                .params(RequestContext.require().tenantId().value())
                .query((rs, row) -> new ApiKeyInfo(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getString("prefix"),
                        List.of((String[]) rs.getArray("scopes").getArray()),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by"),
                        rs.getTimestamp("revoked_at") == null
                                ? null
                                : rs.getTimestamp("revoked_at").toInstant()))
                .list();
    }

    @Transactional
    public void revoke(UUID id) {
        int revoked = jdbc.sql(
                        "update api_keys set revoked_at = ? where tenant_id = ? and id = ? and revoked_at is null")
                .params(
                        Timestamp.from(clock.instant()),
                        RequestContext.require().tenantId().value(),
                        id)
                .update();
        // After commit: a request authenticated between clearing and committing would cache the key again.
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        recent.invalidateAll();
                    }
                });
        if (revoked == 0) {
            throw ApiProblem.notFound("API key " + id + " does not exist or is already revoked");
        }
    }

    /** Finds the key a bearer token stands for; empty when unknown, revoked or wrong. Runs before a tenant is known. */
    Optional<AuthenticatedKey> authenticate(String token) {
        String digest = Digests.sha256Hex(token);
        AuthenticatedKey known = recent.getIfPresent(digest);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<AuthenticatedKey> found = jdbc.sql(
                        "select tenant_id, id, name, secret_hash, scopes, revoked from fulcrum_find_api_key(?)")
                .param(prefixOf(token))
                .query((rs, row) -> new Stored(
                        new TenantId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getString("secret_hash"),
                        List.of((String[]) rs.getArray("scopes").getArray()),
                        rs.getBoolean("revoked")))
                .optional()
                .filter(stored -> !stored.revoked()
                        && MessageDigest.isEqual(
                                stored.secretHash().getBytes(StandardCharsets.US_ASCII),
                                digest.getBytes(StandardCharsets.US_ASCII)))
                .map(stored -> new AuthenticatedKey(stored.tenant(), stored.id(), stored.name(), stored.scopes()));
        found.ifPresent(key -> recent.put(digest, key));
        return found;
    }

    private CreatedApiKey store(String name, List<String> scopes, String key) {
        for (String scope : scopes) {
            if (!Scopes.isValid(scope)) {
                throw ApiProblem.invalid(
                        "scopes",
                        "'" + scope + "' is not a scope: use admin, <resource>:read or "
                                + "<resource>:write, for example orders:read");
            }
        }
        RequestContext context = RequestContext.require();
        if (!context.tenantId().equals(TenantId.DEFAULT) && scopes.stream().anyMatch(PlatformAdmins::isPlatformScope)) {
            throw ApiProblem.invalid("scopes", "platform scopes are only for keys of the default tenant");
        }
        UUID id = Ids.timeOrdered();
        String prefix = prefixOf(key);
        Instant now = clock.instant();
        jdbc.sql("""
                insert into api_keys (tenant_id, id, name, prefix, secret_hash, scopes, created_at, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        context.tenantId().value(),
                        id,
                        name,
                        prefix,
                        Digests.sha256Hex(key),
                        scopes.toArray(String[]::new),
                        Timestamp.from(now),
                        context.actor())
                .update();
        return new CreatedApiKey(id, name, prefix, List.copyOf(scopes), key);
    }

    /** The readable prefix of a key in Fulcrum's format; for keys chosen by an operator, a digest-derived one. */
    static String prefixOf(String key) {
        Matcher matcher = FORMAT.matcher(key);
        return matcher.matches()
                ? matcher.group(1)
                : "x" + Digests.sha256Hex(key).substring(0, 15);
    }

    private static String random(String alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    /** A key just created: {@code key} is the only time the secret is shown. */
    public record CreatedApiKey(UUID id, String name, String prefix, List<String> scopes, String key) {}

    /** A stored key as listed; never contains the secret. */
    public record ApiKeyInfo(
            UUID id,
            String name,
            String prefix,
            List<String> scopes,
            Instant createdAt,
            String createdBy,
            @Nullable Instant revokedAt) {}

    record AuthenticatedKey(TenantId tenant, UUID id, String name, List<String> scopes) {}

    private record Stored(
            TenantId tenant, UUID id, String name, String secretHash, List<String> scopes, boolean revoked) {}
}

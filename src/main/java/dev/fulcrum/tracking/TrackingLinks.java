package dev.fulcrum.tracking;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signed, expiring tracking links (ADR 0132). A token is {@code <tenant>.<expiry>.<signature>}: the tenant's id and the
 * expiry in epoch seconds, and an HMAC-SHA256 under the tenant's own key of the tenant, the order id and the expiry.
 * The order id is in the link's path, not in the token, so a token opens only the order it was signed for.
 */
@Service
public class TrackingLinks {

    /** How long a link stays valid when the caller does not say. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    /** The longest validity a link may have: a tracking link is for one delivery, not a standing credential. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(90);

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate readOnly;
    private final SecureRandom random = new SecureRandom();

    TrackingLinks(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** A link's token and when it stops working. */
    public record Link(OrderId orderId, String token, Instant expiresAt) {
        /** The path of the public page, relative to the server's base URL. */
        public String path() {
            return "/track/" + orderId + "?t=" + token;
        }
    }

    /** The order a valid token opens, and its tenant. */
    public record Opened(TenantId tenant, OrderId orderId) {}

    /** Signs a link to the order for the current request's tenant; the caller checks the order exists. */
    @Transactional
    public Link issue(OrderId orderId, Duration validity) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            throw ApiProblem.invalid("validFor", "between one second and " + MAX_VALIDITY.toDays() + " days (P90D)");
        }
        TenantId tenant = RequestContext.require().tenantId();
        Instant expiresAt = clock.instant().plus(validity).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        byte[] signature = sign(secretOfCurrentTenant(), tenant, orderId, expiresAt.getEpochSecond());
        String token = BASE64.encodeToString(bytes(tenant.value())) + "." + expiresAt.getEpochSecond() + "."
                + BASE64.encodeToString(signature);
        return new Link(orderId, token, expiresAt);
    }

    /**
     * The tenant and order a token opens for the given order id, if the token is well-formed, signed for that order
     * and not expired. Runs without a request context: the tenant is read from the token, then proven by its key.
     */
    public Optional<Opened> open(String orderIdText, String token) {
        Optional<OrderId> orderId = OrderId.parse(orderIdText);
        String[] parts = token.split("\\.", -1);
        if (orderId.isEmpty() || parts.length != 3) {
            return Optional.empty();
        }
        TenantId tenant;
        long expiry;
        byte[] signature;
        try {
            tenant = new TenantId(uuid(UNBASE64.decode(parts[0])));
            expiry = Long.parseLong(parts[1]);
            signature = UNBASE64.decode(parts[2]);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        if (clock.instant().getEpochSecond() >= expiry) {
            return Optional.empty();
        }
        Optional<byte[]> secret = RequestContext.runAs(
                tenant,
                "tracking-page",
                () -> java.util.Objects.requireNonNull(readOnly.execute(status -> existingSecret())));
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        byte[] expected = sign(secret.get(), tenant, orderId.get(), expiry);
        return MessageDigest.isEqual(expected, signature)
                ? Optional.of(new Opened(tenant, orderId.get()))
                : Optional.empty();
    }

    private byte[] secretOfCurrentTenant() {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        jdbc.sql("insert into tracking_secrets (tenant_id, secret) values (fulcrum_current_tenant(), ?) "
                        + "on conflict (tenant_id) do nothing")
                .param(fresh)
                .update();
        return existingSecret().orElseThrow();
    }

    private Optional<byte[]> existingSecret() {
        return jdbc.sql("select secret from tracking_secrets where tenant_id = fulcrum_current_tenant()")
                .query((row, number) -> java.util.Objects.requireNonNull(row.getBytes(1)))
                .optional();
    }

    private static byte[] sign(byte[] secret, TenantId tenant, OrderId orderId, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal((tenant.value() + "|" + orderId + "|" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", unavailable);
        }
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .array();
    }

    private static UUID uuid(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a tenant id has 16 bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}

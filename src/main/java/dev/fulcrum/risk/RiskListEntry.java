package dev.fulcrum.risk;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An allow or deny list entry: a deny match rejects the order, an allow match skips scoring. {@code value} is
 * normalised as the order's values are (lower-case e-mail and domain, the digits of a phone); an {@code ip} value may
 * be a CIDR block. Expires at {@code expiresAt} when set.
 */
public record RiskListEntry(
        String kind,
        String value,
        String list,
        String reason,
        @Nullable Instant expiresAt,
        Instant createdAt,
        String createdBy) {

    public static final List<String> KINDS =
            List.of("email", "email-domain", "phone", "device", "ip", "address", "customer", "card-bin");
    public static final List<String> LISTS = List.of("allow", "deny");
}

package dev.fulcrum.events.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A webhook subscription as the API shows it. The signing secrets are never shown again after creation or rotation.
 * {@code region} is the data region the subscriber is in (null: the tenant's own): personal fields going to another
 * region are masked unless the tenant allows that transfer ({@link dev.fulcrum.compliance.DataResidency}).
 */
public record Subscription(
        UUID id,
        String url,
        List<String> eventTypes,
        @Nullable String filter,
        List<String> fields,
        List<String> personalData,
        @Nullable String region,
        String status,
        @Nullable Instant failingSince,
        @Nullable Instant pausedAt,
        @Nullable Instant previousSecretValidUntil,
        Instant createdAt,
        Instant updatedAt,
        @JsonIgnore String secret,
        @JsonIgnore @Nullable String previousSecret) {

    /** The secrets to sign with at {@code now}: the current one, and the previous one during its overlap period. */
    List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(List.of(secret));
        if (previousSecret != null && previousSecretValidUntil != null && now.isBefore(previousSecretValidUntil)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    boolean wants(String eventType) {
        return eventTypes.contains("*") || eventTypes.contains(eventType);
    }
}

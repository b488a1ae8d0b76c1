package dev.fulcrum.order;

import org.jspecify.annotations.Nullable;

/** A postal address; {@code country} is an ISO 3166-1 alpha-2 code, coordinates are optional. */
public record Address(
        String name,
        @Nullable String phone,
        String line1,
        @Nullable String line2,
        String city,
        @Nullable String region,
        @Nullable String postalCode,
        String country,
        @Nullable Double latitude,
        @Nullable Double longitude) {}

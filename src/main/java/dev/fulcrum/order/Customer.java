package dev.fulcrum.order;

import org.jspecify.annotations.Nullable;

/** The buyer as the channel knows them. Only {@code name} is always present. */
public record Customer(
        @Nullable String id,
        String name,
        @Nullable String email,
        @Nullable String phone) {}

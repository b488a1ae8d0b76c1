package dev.fulcrum.channels;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of channel Fulcrum has an adapter for. */
public enum ConnectionType {
    SHOPIFY,
    WOOCOMMERCE,
    AMAZON,
    GENERIC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ConnectionType> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(type -> type.wireName().equals(name))
                .findFirst();
    }
}

package dev.fulcrum.shared;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A stock keeping unit: the identifier of an item across channels, catalogue and inventory. On the wire it is its
 * plain string.
 */
public record Sku(@JsonValue String value) {

    public Sku {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("SKU must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.fulcrum.shared;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** Identifies a stock location (warehouse, store, supplier drop-ship node) across inventory and sourcing. */
public record LocationId(@JsonValue String value) {

    public LocationId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("location id must not be blank");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

package dev.fulcrum.shared;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies a tenant; every row Fulcrum stores belongs to exactly one. */
public record TenantId(@JsonValue UUID value) {

    /** The tenant created on first start. */
    public static final TenantId DEFAULT = new TenantId(UUID.fromString("00000000-0000-0000-0000-000000000001"));

    public TenantId {
        Objects.requireNonNull(value, "value");
    }

    public static TenantId of(String value) {
        return new TenantId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

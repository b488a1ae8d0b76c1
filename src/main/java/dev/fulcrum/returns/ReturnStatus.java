package dev.fulcrum.returns;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * Where a return stands on its logistics side; the refund runs beside it ({@link Return.Refund#status()}).
 * {@code requested} waits for review; {@code approved} expects the units back (or, for {@code keep_it}, only the
 * refund); {@code received} has the units back and waits for its refund; {@code refunded} is settled; {@code rejected}
 * and {@code closed} are final.
 */
public enum ReturnStatus {
    REQUESTED,
    APPROVED,
    REJECTED,
    RECEIVED,
    REFUNDED,
    CLOSED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isFinal() {
        return this == REJECTED || this == CLOSED;
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ReturnStatus::wireName).toList();
    }

    /**
     * The status of a wire name.
     *
     * @throws IllegalArgumentException for a name that is not a return status
     */
    public static ReturnStatus fromWireName(String name) {
        return Arrays.stream(values())
                .filter(status -> status.wireName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no return status " + name));
    }
}

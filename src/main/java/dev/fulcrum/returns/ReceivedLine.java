package dev.fulcrum.returns;

import org.jspecify.annotations.Nullable;

/** Units of one return line received back, in one condition: {@code sellable} or {@code damaged}. */
public record ReceivedLine(
        @Nullable Integer lineNo, @Nullable String sku, int quantity, String condition) {

    public static final java.util.List<String> CONDITIONS = java.util.List.of("sellable", "damaged");
}

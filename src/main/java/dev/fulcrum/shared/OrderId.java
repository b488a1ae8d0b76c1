package dev.fulcrum.shared;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Identifies an order. Time-ordered (UUID version 7) so that newer orders sort later in indexes. */
public record OrderId(@JsonValue UUID value) {

    public OrderId {
        Objects.requireNonNull(value, "value");
    }

    public static OrderId newId() {
        return new OrderId(Ids.timeOrdered());
    }

    /** Parses an id from a path or query; empty when the text is not a UUID. */
    public static Optional<OrderId> parse(String text) {
        try {
            return Optional.of(new OrderId(UUID.fromString(text)));
        } catch (IllegalArgumentException | NullPointerException notAnId) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

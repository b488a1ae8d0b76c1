package dev.fulcrum.order;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** The payment as the channel reports it. {@code status} is one of pending, authorized, captured, refunded, failed. */
public record Payment(
        String status, @Nullable String method, @Nullable BigDecimal amount) {

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isCaptured() {
        return "captured".equals(status);
    }
}

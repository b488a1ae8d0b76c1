package dev.fulcrum.order;

import dev.fulcrum.shared.Money;
import org.jspecify.annotations.Nullable;

/**
 * The payment as the channel reports it. {@code status} is one of pending, authorized, captured, refunded, failed;
 * {@code amount}, when reported, is in the order's currency.
 */
public record Payment(
        String status, @Nullable String method, @Nullable Money amount) {

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isCaptured() {
        return "captured".equals(status);
    }
}

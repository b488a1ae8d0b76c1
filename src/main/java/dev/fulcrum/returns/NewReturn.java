package dev.fulcrum.returns;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A return request as {@code POST /api/v1/orders/{id}/returns} takes it. Each line names an order line by
 * {@code lineNo} or, where unambiguous, by {@code sku}.
 */
public record NewReturn(
        List<RequestedLine> lines,
        String resolution,
        String method,
        @Nullable String note) {

    public NewReturn {
        lines = List.copyOf(lines);
    }

    /**
     * One line asked back.
     *
     * @param replacement for an exchange, what replaces these units; null: the same SKU and units
     */
    public record RequestedLine(
            @Nullable Integer lineNo,
            @Nullable String sku,
            int quantity,
            String reason,
            @Nullable Replacement replacement) {

        public RequestedLine(@Nullable Integer lineNo, @Nullable String sku, int quantity, String reason) {
            this(lineNo, sku, quantity, reason, null);
        }
    }

    /**
     * What an exchange sends in place of a returned line.
     *
     * @param unitPrice the replacement's price per unit in the order's currency; null: priced as the returned units
     *     were paid (only for the same SKU)
     */
    public record Replacement(
            String sku, int quantity, @Nullable BigDecimal unitPrice) {}
}

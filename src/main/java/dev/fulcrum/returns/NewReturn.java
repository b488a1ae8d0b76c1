package dev.fulcrum.returns;

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

    public record RequestedLine(
            @Nullable Integer lineNo, @Nullable String sku, int quantity, String reason) {}
}

package dev.fulcrum.returns;

import dev.fulcrum.shared.OrderId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A claim for units damaged, lost or wrong after delivery, published inside the transaction that recorded it on the
 * order, with the order event sequence number it took. Public as {@code claim.created}.
 *
 * @param replacementOrderId the linked replacement order a {@code reship} claim placed
 * @param refundAmount what a {@code refund} claim paid back, in the order's currency (its {@code return.refunded}
 *     event names the claim id as its {@code returnId})
 */
public record ClaimCreated(
        UUID claimId,
        OrderId orderId,
        String type,
        String resolution,
        List<ClaimLine> lines,
        @Nullable String note,
        @Nullable OrderId replacementOrderId,
        @Nullable BigDecimal refundAmount,
        long sequence,
        Instant occurredAt) {

    public static final List<String> TYPES = List.of("damaged", "lost", "wrong_item");
    public static final List<String> RESOLUTIONS = List.of("reship", "refund");

    public ClaimCreated {
        lines = List.copyOf(lines);
    }

    /** Units of one order line the claim is about. */
    public record ClaimLine(int lineNo, String sku, int quantity) {}
}

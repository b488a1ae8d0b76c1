package dev.fulcrum.channels.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an adapter made of one payload: the intent, the channel's order id and, for an upsert, the canonical order
 * document (data contract v1, not yet validated) with what the channel said about each line beyond the contract.
 */
public record Mapped(
        Intent intent,
        String externalId,
        @Nullable ObjectNode document,
        List<LineExtra> lineExtras,
        boolean cancelled,
        @Nullable String cancelReason,
        Map<String, Object> refund) {

    public enum Intent {
        /** Place the order, or update it when the channel sent it before. */
        UPSERT,
        /** The channel deleted the order: cancel what has not shipped. */
        DELETE,
        /** The channel refunded (part of) the order: record the refund on the order. */
        REFUND
    }

    /** A line's channel reference (its id in the channel) and the attributes and tags the order contract has no place for. */
    public record LineExtra(@Nullable String ref, Map<String, Object> attributes, List<String> tags) {}

    public static Mapped upsert(
            String externalId,
            ObjectNode document,
            List<LineExtra> extras,
            boolean cancelled,
            @Nullable String cancelReason) {
        return new Mapped(Intent.UPSERT, externalId, document, extras, cancelled, cancelReason, Map.of());
    }
}

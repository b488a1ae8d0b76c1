package dev.fulcrum.inbound;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.fulcrum.shared.FieldProblem;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What became of one inbound document.
 *
 * @param status applied, duplicate (this source and id were handled before: nothing was done) or dead-lettered
 * @param source the CloudEvents {@code source}; null when the document did not say
 * @param id the CloudEvents {@code id}; null when the document did not say
 * @param type the document's type ({@code inbound.shipment-confirmed}); null when unknown
 * @param subject what the document acted on: the order id, or {@code <location>/<sku>} for stock; null when unknown
 * @param reason why it was dead-lettered; null otherwise
 * @param problems each field at fault, when the document itself was malformed
 * @param deadLetterId the dead letter to retry or discard; null unless dead-lettered (and for a document without a
 *     tenant, which cannot be kept)
 */
public record InboundOutcome(
        Status status,
        @Nullable String source,
        @Nullable String id,
        @Nullable String type,
        @Nullable String subject,
        @Nullable String reason,
        List<FieldProblem> problems,
        @Nullable UUID deadLetterId) {

    public InboundOutcome {
        problems = List.copyOf(problems);
    }

    /** How a document was handled; {@link #wireName()} is its name in the API. */
    public enum Status {
        APPLIED("applied"),
        DUPLICATE("duplicate"),
        DEAD_LETTERED("dead-lettered");

        private final String wireName;

        Status(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }
    }

    public boolean applied() {
        return status == Status.APPLIED;
    }
}

package dev.fulcrum.approvals;

import java.time.Instant;

/**
 * Something the approvals module did, published inside the transaction that did it; the {@code events} module maps
 * each to the public event {@link #publicType()}.
 */
public sealed interface ApprovalEvent {

    Approval approval();

    Instant occurredAt();

    String publicType();

    /** An approval was opened on an order, which now holds an approval hold. */
    record Requested(Approval approval, Instant occurredAt) implements ApprovalEvent {
        @Override
        public String publicType() {
            return "approval.requested";
        }
    }

    /**
     * A step was approved or rejected; the approval's status says whether that closed it (approved, rejected) or moved
     * it on to its next step (pending).
     */
    record Decided(Approval approval, Approval.Decision decision, Instant occurredAt) implements ApprovalEvent {
        @Override
        public String publicType() {
            return "approval.decided";
        }
    }

    /** The current step passed its timeout undecided: the approval's escalation role may now decide it too. */
    record Escalated(Approval approval, Instant occurredAt) implements ApprovalEvent {
        @Override
        public String publicType() {
            return "approval.escalated";
        }
    }
}

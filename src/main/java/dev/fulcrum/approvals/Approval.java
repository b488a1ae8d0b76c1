package dev.fulcrum.approvals;

import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An approval of an order. Its status is pending (its current step waits for a decision), escalated (the current
 * step passed its timeout and the role {@code escalatedTo} may decide it too), approved (every applicable step
 * approved) or rejected. {@code currentStep} indexes {@code steps}; steps that did not
 * apply when the approval opened are kept with {@code applies} false and skipped.
 *
 * @param requestedBy who asked, for example {@code rule:big-orders@3}
 * @param onReject {@code cancel}, or the flow state a rejection moves the order to
 * @param stepTimeout ISO 8601 duration one step may wait, for example {@code PT24H}
 * @param orderTotal the order's total when the approval opened, in {@code currency} (ISO 4217)
 */
@dev.fulcrum.shared.AmountsIn("currency")
public record Approval(
        UUID id,
        OrderId orderId,
        String status,
        String requestedBy,
        String onReject,
        String stepTimeout,
        List<Step> steps,
        int currentStep,
        Money orderTotal,
        String currency,
        Instant requestedAt,
        Instant stepDueAt,
        @Nullable String escalatedTo,
        @Nullable Instant escalatedAt,
        @Nullable Instant decidedAt,
        List<Decision> decisions) {

    public static final List<String> STATUSES = List.of("pending", "approved", "rejected", "escalated");

    public Approval {
        steps = List.copyOf(steps);
        decisions = List.copyOf(decisions);
    }

    /** Whether a decision is still awaited. */
    public boolean open() {
        return status.equals("pending") || status.equals("escalated");
    }

    /** The step waiting for a decision (or the last one decided, once the approval is closed). */
    public Step current() {
        return steps.get(currentStep);
    }

    /**
     * A step as stored: its deciders (an approval role and/or named principals such as {@code user:alice}), its CEL
     * condition, and whether it applied to the order when the approval opened.
     */
    public record Step(
            @Nullable String role,
            List<String> users,
            @Nullable String when,
            boolean applies) {
        public Step {
            users = List.copyOf(users);
        }
    }

    /** A decision on a step: who, when, what and why. */
    public record Decision(
            int step,
            String decision,
            String decidedBy,
            Instant decidedAt,
            @Nullable String comment) {}
}

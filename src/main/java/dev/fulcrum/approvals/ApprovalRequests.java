package dev.fulcrum.approvals;

import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.TenantId;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Opens approvals on orders; the rules' {@code approval} action calls it. */
public interface ApprovalRequests {

    /**
     * One step of a chain: a role or named users decide it; it applies when its CEL condition over the order holds
     * (null: always), for example {@code order.total > 50000}.
     */
    record Step(
            @Nullable String role,
            List<String> users,
            @Nullable String when) {}

    /**
     * An approval asked for an order.
     *
     * @param requestedBy who asks, as shown on the timeline, for example {@code rule:big-orders@3}
     * @param onReject what a rejection does: {@code cancel}, or the name of a flow state to move the order to
     * @param stepTimeout how long one step may wait before it escalates
     */
    record Request(
            TenantId tenant,
            OrderId order,
            List<Step> chain,
            String requestedBy,
            String onReject,
            Duration stepTimeout) {}

    /**
     * Holds the order {@code approval} and opens the first applicable step, in the caller's transaction. Changes
     * nothing and returns empty when no step applies to the order. Asking again while an approval from the same
     * requester is pending on the order returns that approval's id.
     */
    Optional<UUID> request(Request request);
}

/**
 * Approvals of orders: a chain of steps, each decided by an approval role or named users and applying when its CEL
 * condition over the order holds. Opening one holds the order {@code approval} (so sourcing leaves it alone); approving
 * every applicable step releases the hold, a rejection cancels the order or moves it to a flow state; a step not
 * decided in time escalates. {@link dev.fulcrum.approvals.ApprovalRequests} is what rules call;
 * {@link dev.fulcrum.approvals.Approvals} is the API.
 *
 * <p>Acts on orders only through {@code OrderManagement}'s typed actions. Publishes
 * {@link dev.fulcrum.approvals.ApprovalEvent}s (public as {@code approval.requested}, {@code approval.decided},
 * {@code approval.escalated}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Approvals")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.approvals;

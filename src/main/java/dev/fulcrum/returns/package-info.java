/**
 * Returns: the reverse side of an order. A return names delivered lines and quantities with a reason, a resolution
 * ({@code refund}, {@code exchange}, {@code store_credit}, {@code keep_it}) and a method ({@code pickup},
 * {@code drop_off}, {@code none}); the tenant's versioned {@link dev.fulcrum.returns.ReturnPolicy} (CEL rules over
 * order, request and customer history) approves it, sends it to review or rejects it, and says when the refund is due
 * (at the pickup scan, after inspection, at once). {@link dev.fulcrum.returns.Returns} is the API.
 *
 * <p>Every step is also a typed order action ({@code OrderManagement#recordReturnStep}): the order module alone decides
 * what its line ledger may do (return requested, returned, refunded). Received units go back through the inventory
 * ledger ({@code return} movements). Publishes {@link dev.fulcrum.returns.ReturnEvent}s ({@code return.requested},
 * {@code return.approved}, {@code return.rejected}, {@code return.received}, {@code return.closed},
 * {@code return.retention-accepted}, {@code exchange.created}); {@code return.refunded} is the order's own refund event.
 * Quotes return shipping through sourcing's {@link dev.fulcrum.sourcing.CarrierRateCards}. Listens to nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Returns")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.returns;

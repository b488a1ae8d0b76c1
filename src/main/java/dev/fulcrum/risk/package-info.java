/**
 * Risk at intake: every placed order is assessed in the transaction that places it, before sourcing runs. Features
 * (velocity per customer, e-mail, phone, device, IP, address and payment fingerprint; distinct customers per device, IP
 * and address; account age; amount against the customer's history; ...) are kept incrementally in counters upserted
 * once per placed batch. A versioned {@link dev.fulcrum.risk.RiskPolicy} of CEL rules turns them into a score of 0 to
 * 100 with an explanation whose contributions add up to it, and a decision: {@code accept}, {@code review} (a
 * {@code risk} hold and a review case) or {@code reject} (the order is cancelled). Allow and deny lists come first.
 * {@link dev.fulcrum.risk.Risk} is the API.
 *
 * <p>Listens to the order module's {@code OrdersPlaced} and {@code OrderPlaced}; acts on orders only through
 * {@code OrderManagement}'s typed actions. Publishes {@link dev.fulcrum.risk.RiskEvent}s (public as
 * {@code order.risk-assessed}, {@code risk.review-opened}, {@code risk.review-decided}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Risk")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.risk;

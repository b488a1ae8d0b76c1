/**
 * Compliance: checks every order at intake against the tenant's versioned {@link dev.fulcrum.compliance.CompliancePolicy}
 * per destination (restricted and hazardous items, unserved or sanctioned destinations, cross-border value limits per
 * order and per person per year, required customs data) and puts a {@code compliance} hold naming each reason on the
 * orders that fail, through the order module's typed actions, before sourcing sees them. Also owns each tenant's
 * {@link dev.fulcrum.compliance.DataResidency}: the region its personal data lives in and the regions it may go to,
 * which the events module asks before sending an event to a subscriber in another region
 * ({@link dev.fulcrum.compliance.PersonalDataMasks}).
 *
 * <p>Listens to {@link dev.fulcrum.order.OrdersPlaced} and {@link dev.fulcrum.order.OrderEvent.OrderPlaced} just before
 * the placing transaction commits (ahead of sourcing). Publishes nothing of its own: a hold is the order's
 * {@code order.held} event.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Compliance")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.compliance;

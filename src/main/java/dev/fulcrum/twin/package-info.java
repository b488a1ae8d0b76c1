/**
 * The digital twin: what-if scenarios of disruptions over a time window (a location closed or at reduced capacity, a
 * carrier's transit times lengthened, a region unreachable, a demand surge for SKUs), simulated by Monte Carlo over
 * the open orders and the forecast orders of the window, without side effects. A scenario answers, per affected
 * order, the probability of missing its promised delivery date, the expected delay and reroute options (re-sourced by
 * the active profile in simulation through {@link dev.fulcrum.sourcing.Rerouting}), totals, and customer notice
 * drafts in English and Chinese. Applying chosen reroutes is the ordinary re-sourcing of those orders.
 * {@link dev.fulcrum.twin.TwinScenarios} is the API.
 *
 * <p>Reads sourcing's routes, inventory's locations and, when a forecasting module provides one,
 * {@link dev.fulcrum.demand.DemandForecasts}. Publishes nothing and listens to nothing: the events of an applied
 * reroute are sourcing's own.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Digital twin")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.twin;

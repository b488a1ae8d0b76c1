/**
 * Demand: weekly demand history and forecasts per SKU and location, for planning (replenishment, the digital twin).
 * {@code DemandForecasts} is the API; the candidate models and their selection are in
 * {@code dev.fulcrum.demand.models}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demand")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.demand;

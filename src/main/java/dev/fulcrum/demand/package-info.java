/**
 * Demand: history, forecast runs and the plans made from them. {@link dev.fulcrum.demand.DemandForecasts} is the API
 * planning reads forecasts through.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demand")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.demand;

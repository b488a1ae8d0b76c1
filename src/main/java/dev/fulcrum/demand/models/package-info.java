/**
 * The forecast models: seasonal naive (the baseline), Holt-Winters (additive and damped), Theta, a global linear model
 * across the series of a partition, and their combination, chosen per series by rolling-origin backtest (ADR 0124).
 * Pure computation: no storage, no Spring beans but {@link dev.fulcrum.demand.models.ModelSelection}.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.demand.models;

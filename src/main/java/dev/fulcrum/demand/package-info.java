/**
 * Demand: weekly demand history and the forecasts made from it. History comes from Fulcrum's own orders (the units
 * sourcing allocated to each location, from {@link dev.fulcrum.sourcing.OrderAllocated} and
 * {@link dev.fulcrum.sourcing.OrdersSourced}) and from imported files ({@link dev.fulcrum.demand.DemandHistory}, a CSV
 * with a column mapping). {@link dev.fulcrum.demand.ForecastRuns} starts a forecast run at location, SKU or
 * SKU-and-location level: its series are split into partitions that any instance claims as jobs of the job library
 * (db-scheduler on PostgreSQL), each fitted by the {@link dev.fulcrum.demand.models.Forecaster}; the run records, per
 * series and overall, the WAPE of seasonal naive and of the chosen model over the weeks after its origin, and a drift
 * check re-fits the series whose recent error exceeds their backtest error. {@link dev.fulcrum.demand.DemandForecasts}
 * gives planning the latest forecast of a SKU at a location.
 *
 * <p>Owns {@code demand_history}, {@code demand_order_units}, {@code demand_imports}, {@code forecast_runs},
 * {@code forecast_partitions}, {@code forecast_series} and the job library's {@code scheduled_tasks}. Listens to
 * sourcing's allocation events; publishes nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demand")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.demand;

/**
 * The sourcing decision engine: pure Java, no Spring and no database, so that it is unit-tested and benchmarked on
 * its own. Input: an order ({@link dev.fulcrum.sourcing.engine.EngineOrder}), candidate sites with their
 * available-to-promise ({@link dev.fulcrum.sourcing.engine.Site}), lanes ({@link dev.fulcrum.sourcing.engine.LaneBook})
 * and a strategy; output: a {@link dev.fulcrum.sourcing.engine.Plan} with its trace, its costs as
 * {@link dev.fulcrum.shared.Money} in the order's currency. A decision runs in four steps, each its own class:
 * {@code Eligibility}, {@code ShipmentCosts}, {@code AssignmentSearch} and {@code PlanAssembly}.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.sourcing.engine;

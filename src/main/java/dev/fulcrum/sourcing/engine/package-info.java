/**
 * The sourcing decision engine: pure Java, no Spring and no database, so that it is unit-tested and benchmarked on
 * its own. Input: an order ({@link dev.fulcrum.sourcing.engine.EngineOrder}), candidate sites with their
 * available-to-promise ({@link dev.fulcrum.sourcing.engine.Site}), lanes ({@link dev.fulcrum.sourcing.engine.LaneBook})
 * and a strategy; output: a {@link dev.fulcrum.sourcing.engine.Plan} with its trace.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.sourcing.engine;

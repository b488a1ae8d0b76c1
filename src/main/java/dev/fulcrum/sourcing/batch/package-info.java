/**
 * Batch allocation: chooses one plan (or none) per order for a set of orders competing for scarce stock and daily
 * capacity, minimising total cost, exactly with Google OR-Tools (MIP interface, SCIP; CP-SAT for comparison). Pure: no Spring, no database.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.sourcing.batch;

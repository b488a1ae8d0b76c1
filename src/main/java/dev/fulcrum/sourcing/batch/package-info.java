/**
 * Batch allocation: chooses one plan (or none) per order for a set of orders competing for scarce stock and daily
 * capacity, minimising total cost, with Google OR-Tools CP-SAT. Pure: no Spring, no database.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.sourcing.batch;

/** The twin's simulation (transit-time distributions, Monte Carlo over location queues) and its scenario store. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.twin.internal;

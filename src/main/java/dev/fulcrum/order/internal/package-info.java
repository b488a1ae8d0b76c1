/** How the order module takes part in rollouts: flows as a rollout subject, and the guard metrics of orders. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.order.internal;

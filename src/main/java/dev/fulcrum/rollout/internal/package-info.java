/** The rollout state, its cache and the guard job. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.rollout.internal;

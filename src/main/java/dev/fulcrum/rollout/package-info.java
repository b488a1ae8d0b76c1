/**
 * Rollouts: canary rollouts of versioned rules, flows and sourcing profiles, their guards, automatic and manual
 * rollback, and their history. {@link dev.fulcrum.rollout.Rollouts} answers which version an order sees (by its id's
 * bucket, from memory); {@link dev.fulcrum.rollout.RolloutManagement} starts canaries, rolls back and reads rollouts
 * with their guard series (the HTTP API and the console use it); the modules that own versioned things provide a
 * {@link dev.fulcrum.rollout.RolloutSubject} each and the metrics guards watch ({@link dev.fulcrum.rollout.GuardMetric}).
 *
 * <p>The lowest of the automation layers: depends on {@code shared} only, so that order, sourcing and rules depend on
 * it without cycles. Publishes {@link dev.fulcrum.rollout.RolledBack}, which the events module turns into
 * {@code <kind>.rolled-back}; listens to nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Rollouts")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.rollout;

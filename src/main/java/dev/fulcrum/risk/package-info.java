/**
 * Risk: assesses orders at intake and explains why. This branch holds only the learned score
 * ({@link dev.fulcrum.risk.model}); the rest of the module (assessment, lists, policy, reviews) comes with its own
 * package-info, which replaces this one.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Risk")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.risk;

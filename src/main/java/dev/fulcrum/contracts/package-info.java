/**
 * Data contracts: a registry of versioned, machine-readable contracts for what enters and leaves Fulcrum (the
 * canonical order, each channel connection's input, each public event type). Each field has a meaning in English and
 * Chinese, a type, unit, source system, owner and whether it is required; quality rules are CEL conditions of hard or
 * soft severity; each contract has a freshness objective and a quality threshold.
 *
 * <p>The shipped versions are resources under {@code contracts/} and contracts other modules supply through
 * {@link dev.fulcrum.contracts.ContractSource}; tenants store new versions in PostgreSQL. Intake asks
 * {@link dev.fulcrum.contracts.ContractChecks} for a verdict on a batch of subjects (compiled rules are cached per
 * version) and records soft-rule flags set-based. Modules whose input a contract describes implement
 * {@link dev.fulcrum.contracts.ContractSubjects} so that a new version can be dry-run over recent input and the quality
 * figure counted. This module depends on no other application module: the order, events and channels modules depend on
 * it. Publishes no events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Contracts")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.contracts;

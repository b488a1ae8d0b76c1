/**
 * PostgreSQL, the system of record: starts the embedded server when no external one is configured, runs Flyway,
 * and opens every transaction as the restricted {@code fulcrum_app} role with the current tenant set, so that
 * row-level security backs the tenant filter each query already has.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Database")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.database;

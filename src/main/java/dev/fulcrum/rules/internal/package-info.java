/** Storage, parsing, the in-memory index of active rules and the job that runs them. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.rules.internal;

/**
 * Per-tenant counts of published events, for {@code /api/v1/usage} and the metrics.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.events.usage;

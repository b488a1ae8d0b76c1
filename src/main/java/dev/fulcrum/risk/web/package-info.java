/** The risk API: {@code /api/v1/risk/...} and {@code /api/v1/orders/{id}/risk}. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.risk.web;

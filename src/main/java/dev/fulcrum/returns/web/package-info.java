/** The returns API: {@code /api/v1/orders/{id}/returns}, {@code /api/v1/returns} and {@code /api/v1/return-policy}. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.returns.web;

/**
 * The order REST API under {@code /api/v1/orders} and the flow definitions under {@code /api/v1/flows}.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.order.web;

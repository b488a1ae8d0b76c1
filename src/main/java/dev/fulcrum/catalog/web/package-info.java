/**
 * The catalogue's REST API under {@code /api/v1/items}.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.catalog.web;

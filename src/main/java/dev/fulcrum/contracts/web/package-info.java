/** The contracts API under {@code /api/v1/contracts}. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.contracts.web;

/** The rules HTTP API under {@code /api/v1/rules}. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.rules.web;

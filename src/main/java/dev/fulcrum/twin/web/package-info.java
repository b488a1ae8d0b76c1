/** The twin's REST API under {@code /api/v1/twin}. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.twin.web;

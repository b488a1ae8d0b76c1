/** The inbound API: {@code POST /api/v1/inbound-events} and its dead letters. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.inbound.web;

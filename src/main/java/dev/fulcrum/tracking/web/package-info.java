/** The tracking link API and the public tracking page. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.tracking.web;

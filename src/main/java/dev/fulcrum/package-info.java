/**
 * Fulcrum, an order hub: one Spring Boot application whose application modules are the packages directly below this
 * one (see {@code ModularityTests} and docs/modules).
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum;

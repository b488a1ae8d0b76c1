/**
 * How sourcing works inside: profiles, carriers, the inputs of a decision, placing reservations, batch
 * allocation and expiry. Not part of the module's API.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.sourcing.internal;

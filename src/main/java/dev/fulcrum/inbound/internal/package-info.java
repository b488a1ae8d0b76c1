/** The inbound module's document reader, the actions documents become, and its storage; used only by its API. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.inbound.internal;

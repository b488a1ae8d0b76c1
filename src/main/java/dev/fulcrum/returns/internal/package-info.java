/** The returns module's storage, policy evaluation, refund arithmetic and metrics; used only by its API. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.returns.internal;

/**
 * The shared kernel: money, typed identifiers, the request context (tenant, actor, request id), the one clock and the
 * one error format (RFC 9457 problem details). Every module may use it; it depends on no module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Shared kernel")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.shared;

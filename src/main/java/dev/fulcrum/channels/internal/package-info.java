/**
 * How channels work inside: per-channel mappers, intake, dedupe, merge and split, imports, quarantine and the
 * outbound status reports. Not part of the module's API.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.channels.internal;

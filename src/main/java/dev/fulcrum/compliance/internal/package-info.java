/** The intake checks, their storage and the identity number format; nothing here is part of the module's API. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.compliance.internal;

/** The risk module's features, scoring, storage and jobs; used only by its API. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.risk.internal;

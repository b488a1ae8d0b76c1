/** The demand module's inner workings: CSV mapping, storage, the job library and the drift check. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.demand.internal;

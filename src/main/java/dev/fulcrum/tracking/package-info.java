/**
 * Customer tracking: a signed, expiring link per order ({@link dev.fulcrum.tracking.TrackingLinks}) that opens a
 * public page with the order's status in plain words, its promised delivery date, its shipments and the
 * customer-relevant part of its timeline, in English or 简体中文, without a login and without anything internal
 * (holds, prices, notes, other orders). Reads the order module's API; publishes and listens to nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tracking")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.tracking;

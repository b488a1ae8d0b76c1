/** How analytics computes: FP-growth, reading orders in bounded pages, recording payment and cancellation facts. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.analytics.internal;

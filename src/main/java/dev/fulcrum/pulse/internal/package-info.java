/** How the pulse computes: the minutes store, the job, alert evaluation, gauges. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.pulse.internal;

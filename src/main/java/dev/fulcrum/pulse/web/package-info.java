/** The pulse REST API: the pulse, acknowledgements, alert rules and alerts. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.pulse.web;

/**
 * The channels' HTTP entry points: connections, channel webhooks (signatures checked), imports and the quarantine.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.channels.web;

/**
 * The events REST API: the public event log, the live stream, webhook subscriptions and usage.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.events.web;

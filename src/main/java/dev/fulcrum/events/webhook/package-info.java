/**
 * Webhook subscriptions and their deliveries: filtering, signing, retries, dead letters and replay.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.events.webhook;

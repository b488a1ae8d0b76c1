/**
 * The web console for people: login, the order list with its filters and the order page with lines, ledger
 * quantities, holds and timeline, both updating live from the event stream; each order's sourcing decision with its
 * trace; sourcing profiles (edit a draft, run a shadow simulation, activate); channel connections, the JSONata mapping
 * editor with a live trial, bulk imports with a progress bar, and the quarantine; webhook subscriptions with their
 * delivery health and log; usage charts. Server-rendered Thymeleaf pages with htmx, in English and 简体中文.
 *
 * <p>Has no business logic of its own: it reads and changes orders only through
 * {@link dev.fulcrum.order.OrderManagement}, reads and changes sourcing only through
 * {@link dev.fulcrum.sourcing.SourcingManagement}, works channels only through
 * {@link dev.fulcrum.channels.ChannelManagement}, reads webhooks and usage through
 * {@link dev.fulcrum.events.WebhookOperations} and {@link dev.fulcrum.events.UsageReports}, and shows who is logged in
 * from {@link dev.fulcrum.access}. Publishes nothing and listens to nothing: the browser follows
 * {@code /console/stream} of the events module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Console")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.console;

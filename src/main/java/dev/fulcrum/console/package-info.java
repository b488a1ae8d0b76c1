/**
 * The web console for people: login, the order list with its filters, bulk actions and saved filters, and the order
 * page with lines, ledger quantities, holds, timeline and the actions an operator takes (pay, hold, release, cancel,
 * ship, deliver, change the address, source again), both updating live from the event stream; each order's sourcing
 * decision with its trace; sourcing profiles (edit a draft, run a shadow simulation, activate); locations with stock
 * and movements, items, carriers with rate card uploads, flows drawn as state machines; users, API keys and the audit
 * log; channel connections, the JSONata mapping editor with a live trial, bulk imports with a progress bar, and the
 * quarantine; webhook subscriptions with their delivery health and log; usage charts; the returns queue with counts by
 * status and reason, a return's page with its decision, timeline and actions, and "start a return" on the order page;
 * forecast runs with a chart of a series' history, forecast and interval;
 * replenishment proposals with an approve button (through {@link dev.fulcrum.demand.replenishment.ReplenishmentProposals})
 * and order analytics as charts (through {@link dev.fulcrum.analytics.Bundles} and {@link dev.fulcrum.analytics.Hesitation});
 * rules with their editor, try, dry-run, activation and versions (through {@link dev.fulcrum.rules.Rules}), and their
 * canary rollout with its guard chart and rollback (through {@link dev.fulcrum.rollout.RolloutManagement}).
 * Server-rendered Thymeleaf pages with htmx, in English and 简体中文.
 *
 * <p>Has no business logic of its own: it changes orders only through {@link dev.fulcrum.console.OrderActions}, the
 * one adapter to {@link dev.fulcrum.order.OrderManagement} (and {@link dev.fulcrum.sourcing.SourcingManagement} to
 * source again), and returns only through {@link dev.fulcrum.console.ReturnActions}, the one adapter to
 * {@link dev.fulcrum.returns.Returns}; reads and changes sourcing through {@link dev.fulcrum.sourcing.SourcingManagement} and
 * {@link dev.fulcrum.sourcing.CarrierRateCards}, flows through {@link dev.fulcrum.order.Flows}, locations, stock and
 * items through {@link dev.fulcrum.inventory} and {@link dev.fulcrum.catalog.Catalog}, works channels only through
 * {@link dev.fulcrum.channels.ChannelManagement}, reads webhooks and usage through
 * {@link dev.fulcrum.events.WebhookOperations} and {@link dev.fulcrum.events.UsageReports}, and users, API keys and
 * the audit log through {@link dev.fulcrum.access}, and forecasts through {@link dev.fulcrum.demand.ForecastRuns} and
 * {@link dev.fulcrum.demand.DemandHistory}. Owns one small table, {@code console_saved_filters} (each user's
 * saved filters of the order list). Publishes nothing and listens to nothing: the browser follows
 * {@code /console/stream} of the events module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Console")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.console;

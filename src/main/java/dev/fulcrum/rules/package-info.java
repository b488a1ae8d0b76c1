/**
 * Operator-written rules: a trigger (a public event type, or a time after one unless others happened), a CEL condition
 * over the order, the event and documented context, and actions run in order (holds, tags, attributes, cancel,
 * re-source, approval, task, notification, a flow action). Versions are kept (draft, active, retired) and diffed;
 * drafts are tried on an order and dry-run over past events without side effects. Rules read the public event log
 * after the triggering transaction commits and run once per (rule version, event), each run's actions in one
 * transaction through {@link dev.fulcrum.order.OrderManagement} as the actor {@code rule:<name>@<version>}, retried
 * with backoff and shown when they fail. {@link dev.fulcrum.rules.Rules} is the API; publishes the public event
 * {@code rule.notification}; provides the {@code rule} {@link dev.fulcrum.rollout.RolloutSubject}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Rules")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.rules;

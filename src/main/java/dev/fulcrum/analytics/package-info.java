/**
 * Order analytics: bundles (association rules over the SKUs of orders, by FP-growth, per channel, with support,
 * confidence and lift) and hesitant buyers (orders cancelled before payment or shipping, unpaid orders that expired,
 * time to pay, customers who cancel and order again, with the SKUs and reasons most involved).
 * {@link dev.fulcrum.analytics.Bundles} and {@link dev.fulcrum.analytics.Hesitation} are the API.
 *
 * <p>Never on the intake path: reports are computed on one background thread per instance over a capped number of
 * orders read through {@link dev.fulcrum.order.OrderManagement}, and cached. Listens to the order's payment and
 * cancellation events and keeps one small table of its own, {@code analytics_order_facts}. Publishes nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Analytics")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.analytics;

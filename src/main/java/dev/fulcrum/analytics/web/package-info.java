/** The analytics REST API: bundles (association rules) and hesitant buyers. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.analytics.web;

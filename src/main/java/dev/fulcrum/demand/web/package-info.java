/** The demand module's REST API: history imports and forecast runs. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.demand.web;

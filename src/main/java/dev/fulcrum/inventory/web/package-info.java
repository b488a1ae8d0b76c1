/**
 * The inventory REST API: locations, stock positions, movements and availability.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.inventory.web;

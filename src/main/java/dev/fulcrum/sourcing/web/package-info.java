/**
 * The sourcing REST API: profiles, carriers and rate cards, decisions, batches and simulations.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.sourcing.web;

/**
 * The web console for people: login, the order list with its filters and the order page with lines, ledger
 * quantities, holds and timeline; each order's sourcing decision with its trace; sourcing profiles (edit a draft, run
 * a shadow simulation, activate); channel connections, the JSONata mapping editor with a live trial, bulk imports with
 * a progress bar, and the quarantine. Server-rendered Thymeleaf pages with htmx, in English and 简体中文.
 *
 * <p>Has no business logic of its own: it reads and changes orders only through
 * {@link dev.fulcrum.order.OrderManagement}, reads and changes sourcing only through
 * {@link dev.fulcrum.sourcing.SourcingManagement}, works channels only through
 * {@link dev.fulcrum.channels.ChannelManagement}, and shows who is logged in from {@link dev.fulcrum.access}. Publishes
 * nothing and listens to nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Console")
package dev.fulcrum.console;

/**
 * The access module's REST API: users, API keys, tenants and the audit log.
 */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.access.web;

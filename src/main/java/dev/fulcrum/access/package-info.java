/**
 * Tenants, users with roles, API keys with scopes, and the audit log. Authenticates every request (API keys as
 * bearer tokens for systems, form login for people) and binds the caller's tenant and name to the
 * {@link dev.fulcrum.shared.RequestContext}. On first start creates the default tenant, an admin user and an admin key.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Access")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.access;

/** The compliance API: policies, their versions and activation, and the tenant's data residency. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.compliance.web;

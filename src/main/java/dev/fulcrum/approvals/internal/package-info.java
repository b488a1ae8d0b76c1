@org.jspecify.annotations.NullMarked
package dev.fulcrum.approvals.internal;

/** Contract storage, rule compilation and evaluation, dry runs and JSON Schema generation; not the module's API. */
@org.jspecify.annotations.NullMarked
package dev.fulcrum.contracts.internal;

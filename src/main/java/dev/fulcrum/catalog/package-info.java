/**
 * The catalogue: items by SKU with what affects fulfilment (weight, dimensions, temperature control, hazardous,
 * restricted destination countries, category, returnable). {@link dev.fulcrum.catalog.Catalog} is the API; sourcing
 * reads items to derive the capabilities a location and a carrier service must have. Publishes no events.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Catalogue")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.catalog;

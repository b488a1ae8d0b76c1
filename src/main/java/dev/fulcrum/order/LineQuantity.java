package dev.fulcrum.order;

import org.jspecify.annotations.Nullable;

/** A quantity of one order line, naming the line by number or, where unambiguous, by SKU. */
public record LineQuantity(
        @Nullable Integer lineNo, @Nullable String sku, int quantity) {}

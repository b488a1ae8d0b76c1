package dev.fulcrum.order;

import dev.fulcrum.shared.Money;
import org.jspecify.annotations.Nullable;

/**
 * A line as a channel sends it: what was bought, at what price, discount and tax (line amounts, not per unit, all in
 * the order's currency), and optionally the weight of one unit in grams when it differs from the catalogue item's
 * (null: the item's).
 */
public record NewOrderLine(
        String sku,
        int quantity,
        Money unitPrice,
        Money discount,
        Money tax,
        @Nullable Double weightGrams) {

    public NewOrderLine(String sku, int quantity, Money unitPrice, Money discount, Money tax) {
        this(sku, quantity, unitPrice, discount, tax, null);
    }

    /** A line without discount or tax. */
    public NewOrderLine(String sku, int quantity, Money unitPrice) {
        this(sku, quantity, unitPrice, Money.zero(unitPrice.currency()), Money.zero(unitPrice.currency()), null);
    }
}

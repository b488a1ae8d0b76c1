package dev.fulcrum.order;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A line as a channel sends it: what was bought, at what price, discount and tax (line amounts, not per unit), and
 * optionally the weight of one unit in grams when it differs from the catalogue item's (null: the item's).
 */
public record NewOrderLine(
        String sku,
        int quantity,
        BigDecimal unitPrice,
        BigDecimal discount,
        BigDecimal tax,
        @Nullable Double weightGrams) {

    public NewOrderLine(String sku, int quantity, BigDecimal unitPrice, BigDecimal discount, BigDecimal tax) {
        this(sku, quantity, unitPrice, discount, tax, null);
    }
}

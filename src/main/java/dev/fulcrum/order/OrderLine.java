package dev.fulcrum.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fulcrum.shared.Money;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of what was bought (sku, quantity, price, discount, tax) with the quantity ledger of what
 * happened to it since. {@code total} is unit price × quantity − discount + tax, all in the order's currency;
 * {@code weightGrams}, when given, is one unit's weight on this line and overrides the catalogue item's for sourcing.
 */
public record OrderLine(
        int lineNo,
        String sku,
        int quantity,
        Money unitPrice,
        Money discount,
        Money tax,
        Money total,
        LineQuantities quantities,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Double weightGrams) {

    public OrderLine(
            int lineNo,
            String sku,
            int quantity,
            Money unitPrice,
            Money discount,
            Money tax,
            Money total,
            LineQuantities quantities) {
        this(lineNo, sku, quantity, unitPrice, discount, tax, total, quantities, null);
    }

    static Money totalOf(int quantity, Money unitPrice, Money discount, Money tax) {
        return unitPrice.times(quantity).minus(discount).plus(tax);
    }

    OrderLine withQuantities(LineQuantities changed) {
        return new OrderLine(lineNo, sku, quantity, unitPrice, discount, tax, total, changed, weightGrams);
    }
}

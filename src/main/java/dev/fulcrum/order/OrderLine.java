package dev.fulcrum.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of what was bought (sku, quantity, price, discount, tax) with the quantity ledger of what
 * happened to it since. {@code total} is unit price × quantity − discount + tax; {@code weightGrams}, when given, is
 * one unit's weight on this line and overrides the catalogue item's for sourcing.
 */
public record OrderLine(
        int lineNo,
        String sku,
        int quantity,
        BigDecimal unitPrice,
        BigDecimal discount,
        BigDecimal tax,
        BigDecimal total,
        LineQuantities quantities,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Double weightGrams) {

    public OrderLine(
            int lineNo,
            String sku,
            int quantity,
            BigDecimal unitPrice,
            BigDecimal discount,
            BigDecimal tax,
            BigDecimal total,
            LineQuantities quantities) {
        this(lineNo, sku, quantity, unitPrice, discount, tax, total, quantities, null);
    }

    static BigDecimal totalOf(int quantity, BigDecimal unitPrice, BigDecimal discount, BigDecimal tax) {
        return unitPrice
                .multiply(BigDecimal.valueOf(quantity))
                .subtract(discount)
                .add(tax);
    }

    OrderLine withQuantities(LineQuantities changed) {
        return new OrderLine(lineNo, sku, quantity, unitPrice, discount, tax, total, changed, weightGrams);
    }
}

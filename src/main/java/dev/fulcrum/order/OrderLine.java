package dev.fulcrum.order;

import java.math.BigDecimal;

/**
 * An immutable snapshot of what was bought (sku, quantity, price, discount, tax) with the quantity ledger of what
 * happened to it since. {@code total} is unit price × quantity − discount + tax.
 */
public record OrderLine(
        int lineNo,
        String sku,
        int quantity,
        BigDecimal unitPrice,
        BigDecimal discount,
        BigDecimal tax,
        BigDecimal total,
        LineQuantities quantities) {

    static BigDecimal totalOf(int quantity, BigDecimal unitPrice, BigDecimal discount, BigDecimal tax) {
        return unitPrice
                .multiply(BigDecimal.valueOf(quantity))
                .subtract(discount)
                .add(tax);
    }

    OrderLine withQuantities(LineQuantities changed) {
        return new OrderLine(lineNo, sku, quantity, unitPrice, discount, tax, total, changed);
    }
}

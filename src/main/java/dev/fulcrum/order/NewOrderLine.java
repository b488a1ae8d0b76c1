package dev.fulcrum.order;

import java.math.BigDecimal;

/** A line as a channel sends it: what was bought, at what price, discount and tax (line amounts, not per unit). */
public record NewOrderLine(String sku, int quantity, BigDecimal unitPrice, BigDecimal discount, BigDecimal tax) {}

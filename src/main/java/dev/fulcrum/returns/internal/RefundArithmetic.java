package dev.fulcrum.returns.internal;

import dev.fulcrum.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.List;

/**
 * What returning units of one order line refunds: their unit price, less their share of the line's discount, plus
 * their share of its tax, less the restocking fee. Shares are exact in the currency's minor units and cumulative: the
 * share of units {@code r+1 … r+q} is the share of the first {@code r+q} units less that of the first {@code r}, so the
 * shares of every unit of a line, however many returns it takes, add up to the line's discount and tax exactly. The
 * restocking fee is a percentage of the price less the discount share, rounded half-even to the minor unit.
 */
public final class RefundArithmetic {

    private RefundArithmetic() {}

    /** One line's refund, with its parts. */
    public record LineRefund(Money price, Money discountShare, Money taxShare, Money restockingFee, Money refund) {}

    /**
     * One line's refund for {@code units} more units.
     *
     * @param lineQuantity units the order line has
     * @param alreadyRefunded units of the line refunded by earlier returns
     * @param units units refunded now
     * @param feePercent restocking fee in percent (0 to 100)
     */
    public static LineRefund of(
            BigDecimal unitPrice,
            BigDecimal discount,
            BigDecimal tax,
            Currency currency,
            int lineQuantity,
            int alreadyRefunded,
            int units,
            BigDecimal feePercent) {
        if (units <= 0 || alreadyRefunded < 0 || alreadyRefunded + units > lineQuantity) {
            throw new IllegalArgumentException(
                    "cannot refund " + units + " of " + lineQuantity + " units after " + alreadyRefunded);
        }
        Money price = money(unitPrice, currency).times(units);
        Money discountShare = share(money(discount, currency), lineQuantity, alreadyRefunded, units);
        Money taxShare = share(money(tax, currency), lineQuantity, alreadyRefunded, units);
        Money base = price.minus(discountShare);
        Money fee = Money.rounded(
                base.amount().multiply(feePercent).divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_EVEN),
                currency);
        if (fee.compareTo(base) > 0) {
            fee = base;
        }
        if (fee.amount().signum() < 0) {
            fee = Money.zero(currency);
        }
        return new LineRefund(
                price, discountShare, taxShare, fee, base.plus(taxShare).minus(fee));
    }

    private static Money share(Money amount, int lineQuantity, int before, int units) {
        return firstUnits(amount, lineQuantity, before + units).minus(firstUnits(amount, lineQuantity, before));
    }

    /** The share of the first {@code k} of {@code n} units. */
    private static Money firstUnits(Money amount, int n, int k) {
        if (k == 0 || amount.amount().signum() == 0) {
            return Money.zero(amount.currency());
        }
        if (k == n) {
            return amount;
        }
        return amount.allocate(List.of((long) k, (long) (n - k))).getFirst();
    }

    private static Money money(BigDecimal amount, Currency currency) {
        return Money.rounded(amount, currency);
    }
}

package dev.fulcrum.order;

import dev.fulcrum.shared.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * What a refund of some units of an order would return, exactly, in the order's currency: for each unit its price,
 * less its share of the line's discount, plus its share of the line's tax. A line's discount and tax are amounts for
 * the whole line, so a unit's share is split with {@link Money#allocate}: refunding every unit of a line returns the
 * line's total to the minor unit, and refunds of a line taken in several parts ({@link #forUnits(int, int, int)}) add
 * up to the same total, never a minor unit more or less. A return may deduct a restocking fee
 * ({@link #forReturn}): a percentage of the price less the discount share, rounded half-even to the minor unit. This
 * is the one refund computation: returns and claims use it too. Pure and immutable: no Spring, no database.
 */
public final class RefundableAmounts {

    private final Order order;

    private RefundableAmounts(Order order) {
        this.order = order;
    }

    /** The refundable amounts of {@code order} as it stands (its line snapshots; the ledger is not consulted). */
    public static RefundableAmounts of(Order order) {
        return new RefundableAmounts(order);
    }

    /**
     * The refund of the first {@code quantity} units of line {@code lineNo}, when none of its units were refunded
     * before.
     *
     * @throws IllegalArgumentException when the order has no such line or the line has fewer units
     */
    public Money forUnits(int lineNo, int quantity) {
        return forUnits(lineNo, quantity, 0);
    }

    /**
     * The refund of {@code quantity} more units of line {@code lineNo} after {@code alreadyRefunded} of its units were
     * refunded: what the first {@code alreadyRefunded + quantity} units return less what the first
     * {@code alreadyRefunded} returned, so that partial refunds add up to the line total exactly.
     *
     * @throws IllegalArgumentException when the order has no such line or the line has fewer units
     */
    public Money forUnits(int lineNo, int quantity, int alreadyRefunded) {
        return forReturn(lineNo, quantity, alreadyRefunded, BigDecimal.ZERO).refund();
    }

    /** One line's refund with its parts; {@code refund} is {@code price − discountShare + taxShare − restockingFee}. */
    public record LineRefund(Money price, Money discountShare, Money taxShare, Money restockingFee, Money refund) {}

    /**
     * The refund of {@code quantity} more units of line {@code lineNo} after {@code alreadyRefunded}, less a restocking
     * fee of {@code feePercent} of the price less the discount share (rounded half-even to the minor unit, never more
     * than that base).
     *
     * @throws IllegalArgumentException when the order has no such line or the line has fewer units
     */
    public LineRefund forReturn(int lineNo, int quantity, int alreadyRefunded, BigDecimal feePercent) {
        OrderLine line = line(lineNo);
        if (quantity < 0 || alreadyRefunded < 0 || alreadyRefunded + quantity > line.quantity()) {
            throw new IllegalArgumentException("cannot refund " + quantity + " units of line " + lineNo + " after "
                    + alreadyRefunded + ": it has " + line.quantity());
        }
        Money price = line.unitPrice().times(quantity);
        Money discountShare = share(line.discount(), line.quantity(), alreadyRefunded, quantity);
        Money taxShare = share(line.tax(), line.quantity(), alreadyRefunded, quantity);
        Money base = price.minus(discountShare);
        Money fee = Money.rounded(
                base.amount().multiply(feePercent).divide(BigDecimal.valueOf(100), 10, RoundingMode.HALF_EVEN),
                base.currency());
        if (fee.compareTo(base) > 0) {
            fee = base;
        }
        if (fee.amount().signum() < 0) {
            fee = Money.zero(base.currency());
        }
        return new LineRefund(
                price, discountShare, taxShare, fee, base.plus(taxShare).minus(fee));
    }

    /** The refund of several lines at once: {@code quantities} maps line numbers to units, none refunded before. */
    public Money forLines(Map<Integer, Integer> quantities) {
        Money total = Money.zero(order.total().currency());
        for (Map.Entry<Integer, Integer> entry : quantities.entrySet()) {
            total = total.plus(forUnits(entry.getKey(), entry.getValue()));
        }
        return total;
    }

    /**
     * The share of units {@code before+1 … before+units} of a line's {@code amount}: the share of the first
     * {@code before+units} less that of the first {@code before}, so shares taken in parts add up exactly.
     */
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

    private OrderLine line(int lineNo) {
        if (lineNo < 1 || lineNo > order.lines().size()) {
            throw new IllegalArgumentException("order " + order.id() + " has no line " + lineNo);
        }
        return order.lines().get(lineNo - 1);
    }
}

package dev.fulcrum.order;

import dev.fulcrum.shared.Money;
import java.util.List;
import java.util.Map;

/**
 * What a refund of some units of an order would return, exactly, in the order's currency: for each unit its price,
 * less its share of the line's discount, plus its share of the line's tax. A line's discount and tax are amounts for
 * the whole line, so a unit's share is split with {@link Money#allocate}: refunding every unit of a line returns the
 * line's total to the minor unit, and refunds of a line taken in several parts ({@link #forUnits(int, int, int)}) add
 * up to the same total, never a minor unit more or less. Pure and immutable: no Spring, no database.
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
        OrderLine line = line(lineNo);
        if (quantity < 0 || alreadyRefunded < 0 || alreadyRefunded + quantity > line.quantity()) {
            throw new IllegalArgumentException("cannot refund " + quantity + " units of line " + lineNo + " after "
                    + alreadyRefunded + ": it has " + line.quantity());
        }
        return firstUnits(line, alreadyRefunded + quantity).minus(firstUnits(line, alreadyRefunded));
    }

    /** The refund of several lines at once: {@code quantities} maps line numbers to units, none refunded before. */
    public Money forLines(Map<Integer, Integer> quantities) {
        Money total = Money.zero(order.total().currency());
        for (Map.Entry<Integer, Integer> entry : quantities.entrySet()) {
            total = total.plus(forUnits(entry.getKey(), entry.getValue()));
        }
        return total;
    }

    /** What the first {@code units} units of the line return: their prices less and plus their shares. */
    private static Money firstUnits(OrderLine line, int units) {
        if (units == 0) {
            return Money.zero(line.total().currency());
        }
        if (units == line.quantity()) {
            return line.total();
        }
        List<Long> weights = List.of((long) units, (long) (line.quantity() - units));
        return line.unitPrice()
                .times(units)
                .minus(line.discount().allocate(weights).getFirst())
                .plus(line.tax().allocate(weights).getFirst());
    }

    private OrderLine line(int lineNo) {
        if (lineNo < 1 || lineNo > order.lines().size()) {
            throw new IllegalArgumentException("order " + order.id() + " has no line " + lineNo);
        }
        return order.lines().get(lineNo - 1);
    }
}

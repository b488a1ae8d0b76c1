package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.fulcrum.shared.Money;
import dev.fulcrum.testing.OrderMother;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a refund of some units returns, to the minor unit: given an order, when units are refunded, then the amount
 * (with the cases of the former returns-only refund arithmetic: restocking fees and the returns guide's example).
 */
class RefundableAmountsTests {

    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");

    private static Order placed(NewOrder order) {
        return Order.placed(order, OrderMother.STANDARD_FLOW, "web", NOW);
    }

    @Test
    void refundsAYenUnitAsItsPriceLessItsShareOfTheDiscountPlusItsShareOfTheTax() {
        // given 2 × ¥1500 with ¥250 discount and ¥275 tax on the line (line total ¥3025)
        Order order = placed(OrderMother.newYenOrder());
        assertThat(order.lines().getFirst().total()).isEqualTo(Money.of("3025", "JPY"));

        // when one unit is refunded, then another
        Money first = RefundableAmounts.of(order).forUnits(1, 1);
        Money second = RefundableAmounts.of(order).forUnits(1, 1, 1);

        // then each returns ¥1500 − ¥125 + its share of ¥275 (¥138, then ¥137), together the line total
        assertThat(first).isEqualTo(Money.of("1513", "JPY"));
        assertThat(second).isEqualTo(Money.of("1512", "JPY"));
        assertThat(first.plus(second)).isEqualTo(order.lines().getFirst().total());
        assertThat(first.amount().scale()).isZero();
    }

    @Test
    void refundsDinarUnitsInPartsThatAddUpToTheLineTotalToTheFils() {
        // given 3 × 12.345 KWD with 0.892 discount and 1.807 tax on the line (line total 37.950)
        Order order = placed(OrderMother.newDinarOrder());
        RefundableAmounts refunds = RefundableAmounts.of(order);
        assertThat(order.lines().getFirst().total()).isEqualTo(Money.of("37.950", "KWD"));

        // when the three units are refunded one at a time
        Money first = refunds.forUnits(1, 1, 0);
        Money second = refunds.forUnits(1, 1, 1);
        Money third = refunds.forUnits(1, 1, 2);

        // then each is 12.345 less its third of 0.892 plus its third of 1.807, and together the line total exactly
        assertThat(first).isEqualTo(Money.of("12.650", "KWD"));
        assertThat(first.plus(second).plus(third)).isEqualTo(Money.of("37.950", "KWD"));
        assertThat(refunds.forUnits(1, 2)).isEqualTo(first.plus(second));
        assertThat(refunds.forUnits(1, 3)).isEqualTo(order.lines().getFirst().total());
    }

    @Test
    void refundingEveryUnitOfEveryLineReturnsTheOrderTotal() {
        for (NewOrder request : new NewOrder[] {OrderMother.newYenOrder(), OrderMother.newDinarOrder()}) {
            // given
            Order order = placed(request);

            // when
            Money everything = RefundableAmounts.of(order)
                    .forLines(Map.of(1, order.lines().get(0).quantity(), 2, 1));

            // then
            assertThat(everything).isEqualTo(order.total());
            assertThat(everything.toPlainString()).isEqualTo(order.total().toPlainString());
        }
    }

    @Test
    void refusesMoreUnitsThanTheLineHasAndLinesTheOrderDoesNotHave() {
        Order order = placed(OrderMother.newYenOrder());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> RefundableAmounts.of(order).forUnits(1, 2, 1))
                .withMessageContaining("cannot refund 2 units of line 1 after 1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RefundableAmounts.of(order).forUnits(3, 1))
                .withMessageContaining("has no line 3");
    }

    /** An order of one line: {@code quantity} units at {@code unitPrice} with line {@code discount} and {@code tax}. */
    private static Order oneLine(int quantity, String unitPrice, String discount, String tax, String currency) {
        NewOrder base = OrderMother.newUnpaidOrder();
        return placed(new NewOrder(
                base.channel(),
                base.externalId(),
                currency,
                base.placedAt(),
                base.customer(),
                base.shippingAddress(),
                base.billingAddress(),
                List.of(new NewOrderLine(
                        "TEA-001",
                        quantity,
                        Money.of(unitPrice, currency),
                        Money.of(discount, currency),
                        Money.of(tax, currency))),
                null,
                null,
                List.of(),
                Map.of()));
    }

    @Test
    void theWorkedExampleOfTheReturnsGuideAddsUpToTheLineLessTheFee() {
        // given 3 × 10.00 CNY with 1.00 discount and 2.00 tax on the line
        RefundableAmounts refunds = RefundableAmounts.of(oneLine(3, "10.00", "1.00", "2.00", "CNY"));

        // when one unit comes back with a 10 % restocking fee, then the other two without
        RefundableAmounts.LineRefund first = refunds.forReturn(1, 1, 0, BigDecimal.TEN);
        RefundableAmounts.LineRefund rest = refunds.forReturn(1, 2, 1, BigDecimal.ZERO);

        // then
        assertThat(first.discountShare().toPlainString()).isEqualTo("0.33");
        assertThat(first.taxShare().toPlainString()).isEqualTo("0.67");
        assertThat(first.restockingFee().toPlainString()).isEqualTo("0.97");
        assertThat(first.refund().toPlainString()).isEqualTo("9.37");
        assertThat(rest.discountShare().toPlainString()).isEqualTo("0.67");
        assertThat(rest.taxShare().toPlainString()).isEqualTo("1.33");
        assertThat(rest.refund().toPlainString()).isEqualTo("20.66");
        assertThat(first.refund().plus(rest.refund()).toPlainString()).isEqualTo("30.03");
    }

    @Test
    void yenAndDinarReturnsAreRefundedInTheirOwnMinorUnits() {
        assertThat(RefundableAmounts.of(oneLine(3, "1000", "100", "0", "JPY"))
                        .forReturn(1, 1, 0, BigDecimal.ZERO)
                        .refund()
                        .toPlainString())
                .isEqualTo("967");
        assertThat(RefundableAmounts.of(oneLine(3, "1.000", "0.100", "0.050", "KWD"))
                        .forReturn(1, 1, 0, BigDecimal.ZERO)
                        .refund()
                        .toPlainString())
                .isEqualTo("0.984");
    }

    @Test
    void theRestockingFeeNeverExceedsWhatTheUnitsCost() {
        RefundableAmounts.LineRefund all =
                RefundableAmounts.of(oneLine(1, "5.00", "0", "0", "CNY")).forReturn(1, 1, 0, new BigDecimal("100"));

        assertThat(all.restockingFee().toPlainString()).isEqualTo("5.00");
        assertThat(all.refund().toPlainString()).isEqualTo("0.00");
    }
}

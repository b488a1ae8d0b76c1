package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.fulcrum.shared.Money;
import dev.fulcrum.testing.OrderMother;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a refund of some units returns, to the minor unit: given an order, when units are refunded, then the amount. */
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
}

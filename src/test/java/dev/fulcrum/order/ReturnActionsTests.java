package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.Money;
import dev.fulcrum.testing.OrderMother;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order applies return steps against its line ledger; given / when / then, without Spring. */
class ReturnActionsTests {

    private static final FlowRules NO_FLOW_NEEDED =
            (order, action) -> new FlowRules.Forbidden("returns are no flow steps");
    private static final OrderAction.Context CONTEXT =
            new OrderAction.Context("test", Instant.parse("2026-11-25T10:00:00Z"), 9);

    private static ActionOutcome apply(Order order, OrderAction action) {
        return order.apply(action, NO_FLOW_NEEDED, CONTEXT);
    }

    private static Order applied(Order order, OrderAction action) {
        return switch (apply(order, action)) {
            case ActionOutcome.Applied done -> done.order();
            case ActionOutcome.Refused refused -> throw new AssertionError(refused.reason());
        };
    }

    @Test
    void rejectsReturnOfMoreUnitsThanWereDeliveredNamingTheLine() {
        Order delivered = OrderMother.orderThatIs(OrderStatus.COMPLETED);

        ActionOutcome outcome =
                apply(delivered, new OrderAction.RequestReturn("R1", List.of(new LineQuantity(null, "TEA-001", 5))));

        assertThat(outcome).isInstanceOfSatisfying(ActionOutcome.Refused.class, refused -> {
            assertThat(refused.problem()).isEqualTo("quantity-exceeded");
            assertThat(refused.reason()).isEqualTo("cannot return 5 of line 1 (TEA-001): only 2 are returnable");
        });
    }

    @Test
    void unitsAskedBackCannotBeAskedBackAgainUntilWithdrawn() {
        Order asked = applied(
                OrderMother.orderThatIs(OrderStatus.COMPLETED),
                new OrderAction.RequestReturn("R1", List.of(new LineQuantity(1, null, 2))));
        assertThat(asked.lines().getFirst().quantities().returnRequested()).isEqualTo(2);
        assertThat(asked.status())
                .as("the status stays on the canonical contract")
                .isEqualTo(OrderStatus.COMPLETED);

        assertThat(apply(asked, new OrderAction.RequestReturn("R2", List.of(new LineQuantity(1, null, 1)))))
                .isInstanceOf(ActionOutcome.Refused.class);

        Order withdrawn =
                applied(asked, new OrderAction.WithdrawReturn("R1", List.of(new LineQuantity(1, null, 1)), "rejected"));
        Order received = applied(withdrawn, new OrderAction.ReceiveReturn("R1", List.of(new LineQuantity(1, null, 1))));
        assertThat(received.lines().getFirst().quantities().returned()).isEqualTo(1);
        assertThat(received.lines().getFirst().quantities().returnRequested()).isZero();
        assertThat(received.lines().getFirst().quantities().returnable()).isEqualTo(1);
    }

    @Test
    void aRefundIsAnOrderEventInTheOrdersCurrencyAndOnlyOfAPaidOrder() {
        Order delivered = OrderMother.orderThatIs(OrderStatus.COMPLETED);
        ActionOutcome refunded = apply(
                delivered,
                new OrderAction.Refund("R1", Money.of("56.50", "CNY"), List.of(new LineQuantity(1, null, 1)), false));
        assertThat(refunded).isInstanceOfSatisfying(ActionOutcome.Applied.class, done -> {
            assertThat(done.event()).isInstanceOf(OrderEvent.OrderRefunded.class);
            assertThat(java.util.Objects.requireNonNull(done.event()).publicType())
                    .isEqualTo("return.refunded");
            assertThat(done.change().details()).containsEntry("amount", "56.50");
        });

        assertThat(apply(delivered, new OrderAction.Refund("R1", Money.of("5", "JPY"), List.of(), false)))
                .isInstanceOfSatisfying(
                        ActionOutcome.Refused.class,
                        refused -> assertThat(refused.field()).isEqualTo("amount"));
        assertThat(apply(
                        OrderMother.orderThatIs(OrderStatus.PENDING_PAYMENT),
                        new OrderAction.Refund("R1", Money.of("1.00", "CNY"), List.of(), false)))
                .isInstanceOf(ActionOutcome.Refused.class);
    }
}

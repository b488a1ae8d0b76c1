package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.OrderMother;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order applies its own actions: given an order, when an action is applied, then the outcome. No Spring. */
class OrderAggregateTests {

    private static final FlowRules STANDARD = StandardFlowTableTests.standardFlow();
    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    private static final OrderAction.Context OPS = new OrderAction.Context("ops", NOW, 4);

    @Test
    void payingCapturesThePaymentReleasesThePaymentHoldAndPublishesOrderPaid() {
        // given an order placed without payment (it waits under a payment hold)
        Order order = Order.placed(OrderMother.newUnpaidOrder(), OrderMother.STANDARD_FLOW, "web", NOW);
        assertThat(order.holds()).extracting(Hold::type).containsExactly("payment");

        // when
        ActionOutcome outcome = order.apply(new OrderAction.Pay("alipay", null), STANDARD, OPS);

        // then
        ActionOutcome.Applied applied = (ActionOutcome.Applied) outcome;
        assertThat(applied.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(applied.order().holds()).isEmpty();
        assertThat(applied.order().payment()).isEqualTo(new Payment("captured", "alipay", order.total()));
        assertThat(applied.event()).isEqualTo(new OrderEvent.OrderPaid(applied.order(), 4, NOW));
        assertThat(applied.change().actor()).isEqualTo("ops");
        assertThat(applied.change().details()).containsEntry("method", "alipay").containsEntry("status", "paid");
    }

    @Test
    void rejectsShippingMoreUnitsThanAreOpenAndLeavesTheOrderAsItWas() {
        // given a paid order with 2 × TEA-001 on line 1
        Order order = OrderMother.orderThatIs(OrderStatus.PAID);

        // when
        ActionOutcome outcome =
                order.apply(new OrderAction.Ship(List.of(new LineQuantity(1, null, 3)), "SF", null), STANDARD, OPS);

        // then
        assertThat(outcome)
                .isEqualTo(new ActionOutcome.Refused(
                        "quantity-exceeded", "cannot ship 3 of line 1 (TEA-001): only 2 are still open", null));
        assertThat(order.totalQuantity(LineQuantities::shipped)).isZero();
    }

    @Test
    void namesTheFieldOfALineThatDoesNotExist() {
        Order order = OrderMother.orderThatIs(OrderStatus.PAID);

        ActionOutcome outcome =
                order.apply(new OrderAction.Ship(List.of(new LineQuantity(7, null, 1)), null, null), STANDARD, OPS);

        assertThat(outcome)
                .isEqualTo(new ActionOutcome.Refused("invalid-request", "the order has no line 7", "lines[0].lineNo"));
    }

    @Test
    void shippingPartOfAnOrderRecordsTheMovedUnitsInTheChangeAndTheEvent() {
        Order order = OrderMother.orderThatIs(OrderStatus.PAID);

        ActionOutcome.Applied applied = (ActionOutcome.Applied) order.apply(
                new OrderAction.Ship(List.of(new LineQuantity(null, "CUP-002", 1)), "SF", "SF123"), STANDARD, OPS);

        assertThat(applied.order().status()).isEqualTo(OrderStatus.PARTIALLY_SHIPPED);
        assertThat(applied.change().lines()).containsExactly(new OrderEvent.LineMovement(2, "CUP-002", 1));
        assertThat(applied.event())
                .isEqualTo(new OrderEvent.OrderShipped(
                        applied.order(), List.of(new OrderEvent.LineMovement(2, "CUP-002", 1)), "SF", "SF123", 4, NOW));
    }

    @Test
    void anAllocationCarriesItsPromiseDatesAndPublishesNoOrderEvent() {
        Order order = OrderMother.orderThatIs(OrderStatus.PAID);
        Instant shipBy = Instant.parse("2026-11-21T18:00:00Z");
        LocalDate deliverBy = LocalDate.parse("2026-11-23");

        ActionOutcome.Applied applied = (ActionOutcome.Applied) order.apply(
                new OrderAction.Allocate(
                        List.of(new LineQuantity(1, null, 2), new LineQuantity(2, null, 1)), shipBy, deliverBy),
                STANDARD,
                OPS);

        assertThat(applied.order().totalQuantity(LineQuantities::allocated)).isEqualTo(3);
        assertThat(applied.order().shipBy()).isEqualTo(shipBy);
        assertThat(applied.order().deliverBy()).isEqualTo(deliverBy);
        assertThat(applied.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(applied.event()).isNull();
    }

    @Test
    void cancellingReleasesTheAllocationAndItsPromise() {
        Order allocated = OrderMother.orderThatIs(OrderStatus.PAID).toBuilder()
                .shipBy(NOW)
                .deliverBy(LocalDate.parse("2026-11-23"))
                .build();

        ActionOutcome.Applied applied =
                (ActionOutcome.Applied) allocated.apply(new OrderAction.Cancel("fraud"), STANDARD, OPS);

        assertThat(applied.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(applied.order().shipBy()).isNull();
        assertThat(applied.order().deliverBy()).isNull();
        assertThat(applied.event()).isEqualTo(new OrderEvent.OrderCancelled(applied.order(), "fraud", 4, NOW));
    }

    @Test
    void anAmendmentThatChangesNothingChangesNothing() {
        Order order = OrderMother.orderThatIs(OrderStatus.PAID);

        ActionOutcome.Applied applied = (ActionOutcome.Applied) order.apply(
                new OrderAction.Amend(new OrderAmendment(null, null, null, null, order.tags(), null)), STANDARD, OPS);

        assertThat(applied.changedNothing(order)).isTrue();
    }

    @Test
    void aCustomActionRunsOnlyWhenTheFlowAllowsItAndTheFlowsEffectsAreTheChange() {
        Order order = OrderMother.orderThatIs(OrderStatus.PAID);
        FlowRules approvals = (given, action) -> action.equals("approve")
                ? new FlowRules.Allowed(
                        null,
                        changed -> changed.toBuilder().tags(List.of("approved")).build())
                : new FlowRules.Forbidden("cannot " + action + " (flow b2b v1)");

        ActionOutcome approved =
                order.apply(new OrderAction.Custom("approve", Map.of("by", "finance")), approvals, OPS);
        ActionOutcome rejected = order.apply(new OrderAction.Custom("reject", Map.of()), approvals, OPS);

        assertThat(((ActionOutcome.Applied) approved).order().tags()).containsExactly("approved");
        assertThat(((ActionOutcome.Applied) approved).change().details()).containsEntry("by", "finance");
        assertThat(rejected)
                .isEqualTo(new ActionOutcome.Refused("transition-not-allowed", "cannot reject (flow b2b v1)", null));
    }

    @Test
    void anUnknownHoldTypeIsAMalformedActionNotARefusal() {
        Order order = OrderMother.orderThatIs(OrderStatus.PAID);

        ActionOutcome outcome = order.apply(new OrderAction.Hold("whim", "because"), STANDARD, OPS);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ActionOutcome.Refused.class,
                        refused -> assertThat(refused.field()).isEqualTo("type"));
    }
}

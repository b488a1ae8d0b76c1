package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.Money;
import dev.fulcrum.testing.OrderMother;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The presale and b2b flows applied by the order itself, given / when / then, without Spring or a database. */
class FlowStepTests {

    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    private static final OrderAction.Context OPS = new OrderAction.Context("ops", NOW, 2);
    private static final FlowDefinition PRESALE = shipped("presale");
    private static final FlowDefinition B2B = shipped("b2b");

    private static FlowDefinition shipped(String name) {
        try (InputStream in = FlowStepTests.class.getResourceAsStream("/flows/" + name + ".json")) {
            return JsonMapper.builder().build().readValue(in, FlowDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FlowRules rules(FlowDefinition flow) {
        return (order, action) -> Flows.step(flow, order, action);
    }

    /** The mother's paid order (197.00 CNY) with a deposit of 30.00 captured instead. */
    private static Order placedWithDeposit() {
        NewOrder paid = OrderMother.newPaidOrder();
        NewOrder deposit = new NewOrder(
                paid.channel(),
                paid.externalId(),
                paid.currency(),
                paid.placedAt(),
                paid.customer(),
                paid.shippingAddress(),
                paid.billingAddress(),
                paid.lines(),
                new Payment("captured", "alipay", Money.of("30.00", "CNY")),
                paid.notes(),
                paid.tags(),
                Map.of("presale", true));
        Order placed = Order.placed(deposit, OrderMother.STANDARD_FLOW, "web", NOW);
        return Flows.startIn(placed, new FlowRef("presale", 1), PRESALE);
    }

    private static ActionOutcome.Applied applied(ActionOutcome outcome) {
        assertThat(outcome).isInstanceOf(ActionOutcome.Applied.class);
        return (ActionOutcome.Applied) outcome;
    }

    @Test
    void aDepositOrderStartsInBalanceDueWithCanonicalCodeZero() {
        Order order = placedWithDeposit();

        assertThat(order.flow()).isEqualTo(new FlowRef("presale", 1, "balance_due"));
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(order.statusCode()).isZero();
        assertThat(order.holds())
                .extracting(Hold::type, Hold::by)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("balance", "flow:presale"));
        assertThat(order.attributes()).containsEntry("deposit", "30.00");
        assertThat(order.tags()).contains("presale");
    }

    @Test
    void payingTheBalanceUnderItsOwnNamePaysAndReturnsTheOrderToItsLedger() {
        Order order = placedWithDeposit();

        ActionOutcome.Applied paid = applied(order.apply(
                new OrderAction.Named("pay_balance", new OrderAction.Pay(null, null)), rules(PRESALE), OPS));

        assertThat(paid.order().flow().state()).isNull();
        assertThat(paid.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(paid.order().holds()).isEmpty();
        assertThat(paid.order().payment()).isEqualTo(new Payment("captured", "alipay", Money.of("197.00", "CNY")));
        assertThat(paid.event()).isEqualTo(new OrderEvent.OrderPaid(paid.order(), 2, NOW));
        assertThat(paid.change().action()).isEqualTo("pay_balance");
    }

    @Test
    void shippingInBalanceDueIsRefusedNamingTheState() {
        ActionOutcome refused =
                placedWithDeposit().apply(new OrderAction.Ship(List.of(), null, null), rules(PRESALE), OPS);

        assertThat(refused)
                .isEqualTo(new ActionOutcome.Refused(
                        "transition-not-allowed", "cannot ship an order that is balance due (flow presale v1)", null));
    }

    @Test
    void cancellingAfterTheDepositForfeitsItAndCancels() {
        ActionOutcome.Applied cancelled =
                applied(placedWithDeposit().apply(new OrderAction.Cancel("changed mind"), rules(PRESALE), OPS));

        assertThat(cancelled.order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.order().flow().state()).isNull();
        assertThat(cancelled.order().attributes()).containsEntry("forfeitedDeposit", "30.00");
        assertThat(cancelled.order().tags()).contains("deposit-forfeited");
        assertThat(cancelled.event()).isInstanceOf(OrderEvent.OrderCancelled.class);
    }

    @Test
    void approvingAB2bOrderReleasesItsApprovalHoldAndSaysSo() {
        Order placed = Order.placed(OrderMother.newPaidOrder(), OrderMother.STANDARD_FLOW, "b2b", NOW);
        Order awaiting = Flows.startIn(placed, new FlowRef("b2b", 1), B2B);
        assertThat(awaiting.flow().state()).isEqualTo("awaiting_approval");
        assertThat(awaiting.statusCode()).isZero();

        ActionOutcome.Applied approved =
                applied(awaiting.apply(new OrderAction.Custom("approve", Map.of()), rules(B2B), OPS));

        assertThat(approved.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(approved.order().holds()).isEmpty();
        assertThat(approved.order().tags()).contains("approved");
        assertThat(approved.event()).isEqualTo(new OrderEvent.OrderReleased(approved.order(), "approval", 2, NOW));
        assertThat(awaiting.apply(new OrderAction.Release("approval"), rules(B2B), OPS))
                .isInstanceOf(ActionOutcome.Refused.class);
    }

    @Test
    void aGuardThatCannotBeEvaluatedOnTheOrderRefusesInsteadOfFailing() {
        FlowDefinition strict = JsonMapper.builder().build().readValue("""
                {"name": "strict", "states": ["paid"], "transitions": [{"action": "ship", "from": ["paid"],
                  "guards": [{"when": "order.attributes.approver == 'finance'", "otherwise": "finance must approve"}]}]}""", FlowDefinition.class);
        Order paid = OrderMother.orderThatIs(OrderStatus.PAID).toBuilder()
                .flow(new FlowRef("strict", 1))
                .build();

        assertThat(Flows.step(strict, paid, "ship"))
                .isEqualTo(new FlowRules.Forbidden("cannot ship: finance must approve (flow strict v1)"));
    }
}

package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.Money;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderStatusTests {

    private static final Payment CAPTURED = new Payment("captured", "alipay", Money.of("10", "CNY"));

    @Test
    void anUnpaidOrderIsPendingPaymentAndAPaidOneIsPaid() {
        assertThat(OrderManagement.deriveStatus(List.of(line(2, 0, 0, 0)), null))
                .isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(OrderManagement.deriveStatus(List.of(line(2, 0, 0, 0)), new Payment("authorized", null, null)))
                .isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(OrderManagement.deriveStatus(List.of(line(2, 0, 0, 0)), CAPTURED))
                .isEqualTo(OrderStatus.PAID);
    }

    @Test
    void shippingMovesThroughPartiallyShippedToShippedAndCompleted() {
        assertThat(OrderManagement.deriveStatus(List.of(line(2, 1, 0, 0), line(1, 0, 0, 0)), CAPTURED))
                .isEqualTo(OrderStatus.PARTIALLY_SHIPPED);
        assertThat(OrderManagement.deriveStatus(List.of(line(2, 2, 0, 0), line(1, 1, 1, 0)), CAPTURED))
                .isEqualTo(OrderStatus.SHIPPED);
        assertThat(OrderManagement.deriveStatus(List.of(line(2, 2, 2, 0), line(1, 1, 1, 0)), CAPTURED))
                .isEqualTo(OrderStatus.COMPLETED);
    }

    @Test
    void cancelledUnitsDoNotCountTowardsCompletion() {
        assertThat(OrderManagement.deriveStatus(List.of(line(2, 0, 0, 2)), CAPTURED))
                .isEqualTo(OrderStatus.CANCELLED);
        assertThat(OrderManagement.deriveStatus(List.of(line(2, 1, 1, 1)), CAPTURED))
                .isEqualTo(OrderStatus.COMPLETED);
    }

    @Test
    void statusCodesFollowTheDataContract() {
        assertThat(OrderStatus.PENDING_PAYMENT.code()).isZero();
        assertThat(OrderStatus.PAID.code()).isEqualTo(1);
        assertThat(OrderStatus.SHIPPED.code()).isEqualTo(2);
        assertThat(OrderStatus.PARTIALLY_SHIPPED.code()).isEqualTo(2);
        assertThat(OrderStatus.COMPLETED.code()).isEqualTo(3);
        assertThat(OrderStatus.CANCELLED.code()).isEqualTo(4);
    }

    private static OrderLine line(int ordered, int shipped, int delivered, int cancelled) {
        return new OrderLine(
                1,
                "SKU",
                ordered,
                Money.of("1", "CNY"),
                Money.of("0", "CNY"),
                Money.of("0", "CNY"),
                Money.of("1", "CNY"),
                new LineQuantities(ordered, 0, shipped, delivered, cancelled, 0, 0));
    }
}

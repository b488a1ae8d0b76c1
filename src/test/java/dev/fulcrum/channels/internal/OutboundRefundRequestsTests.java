package dev.fulcrum.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.channels.ConnectionType;
import dev.fulcrum.order.OrderEvent;
import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.shared.Money;
import dev.fulcrum.testing.OrderMother;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The refund reports each channel gets; no Spring, no network. */
class OutboundRefundRequestsTests {

    private static OrderEvent.OrderRefunded refunded() {
        return new OrderEvent.OrderRefunded(
                OrderMother.orderThatIs(OrderStatus.COMPLETED),
                "0190a1b2-0000-7000-8000-000000000001",
                Money.of("56.50", "CNY"),
                List.of(new OrderEvent.LineMovement(1, "TEA-1", 1)),
                7,
                Instant.parse("2026-11-25T08:00:00Z"));
    }

    @Test
    void wooCommerceGetsARefundWithTheAmountAndLineItemsRecordedWithoutAPaymentCall() {
        List<OutboundRequests.Request> requests = OutboundRequests.of(
                ConnectionType.WOOCOMMERCE, "https://shop.example", "727", List.of("11"), refunded());
        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst().kind()).isEqualTo("refund");
        assertThat(requests.getFirst().url()).isEqualTo("https://shop.example/wp-json/wc/v3/orders/727/refunds");
        assertThat(requests.getFirst().body()).containsEntry("amount", "56.50").containsEntry("api_refund", false);
        assertThat(String.valueOf(requests.getFirst().body().get("line_items"))).contains("11");
    }

    @Test
    void amazonIsToldNothingAndAGenericConnectionGetsThePublicEvent() {
        assertThat(OutboundRequests.of(ConnectionType.AMAZON, "https://sp.example", "A-1", List.of(), refunded()))
                .isEmpty();
        OutboundRequests.Request generic = OutboundRequests.of(
                        ConnectionType.GENERIC, "https://hooks.example/x", "G-1", List.of(), refunded())
                .getFirst();
        assertThat(generic.body()).containsEntry("type", "dev.fulcrum.return.refunded");
        assertThat(generic.body().get("data"))
                .isInstanceOfSatisfying(
                        Map.class, data -> assertThat(data.get("amount")).isEqualTo("56.50"));
    }
}

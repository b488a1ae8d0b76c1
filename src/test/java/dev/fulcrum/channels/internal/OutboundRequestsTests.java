package dev.fulcrum.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.channels.ConnectionType;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderEvent;
import dev.fulcrum.order.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.ExponentialBackOff;

/** The bodies each channel gets, and the retry schedule; no Spring, no network. */
class OutboundRequestsTests {

    static Order order(OrderStatus status) {
        Order order = org.mockito.Mockito.mock(Order.class);
        org.mockito.Mockito.when(order.status()).thenReturn(status);
        org.mockito.Mockito.when(order.attributes()).thenReturn(Map.of("marketplaceId", "ATVPDKIKX0DER"));
        return order;
    }

    static OrderEvent.OrderShipped shipped(OrderStatus status) {
        return new OrderEvent.OrderShipped(
                order(status),
                List.of(new OrderEvent.LineMovement(1, "TEA-1", 2)),
                "SF",
                "SF100",
                3,
                Instant.parse("2026-11-22T08:00:00Z"));
    }

    @Test
    void completesAWooCommerceOrderOnlyWhenEverythingShippedAndAlwaysAddsANote() {
        List<OutboundRequests.Request> partial = OutboundRequests.of(
                ConnectionType.WOOCOMMERCE,
                "https://shop.example/",
                "727",
                List.of(),
                shipped(OrderStatus.PARTIALLY_SHIPPED));
        assertThat(partial).extracting(OutboundRequests.Request::kind).containsExactly("note");
        assertThat(partial.getFirst().url()).isEqualTo("https://shop.example/wp-json/wc/v3/orders/727/notes");
        assertThat(String.valueOf(partial.getFirst().body().get("note"))).contains("TEA-1 × 2", "SF", "SF100");

        List<OutboundRequests.Request> full = OutboundRequests.of(
                ConnectionType.WOOCOMMERCE, "https://shop.example", "727", List.of(), shipped(OrderStatus.SHIPPED));
        assertThat(full).extracting(OutboundRequests.Request::method).containsExactly("PUT", "POST");
        assertThat(full.getFirst().url()).isEqualTo("https://shop.example/wp-json/wc/v3/orders/727");
        assertThat(full.getFirst().body()).containsEntry("status", "completed");
    }

    @Test
    void confirmsAnAmazonShipmentWithOrderItemIdsAndTheMarketplace() {
        OutboundRequests.Request request = OutboundRequests.of(
                        ConnectionType.AMAZON,
                        "https://sellingpartnerapi-eu.amazon.com",
                        "902-3159896-1390916",
                        List.of("68828574383266"),
                        shipped(OrderStatus.SHIPPED))
                .getFirst();
        assertThat(request.url())
                .isEqualTo(
                        "https://sellingpartnerapi-eu.amazon.com/orders/v0/orders/902-3159896-1390916/shipmentConfirmation");
        assertThat(request.body()).containsEntry("marketplaceId", "ATVPDKIKX0DER");
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) request.body().get("packageDetail");
        assertThat(detail).containsEntry("carrierCode", "SF").containsEntry("trackingNumber", "SF100");
        assertThat(detail).containsEntry("orderItems", List.of(Map.of("orderItemId", "68828574383266", "quantity", 2)));
    }

    @Test
    void retriesWithGrowingJitteredWaitsAndStopsAtTheLimit() {
        ExponentialBackOff backOff = OutboundDispatcher.backOff(Duration.ofSeconds(10), Duration.ofHours(1), 4);
        Duration[] waits = {
            OutboundDispatcher.nextDelay(backOff, 1),
            OutboundDispatcher.nextDelay(backOff, 2),
            OutboundDispatcher.nextDelay(backOff, 3)
        };
        assertThat(Arrays.asList(waits)).doesNotContainNull();
        assertThat(waits[0]).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
        assertThat(waits[2]).isGreaterThan(waits[0]);
        assertThat(OutboundDispatcher.nextDelay(backOff, 4))
                .as("the fourth attempt was the last")
                .isNull();
    }
}

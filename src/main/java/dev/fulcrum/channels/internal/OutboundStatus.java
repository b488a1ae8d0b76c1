package dev.fulcrum.channels.internal;

import dev.fulcrum.order.OrderEvent;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Enqueues a status report to the channel an order came from when the order ships, is cancelled or is refunded. Listens
 * synchronously, inside the transaction that changed the order, so the report is stored exactly when the change
 * commits and is never lost; {@link OutboundDispatcher} sends it afterwards. A change the channel itself asked for
 * (its own cancellation webhook, say) is not echoed back to it.
 */
@Component
public class OutboundStatus {

    private static final ThreadLocal<@Nullable UUID> TOLD_BY = new ThreadLocal<>();

    private final ChannelOrders channelOrders;
    private final Connections connections;
    private final OutboundDeliveries deliveries;
    private final Clock clock;

    OutboundStatus(ChannelOrders channelOrders, Connections connections, OutboundDeliveries deliveries, Clock clock) {
        this.channelOrders = channelOrders;
        this.connections = connections;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** Runs order changes that connection {@code connectionId} asked for: they are not reported back to it. */
    public static <T> T asToldBy(UUID connectionId, Supplier<T> changes) {
        UUID previous = TOLD_BY.get();
        TOLD_BY.set(connectionId);
        try {
            return changes.get();
        } finally {
            TOLD_BY.set(previous);
        }
    }

    @EventListener
    void on(OrderEvent event) {
        if (!(event instanceof OrderEvent.OrderShipped)
                && !(event instanceof OrderEvent.OrderCancelled)
                && !(event instanceof OrderEvent.OrderRefunded)) {
            return;
        }
        channelOrders
                .findByOrder(event.order().id())
                .filter(known -> !known.connectionId().equals(TOLD_BY.get()))
                .ifPresent(known -> connections
                        .find(known.connectionId())
                        .filter(connection -> connection.outboundBaseUrl() != null)
                        .ifPresent(connection -> {
                            List<OutboundRequests.Request> requests = OutboundRequests.of(
                                    connection.type(),
                                    java.util.Objects.requireNonNull(connection.outboundBaseUrl()), // filtered above
                                    known.externalId(),
                                    channelOrders.lineRefs(known.orderId()),
                                    event);
                            deliveries.enqueue(connection.id(), known.orderId(), requests, clock.instant());
                        }));
    }
}

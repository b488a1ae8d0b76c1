package dev.fulcrum.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts order events by type and channel ({@code fulcrum_order_events_total}) once their transaction has committed.
 * As a transactional listener it runs through Spring Modulith's event publication registry: every order change
 * stores its publication with the change, so an event whose processing a crash interrupted is resubmitted at the next
 * start rather than lost, and a rolled-back change never counts. It needs no transaction of its own.
 */
@Component
class OrderMetrics {

    private final MeterRegistry registry;

    OrderMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Async
    @TransactionalEventListener
    void on(OrderEvent event) {
        count(event);
    }

    /** A batch placed together is one publication in the registry, however many orders it holds. */
    @Async
    @TransactionalEventListener
    void on(OrdersPlaced batch) {
        batch.placed().forEach(this::count);
    }

    private void count(OrderEvent event) {
        Counter.builder("fulcrum.order.events")
                .description("Order events, counted after their change committed")
                .tag("type", event.publicType())
                .tag("channel", event.order().channel())
                .register(registry)
                .increment();
    }
}

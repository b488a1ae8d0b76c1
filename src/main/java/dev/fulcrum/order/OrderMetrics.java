package dev.fulcrum.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts placed orders per channel ({@code fulcrum_orders_placed_total}) once their transaction has committed; a
 * rolled-back order never counts. The counter lives in memory (it restarts at zero with the process, as every
 * Micrometer counter does), so it is incremented directly after commit: routing it through Spring Modulith's event
 * publication registry cost a stored publication, an asynchronous hand-off and a second transaction per order (ADR 0071).
 * It is a plain listener registering an after-commit callback, not a {@code @TransactionalEventListener}: Spring
 * Modulith stores a publication for those too, and completes it on the committing thread with a second connection.
 */
@Component
class OrderMetrics {

    private final MeterRegistry registry;

    OrderMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void on(OrderEvent.OrderPlaced placed) {
        Counter counter = Counter.builder("fulcrum.orders.placed").description("Orders placed, counted after commit")
                .tag("channel", placed.order().channel()).register(registry);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return; // placed outside a transaction cannot happen; never count what may not have committed
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                counter.increment();
            }
        });
    }
}

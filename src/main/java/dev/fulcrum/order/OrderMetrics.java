package dev.fulcrum.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Counts placed orders per channel ({@code fulcrum_orders_placed_total}) once their transaction has committed. The
 * listener runs through Spring Modulith's event publication registry: the publication is stored with the order, so a
 * count interrupted by a crash is resubmitted at the next start rather than lost, and a rolled-back order never counts.
 */
@Component
class OrderMetrics {

    private final MeterRegistry registry;

    OrderMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @ApplicationModuleListener
    void on(OrderEvent.OrderPlaced placed) {
        Counter.builder("fulcrum.orders.placed").description("Orders placed, counted after commit")
                .tag("channel", placed.order().channel()).register(registry).increment();
    }
}

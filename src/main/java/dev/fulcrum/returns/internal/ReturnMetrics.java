package dev.fulcrum.returns.internal;

import dev.fulcrum.returns.Return;
import dev.fulcrum.returns.ReturnEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Counts returned units by reason, SKU and resolution ({@code fulcrum_returns_requested_units_total}) and returns by
 * outcome ({@code fulcrum_returns_total}, tag {@code event}), once their transaction committed; with the order
 * event counts they give return rates by reason and SKU. Runs through the event publication registry like
 * {@code OrderMetrics}, so a rolled-back request never counts.
 */
@Component
class ReturnMetrics {

    private final MeterRegistry registry;

    ReturnMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Async
    @TransactionalEventListener
    void on(ReturnEvent event) {
        Counter.builder("fulcrum.returns")
                .description("Return events, counted after their change committed")
                .tag("event", event.publicType())
                .tag("resolution", event.returned().resolution())
                .register(registry)
                .increment();
        if (event instanceof ReturnEvent.ReturnRequested requested) {
            for (Return.Line line : requested.returned().lines()) {
                Counter.builder("fulcrum.returns.requested.units")
                        .description("Units asked back by return requests, by reason and SKU")
                        .tag("reason", line.reason())
                        .tag("sku", line.sku())
                        .tag("resolution", requested.returned().resolution())
                        .register(registry)
                        .increment(line.quantity());
            }
        }
    }
}

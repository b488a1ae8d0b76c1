package dev.fulcrum.events.usage;

import dev.fulcrum.events.PublicEventsAppended;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Counts committed public events as {@code fulcrum_events_published_total{tenant,type}} (orders placed among them). */
@Component
class PublishedEventMetrics {

    private final MeterRegistry meters;

    PublishedEventMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @EventListener
    void on(PublicEventsAppended batch) {
        Runnable count = () -> batch.appended()
                .forEach(appended -> meters.counter(
                                "fulcrum.events.published",
                                "tenant",
                                appended.tenant().toString(),
                                "type",
                                appended.event().type())
                        .increment());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    count.run();
                }
            });
        } else {
            count.run();
        }
    }
}

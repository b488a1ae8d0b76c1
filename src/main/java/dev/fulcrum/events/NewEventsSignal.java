package dev.fulcrum.events;

import dev.fulcrum.order.OrderEvent;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Counts order events after their transactions commit, through Spring Modulith's event publication registry (so a
 * publication interrupted by a crash is resubmitted at the next start). Readers that poll the public log, such as
 * the live stream, watch this counter to wake up as soon as something new is committed.
 */
@Component
public class NewEventsSignal {

    private final AtomicLong committed = new AtomicLong();

    @ApplicationModuleListener
    void on(OrderEvent event) {
        synchronized (this) {
            committed.incrementAndGet();
            notifyAll();
        }
    }

    /** How many order events have committed since start. */
    public long committed() {
        return committed.get();
    }

    /** Waits until more than {@code seen} events have committed, or the timeout passes. */
    public long awaitAfter(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (this) {
            while (committed.get() <= seen) {
                long remaining = deadline - System.currentTimeMillis();
                if (remaining <= 0) {
                    break;
                }
                wait(remaining);
            }
            return committed.get();
        }
    }
}

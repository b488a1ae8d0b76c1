package dev.fulcrum.events;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Counts public events after their transactions commit (the log registers an after-commit callback per append).
 * Readers that poll the public log, such as the live stream, the Kafka relay and the webhook dispatcher, watch this
 * counter to wake up as soon as something new is committed; they still poll now and then, because events committed
 * by another instance do not ring this bell.
 */
@Component
public class NewEventsSignal {

    private final AtomicLong committed = new AtomicLong();

    /** Called after a transaction that appended {@code count} public events has committed. */
    void committed(int count) {
        synchronized (this) {
            committed.addAndGet(count);
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

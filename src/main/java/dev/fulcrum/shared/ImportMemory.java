package dev.fulcrum.shared;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * The bytes of import files this instance holds in memory, from the moment a request starts sending one until its
 * background job has read it, bounded by {@code fulcrum.limits.max-import-bytes-in-flight} (which should be at least
 * the largest import). Several imports at once are admitted while their sum fits; a file that does not fit is refused
 * with 503 before it is read, so that concurrent imports cannot exhaust the heap together.
 */
public final class ImportMemory {

    private final long capBytes;
    private final AtomicLong held = new AtomicLong();
    // One ImportMemory per application context; per instance so that contexts (tests) never see each other's request.
    @SuppressWarnings("ThreadLocalUsage")
    private final ThreadLocal<@Nullable Reservation> request = new ThreadLocal<>();

    public ImportMemory(DataSize cap) {
        this.capBytes = cap.toBytes();
    }

    /** Bytes held for one import; released once, by the request or, after {@link #takeOver}, by the import's job. */
    public final class Reservation implements AutoCloseable {

        private final long bytes;
        private final AtomicBoolean released = new AtomicBoolean();

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                held.addAndGet(-bytes);
            }
        }
    }

    /**
     * Reserves {@code bytes} or refuses them.
     *
     * @throws ApiProblem 503 {@code imports-busy} naming the bytes held, the cap and the file's size
     */
    public Reservation reserve(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > capBytes) {
                throw ApiProblem.unavailable(
                        "imports-busy",
                        "body",
                        "imports in progress hold " + now + " bytes of files on this instance, at most "
                                + RequestLimits.readable(DataSize.ofBytes(capBytes))
                                + " (fulcrum.limits.max-import-bytes-in-flight), and this file has " + bytes
                                + " bytes: retry when an import has finished");
            }
            if (held.compareAndSet(now, now + bytes)) {
                return new Reservation(bytes);
            }
        }
    }

    /** Bytes held now (for tests and metrics). */
    public long held() {
        return held.get();
    }

    /** Marks {@code reservation} as the current request's, until {@link #endRequest}. */
    void beginRequest(Reservation reservation) {
        request.set(reservation);
    }

    /** Releases the current request's reservation unless an import took it over. */
    void endRequest() {
        Reservation reservation = request.get();
        request.remove();
        if (reservation != null) {
            reservation.close();
        }
    }

    /**
     * The reservation of the current request's body, which the caller (an import job) now releases when it is done
     * with the bytes; without one (a body sent without a length), {@code bytes} are reserved now.
     *
     * @throws ApiProblem 503 {@code imports-busy} when they do not fit
     */
    public Reservation takeOver(long bytes) {
        Reservation reservation = request.get();
        request.remove();
        return reservation != null ? reservation : reserve(bytes);
    }
}

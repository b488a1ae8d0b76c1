package dev.fulcrum.analytics.internal;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs analytics reports on one background thread per instance, so that however many people ask, they take at most
 * one core from order intake; a few more wait in a short queue and the rest are told to come back (503). A finished
 * report is kept for {@code fulcrum.analytics.cache-ttl} per tenant and question; a request waits for its report up to
 * {@code fulcrum.analytics.wait} and, past that, is answered 503 while the computation goes on for the next ask.
 */
@Component
public class ReportRunner implements DisposableBean {

    private static final int MAX_CACHED = 256;

    private final ThreadPoolExecutor executor;
    private final Map<String, Entry> reports = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final Duration wait;

    private record Entry(CompletableFuture<Object> report, Instant startedAt) {}

    ReportRunner(
            Clock clock,
            @Value("${fulcrum.analytics.cache-ttl:PT10M}") Duration ttl,
            @Value("${fulcrum.analytics.wait:PT60S}") Duration wait,
            @Value("${fulcrum.analytics.queue:4}") int queue) {
        this.clock = clock;
        this.ttl = ttl;
        this.wait = wait;
        this.executor =
                new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), work -> {
                    Thread thread = new Thread(work, "analytics");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * The report for {@code question} of the current tenant: cached, being computed, or computed now by {@code work}
     * on the analytics thread under the caller's tenant.
     *
     * @throws ApiProblem 503 when the queue is full or the report takes longer than the wait
     */
    @SuppressWarnings("unchecked")
    public <T> T report(String question, Supplier<T> work) {
        RequestContext context = RequestContext.require();
        String key = context.tenantId().value() + "|" + question;
        Instant now = clock.instant();
        Entry entry = reports.compute(key, (k, existing) -> {
            if (existing != null
                    && !existing.report().isCompletedExceptionally()
                    && (!existing.report().isDone()
                            || existing.startedAt().plus(ttl).isAfter(now))) {
                return existing;
            }
            CompletableFuture<Object> report = new CompletableFuture<>();
            try {
                executor.execute(() -> {
                    try {
                        report.complete(context.call(work));
                    } catch (RuntimeException | Error failed) {
                        report.completeExceptionally(failed);
                    }
                });
            } catch (RejectedExecutionException busy) {
                report.completeExceptionally(ApiProblem.unavailable(
                        "analytics-busy", "analytics is computing other reports: ask again in a minute"));
            }
            return new Entry(report, now);
        });
        evictOld(now);
        try {
            return (T) entry.report().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            throw ApiProblem.unavailable(
                    "analytics-computing", "the report is still being computed: ask again in a minute");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw ApiProblem.unavailable("analytics-computing", "interrupted while waiting for the report");
        } catch (ExecutionException failed) {
            reports.remove(key, entry);
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(failed.getCause());
        }
    }

    private void evictOld(Instant now) {
        if (reports.size() <= MAX_CACHED) {
            return;
        }
        reports.values()
                .removeIf(entry ->
                        entry.report().isDone() && !entry.startedAt().plus(ttl).isAfter(now));
        if (reports.size() > MAX_CACHED) {
            reports.values().removeIf(entry -> entry.report().isDone());
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}

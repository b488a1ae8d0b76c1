package dev.fulcrum.events.usage;

import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Counts API calls per tenant, day, API key and endpoint (method and route template), in memory for speed, flushed
 * to {@code api_usage_daily} every few seconds, on shutdown and before a usage report is read. Also counts them as
 * the Prometheus counter {@code fulcrum_api_calls_total{tenant,endpoint,status}}.
 */
@Component
public class UsageMeter implements HandlerInterceptor, SmartLifecycle {

    private record Key(TenantId tenant, LocalDate day, String apiKey, String endpoint) {}

    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;
    private volatile @Nullable ScheduledExecutorService flusher;

    UsageMeter(JdbcClient jdbc, TransactionTemplate transactions, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, @Nullable Exception failure) {
        RequestContext context = RequestContext.current().orElse(null);
        if (context == null || !request.getRequestURI().startsWith("/api/")) {
            return;
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String endpoint = request.getMethod() + " " + (pattern == null ? request.getRequestURI() : pattern);
        pending.computeIfAbsent(
                        new Key(
                                context.tenantId(),
                                LocalDate.now(clock.withZone(ZoneOffset.UTC)),
                                context.actor(),
                                endpoint),
                        key -> new LongAdder())
                .increment();
        meters.counter(
                        "fulcrum.api.calls",
                        "tenant",
                        context.tenantId().toString(),
                        "endpoint",
                        endpoint,
                        "status",
                        Integer.toString(response.getStatus()))
                .increment();
    }

    /** Writes the counts gathered since the last flush. */
    public synchronized void flush() {
        Map<TenantId, Map<Key, Long>> byTenant = new HashMap<>();
        for (Key key : List.copyOf(pending.keySet())) {
            LongAdder adder = pending.remove(key);
            long count = adder == null ? 0 : adder.sumThenReset();
            if (count > 0) {
                byTenant.computeIfAbsent(key.tenant(), t -> new HashMap<>()).merge(key, count, Long::sum);
            }
        }
        byTenant.forEach((tenant, counts) -> RequestContext.system(tenant)
                .run(() -> transactions.executeWithoutResult(status -> counts.forEach((key, count) -> jdbc.sql("""
                        insert into api_usage_daily (tenant_id, day, api_key, endpoint, calls) values (?, ?, ?, ?, ?)
                        on conflict (tenant_id, day, api_key, endpoint)
                        do update set calls = api_usage_daily.calls + excluded.calls""")
                        .params(tenant.value(), Date.valueOf(key.day()), key.apiKey(), key.endpoint(), count)
                        .update()))));
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("fulcrum-usage").daemon().factory());
        flusher = started;
        // Nothing waits on the future: flushQuietly logs its own failures.
        var unused = started.scheduleWithFixedDelay(this::flushQuietly, 10, 10, TimeUnit.SECONDS);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException failed) {
            org.slf4j.LoggerFactory.getLogger(UsageMeter.class).warn("could not write API usage", failed);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = flusher;
        if (running != null) {
            running.shutdownNow();
            flusher = null;
            flushQuietly();
        }
    }

    @Override
    public boolean isRunning() {
        return flusher != null;
    }
}

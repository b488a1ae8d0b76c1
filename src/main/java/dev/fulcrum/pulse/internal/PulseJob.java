package dev.fulcrum.pulse.internal;

import dev.fulcrum.order.OrderFigures;
import dev.fulcrum.pulse.OrderPulse;
import dev.fulcrum.pulse.PulseReport;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Computes the pulse continuously, on one background thread per instance, every {@code fulcrum.pulse.interval} (5 s):
 * finds the tenants whose orders changed in the last {@link #ACTIVE} (or that have a raised alert), claims each for
 * one interval through {@code pulse_progress} so that exactly one instance computes a tenant's minutes at a time,
 * recomputes its minutes from shortly before where it last stopped up to now (the current minute included, so the
 * dashboard is never more than an interval behind), evaluates its alert rules and updates its gauges. Once an hour per tenant
 * it deletes minutes older than 90 days. Nothing here runs on the intake path (ADR 0143).
 */
@Component
public class PulseJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PulseJob.class);

    /** How long after its last order change a tenant's pulse is still computed. */
    static final Duration ACTIVE = Duration.ofMinutes(10);

    /** How far back a computation starts before where the last one stopped: commits that came in late. */
    static final Duration OVERLAP = Duration.ofMinutes(2);

    /** The most a computation covers: a tenant seen for the first time, or after a long pause, gets an hour. */
    static final Duration BACKFILL = Duration.ofHours(1);

    static final Duration KEPT = Duration.ofDays(90);

    /** The window of the Prometheus gauges. */
    static final Duration GAUGE_WINDOW = Duration.ofMinutes(5);

    private final OrderFigures orders;
    private final PulseComputation computation;
    private final PulseMinutes minutes;
    private final AlertEvaluation alerts;
    private final OrderPulse pulse;
    private final PulseGauges gauges;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration interval;
    private final boolean enabled;
    private final String instance = UUID.randomUUID().toString();
    private volatile @Nullable ScheduledExecutorService executor;
    private volatile java.util.concurrent.@Nullable ScheduledFuture<?> scheduled;
    /** When this instance last deleted each tenant's minutes older than {@link #KEPT}. */
    private final java.util.Map<TenantId, Instant> pruned = new java.util.concurrent.ConcurrentHashMap<>();

    PulseJob(
            OrderFigures orders,
            PulseComputation computation,
            PulseMinutes minutes,
            AlertEvaluation alerts,
            OrderPulse pulse,
            PulseGauges gauges,
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Clock clock,
            @Value("${fulcrum.pulse.interval:PT5S}") Duration interval,
            @Value("${fulcrum.pulse.enabled:true}") boolean enabled) {
        this.orders = orders;
        this.computation = computation;
        this.minutes = minutes;
        this.alerts = alerts;
        this.pulse = pulse;
        this.gauges = gauges;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.interval = interval;
        this.enabled = enabled;
    }

    /** Computes every due tenant once, now; returns how many it computed. Also what the scheduled runs call. */
    public int runOnce() {
        Instant now = clock.instant();
        List<UUID> active = orders.tenantsChangedSince(now.minus(ACTIVE));
        record Claimed(UUID tenant, @Nullable Instant computedThrough) {}
        List<Claimed> claimed = jdbc.sql(
                        "select tenant_id, computed_through from fulcrum_claim_pulse_tenants(?, ?, ?::interval, ?)")
                .params(
                        active.toArray(UUID[]::new),
                        // The lease coordinates running instances, so it runs on the wall clock: a business clock
                        // moved ahead (a test's, or one set for a what-if) must not lock others out until then.
                        Timestamp.from(Instant.now()),
                        interval.toMillis() + " milliseconds",
                        instance)
                .query((rs, row) -> {
                    Timestamp through = rs.getTimestamp(2);
                    return new Claimed(rs.getObject(1, UUID.class), through == null ? null : through.toInstant());
                })
                .list();
        int computed = 0;
        for (Claimed one : claimed) {
            try {
                compute(new TenantId(one.tenant()), one.computedThrough(), now);
                computed++;
            } catch (RuntimeException failed) {
                log.warn("could not compute the pulse of tenant {}: {}", one.tenant(), failed.toString());
            }
        }
        return computed;
    }

    private void compute(TenantId tenant, @Nullable Instant computedThrough, Instant now) {
        Instant earliest = now.minus(BACKFILL);
        Instant start =
                computedThrough == null || computedThrough.minus(OVERLAP).isBefore(earliest)
                        ? earliest
                        : computedThrough.minus(OVERLAP);
        Instant from = start.truncatedTo(ChronoUnit.MINUTES);
        Instant to = now.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        RequestContext.system(tenant)
                .run(() -> transactions.executeWithoutResult(status -> {
                    minutes.replace(from, to, computation.compute(from, to));
                    jdbc.sql("update pulse_progress set computed_through = ? where tenant_id = ?")
                            .params(Timestamp.from(now), tenant.value())
                            .update();
                    alerts.evaluate(now);
                    PulseReport current = pulse.report(now, GAUGE_WINDOW, null, false);
                    gauges.update(tenant, current);
                    if (pruned.getOrDefault(tenant, Instant.EPOCH).isBefore(now.minus(Duration.ofHours(1)))) {
                        pruned.put(tenant, now);
                        minutes.prune(now.minus(KEPT));
                    }
                }));
    }

    @Override
    public void start() {
        if (!enabled || executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(work -> {
            Thread thread = new Thread(work, "pulse");
            thread.setDaemon(true);
            return thread;
        });
        scheduled = started.scheduleWithFixedDelay(
                () -> {
                    try {
                        runOnce();
                    } catch (RuntimeException failed) {
                        log.warn("pulse computation failed: {}", failed.toString());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running == null) {
            return;
        }
        // A stopped executor cannot start again, and a context may be stopped and started again (a paused test
        // context): the next start makes a new one.
        java.util.concurrent.ScheduledFuture<?> runs = scheduled;
        if (runs != null) {
            runs.cancel(false);
        }
        running.shutdownNow();
        try {
            running.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}

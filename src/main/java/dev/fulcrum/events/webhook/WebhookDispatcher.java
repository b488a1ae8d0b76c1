package dev.fulcrum.events.webhook;

import dev.fulcrum.compliance.DataResidency;
import dev.fulcrum.events.CloudEvents;
import dev.fulcrum.events.EventCatalogue;
import dev.fulcrum.events.EventType;
import dev.fulcrum.events.NewEventsSignal;
import dev.fulcrum.events.PersonalFields;
import dev.fulcrum.events.PublicEvent;
import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works through the delivery queue: finds the tenants with deliveries due (a security-definer function, the one
 * cross-tenant read), then per tenant, inside its row-level security, claims due deliveries that have no earlier
 * pending delivery for the same order and subscription (so an order's events arrive in order while other orders flow),
 * posts each signed CloudEvent with a short timeout and no redirects, and records the attempt. Failures are retried
 * with exponential backoff and jitter (Spring's {@link ExponentialBackOff}) until the retry window closes, then the
 * delivery is dead and can be retried or replayed by hand. A subscription failing for longer than the pause period
 * is paused and a {@code subscription.paused} event is raised.
 *
 * <p>Claims are leases ({@code next_attempt_at} moves past the request timeout), so several instances can dispatch
 * side by side, and a crash mid-attempt only delays the delivery.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 200;
    private static final int MAX_IN_FLIGHT = 64;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final CloudEvents cloudEvents;
    private final PublicEventLog eventLog;
    private final NewEventsSignal signal;
    private final Clock clock;
    private final JsonMapper json;
    private final WebhookProperties properties;
    private final TargetGuard guard;
    private final MeterRegistry meters;
    private final DataResidency residency;
    /** Built on the first delivery: the JVM's first HTTP client initialises TLS, which the start need not wait for. */
    private final SingletonSupplier<HttpClient> http;

    private final ExponentialBackOff backOff;
    private final EventCatalogue catalogue = EventCatalogue.load();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    // Replaced on start after a stop: Spring stops and restarts lifecycle beans (test contexts are paused between
    // uses).
    private volatile ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private volatile @Nullable Thread loop;

    WebhookDispatcher(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            CloudEvents cloudEvents,
            PublicEventLog eventLog,
            NewEventsSignal signal,
            Clock clock,
            JsonMapper json,
            WebhookProperties properties,
            MeterRegistry meters,
            DataResidency residency) {
        this.jdbc = jdbc;
        this.residency = residency;
        this.transactions = transactions;
        this.cloudEvents = cloudEvents;
        this.eventLog = eventLog;
        this.signal = signal;
        this.clock = clock;
        this.json = json;
        this.properties = properties;
        this.guard = new TargetGuard(properties.allowlist());
        this.meters = meters;
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build());
        this.backOff = new ExponentialBackOff(properties.initialBackoff().toMillis(), 2.0);
        this.backOff.setMaxInterval(properties.maxBackoff().toMillis());
        this.backOff.setJitter(Math.max(1, properties.initialBackoff().toMillis() / 2));
    }

    /** The wait before the attempt after {@code failures} failed ones (1, 2, 3, …). */
    long backoffMillis(int failures) {
        BackOffExecution execution = backOff.start();
        long wait = 0;
        for (int i = 0; i < failures; i++) {
            wait = execution.nextBackOff();
        }
        return Math.max(0, wait);
    }

    @Override
    public void start() {
        if (senders.isShutdown()) {
            senders = Executors.newVirtualThreadPerTaskExecutor();
        }
        Thread thread = Thread.ofPlatform().name("fulcrum-webhooks").daemon().unstarted(this::run);
        loop = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = loop;
        loop = null;
        if (thread != null) {
            thread.interrupt();
        }
        senders.shutdown();
        try {
            senders.awaitTermination(properties.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    private void run() {
        long seen = signal.committed();
        while (loop == Thread.currentThread()) {
            try {
                dispatchDue();
                seen = signal.awaitAfter(seen, untilNextDueMillis());
            } catch (InterruptedException interrupted) {
                return;
            } catch (RuntimeException failed) {
                log.warn("webhook dispatch round failed; retrying", failed);
                try {
                    Thread.sleep(properties.pollInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private long untilNextDueMillis() {
        Timestamp next = jdbc.sql("select fulcrum_next_due_delivery()")
                .query(Timestamp.class)
                .optional()
                .orElse(null);
        long poll = properties.pollInterval().toMillis();
        if (next == null) {
            return poll;
        }
        return Math.clamp(next.toInstant().toEpochMilli() - clock.millis(), 1, poll);
    }

    /** One round: every tenant with due deliveries. */
    void dispatchDue() throws InterruptedException {
        @SuppressWarnings("NullAway") // the function returns tenant ids, never null
        List<UUID> tenants = jdbc.sql("select * from fulcrum_tenants_with_due_deliveries(?)")
                .param(Timestamp.from(clock.instant()))
                .query(UUID.class)
                .list();
        for (UUID tenant : tenants) {
            List<Job> jobs =
                    RequestContext.system(new TenantId(tenant)).call(() -> transactions.execute(status -> claim()));
            for (Job job : jobs) {
                inFlight.acquire();
                senders.execute(() -> {
                    try {
                        RequestContext.system(new TenantId(tenant)).run(() -> attempt(job));
                    } catch (RuntimeException failed) {
                        log.warn("webhook delivery {} failed unexpectedly", job.deliveryId(), failed);
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
    }

    private record Job(
            UUID deliveryId, int attempt, Instant firstAttemptAt, Subscription subscription, PublicEvent event) {}

    private List<Job> claim() {
        Instant now = clock.instant();
        UUID tenant = RequestContext.require().tenantId().value();
        Instant lease = now.plus(properties.connectTimeout())
                .plus(properties.requestTimeout())
                .plusSeconds(30);
        record Claimed(UUID id, UUID subscriptionId, long position, int attempts, Instant firstAttemptAt) {}
        List<Claimed> claimed = jdbc.sql("""
                with due as (
                    select d.id from webhook_deliveries d
                    join webhook_subscriptions s on s.tenant_id = d.tenant_id and s.id = d.subscription_id
                    where d.tenant_id = ? and d.status = 'pending' and d.next_attempt_at <= ? and s.status = 'active'
                      and not exists (select 1 from webhook_deliveries e
                                      where e.tenant_id = d.tenant_id and e.subscription_id = d.subscription_id
                                        and e.ordering_key = d.ordering_key and e.status = 'pending' and e.seq < d.seq)
                    order by d.seq
                    limit ?
                    for update of d skip locked)
                update webhook_deliveries d
                set next_attempt_at = ?, attempts = d.attempts + 1, first_attempt_at = coalesce(d.first_attempt_at, ?)
                from due where d.tenant_id = ? and d.id = due.id
                returning d.id, d.subscription_id, d.event_position, d.attempts, d.first_attempt_at""")
                .params(tenant, Timestamp.from(now), BATCH, Timestamp.from(lease), Timestamp.from(now), tenant)
                .query((rs, row) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("subscription_id", UUID.class),
                        rs.getLong("event_position"),
                        rs.getInt("attempts"),
                        rs.getTimestamp("first_attempt_at").toInstant()))
                .list();
        if (claimed.isEmpty()) {
            return List.of();
        }
        Map<UUID, Subscription> subscriptions = new HashMap<>();
        jdbc.sql("select * from webhook_subscriptions where tenant_id = ? and id = any (?)")
                .params(
                        tenant,
                        claimed.stream().map(Claimed::subscriptionId).distinct().toArray(UUID[]::new))
                .query(WebhookSubscriptions::subscription)
                .list()
                .forEach(subscription -> subscriptions.put(subscription.id(), subscription));
        Map<Long, PublicEvent> events = new HashMap<>();
        jdbc.sql("""
                select position, id, type, order_id, order_seq, occurred_at, data::text as data from public_events
                where tenant_id = ? and position = any (?)""")
                .params(
                        tenant,
                        claimed.stream().map(Claimed::position).distinct().toArray(Long[]::new))
                .query(rs -> {
                    events.put(
                            rs.getLong("position"),
                            new PublicEvent(
                                    rs.getObject("id", UUID.class),
                                    rs.getString("type"),
                                    rs.getObject("order_id", UUID.class),
                                    (Long) rs.getObject("order_seq"),
                                    rs.getTimestamp("occurred_at").toInstant(),
                                    json.readTree(rs.getString("data")),
                                    ""));
                });
        return claimed.stream()
                .map(c -> new Job(
                        c.id(),
                        c.attempts(),
                        c.firstAttemptAt(),
                        // Both exist: the claimed rows reference them, and are locked.
                        java.util.Objects.requireNonNull(subscriptions.get(c.subscriptionId())),
                        java.util.Objects.requireNonNull(events.get(c.position()))))
                .toList();
    }

    private void attempt(Job job) {
        TenantId tenant = RequestContext.require().tenantId();
        Subscription subscription = job.subscription();
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        Integer statusCode = null;
        String excerpt = null;
        String error = guard.refusal(subscription.url());
        if (error == null) {
            try {
                EventType type = catalogue.require(job.event().type());
                var data = EventProjection.project(
                        type, job.event().data(), subscription.fields(), Set.copyOf(subscription.personalData()));
                if (!residency.current().allowsTransferTo(subscription.region())) {
                    PersonalFields.maskForTransfer(type, data);
                }
                byte[] body = cloudEvents.serialize(tenant, job.event(), data);
                HttpRequest request = HttpRequest.newBuilder(URI.create(subscription.url()))
                        .timeout(properties.requestTimeout())
                        .header("Content-Type", CloudEvents.CONTENT_TYPE)
                        .header("User-Agent", "Fulcrum-Webhooks/1")
                        .header(
                                Signatures.HEADER,
                                Signatures.header(started.getEpochSecond(), body, subscription.signingSecrets(started)))
                        .header("Fulcrum-Delivery-Id", job.deliveryId().toString())
                        .header("Fulcrum-Delivery-Attempt", Integer.toString(job.attempt()))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                HttpResponse<InputStream> response =
                        http.obtain().send(request, HttpResponse.BodyHandlers.ofInputStream());
                statusCode = response.statusCode();
                try (InputStream in = response.body()) {
                    excerpt = new String(in.readNBytes(500), StandardCharsets.UTF_8);
                }
                if (statusCode >= 300 && statusCode < 400) {
                    error = "redirects are not followed";
                } else if (statusCode >= 400 || statusCode < 200) {
                    error = "status " + statusCode;
                }
            } catch (IOException | IllegalArgumentException failed) {
                error = failed.getClass().getSimpleName()
                        + (failed.getMessage() == null ? "" : ": " + failed.getMessage());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        int latencyMillis = (int) ((System.nanoTime() - startNanos) / 1_000_000);
        record(job, started, statusCode, latencyMillis, excerpt, error);
    }

    private void record(
            Job job,
            Instant at,
            @Nullable Integer statusCode,
            int latencyMillis,
            @Nullable String excerpt,
            @Nullable String error) {
        UUID tenant = RequestContext.require().tenantId().value();
        boolean succeeded = error == null;
        meters.timer("fulcrum.webhooks.attempts", "outcome", succeeded ? "delivered" : "failed")
                .record(Duration.ofMillis(latencyMillis));
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            jdbc.sql("""
                    insert into webhook_attempts (tenant_id, delivery_id, attempt, attempted_at, succeeded, status_code,
                        latency_ms, response_excerpt, error)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                    .params(
                            tenant,
                            job.deliveryId(),
                            job.attempt(),
                            Timestamp.from(at),
                            succeeded,
                            statusCode,
                            latencyMillis,
                            excerpt,
                            error)
                    .update();
            if (succeeded) {
                jdbc.sql("""
                        update webhook_deliveries set status = 'delivered', delivered_at = ?, last_status = ?,
                            last_error = null where tenant_id = ? and id = ?""")
                        .params(Timestamp.from(now), statusCode, tenant, job.deliveryId())
                        .update();
                jdbc.sql("""
                        update webhook_subscriptions set failing_since = null
                        where tenant_id = ? and id = ? and failing_since is not null""").params(tenant, job.subscription().id()).update();
                return;
            }
            Instant next = now.plusMillis(backoffMillis(job.attempt()));
            boolean dead = next.isAfter(job.firstAttemptAt().plus(properties.retryWindow()));
            if (dead) {
                meters.counter("fulcrum.webhooks.dead").increment();
                jdbc.sql("""
                        update webhook_deliveries set status = 'dead', dead_at = ?, last_status = ?, last_error = ?
                        where tenant_id = ? and id = ?""")
                        .params(Timestamp.from(now), statusCode, error, tenant, job.deliveryId())
                        .update();
            } else {
                jdbc.sql("""
                        update webhook_deliveries set next_attempt_at = ?, last_status = ?, last_error = ?
                        where tenant_id = ? and id = ?""")
                        .params(Timestamp.from(next), statusCode, error, tenant, job.deliveryId())
                        .update();
            }
            pauseIfFailingTooLong(job.subscription(), now);
        });
    }

    private void pauseIfFailingTooLong(Subscription subscription, Instant now) {
        UUID tenant = RequestContext.require().tenantId().value();
        Timestamp failingSince = jdbc.sql("""
                update webhook_subscriptions set failing_since = coalesce(failing_since, ?)
                where tenant_id = ? and id = ? and status = 'active' returning failing_since""")
                .params(Timestamp.from(now), tenant, subscription.id())
                .query(Timestamp.class)
                .optional()
                .orElse(null);
        if (failingSince == null
                || failingSince.toInstant().plus(properties.pausePeriod()).isAfter(now)) {
            return;
        }
        jdbc.sql("""
                update webhook_subscriptions set status = 'paused', paused_at = ?, updated_at = ?
                where tenant_id = ? and id = ?""")
                .params(Timestamp.from(now), Timestamp.from(now), tenant, subscription.id())
                .update();
        Map<String, Object> paused = new LinkedHashMap<>();
        paused.put("id", subscription.id().toString());
        paused.put("url", subscription.url());
        paused.put("failingSince", failingSince.toInstant().toString());
        paused.put("pausedAt", now.toString());
        eventLog.append(Ids.timeOrdered(), "subscription.paused", null, null, now, Map.of("subscription", paused));
        meters.counter("fulcrum.webhooks.paused").increment();
        log.warn("webhook subscription {} paused after failing since {}", subscription.id(), failingSince);
    }
}

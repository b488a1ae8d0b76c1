package dev.fulcrum.channels.internal;

import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.function.SingletonSupplier;

/**
 * Sends due status reports to channels. Every poll finds due deliveries of every tenant through the security definer
 * function {@code fulcrum_due_outbound_deliveries}, claims each inside its tenant (so two instances never send the
 * same attempt), sends it without holding a transaction, and records the outcome: delivered on a 2xx, otherwise tried
 * again after an exponential backoff with jitter (Spring's {@link ExponentialBackOff}), dead after the last attempt.
 */
@Component
class OutboundDispatcher {

    private static final Logger log = LoggerFactory.getLogger(OutboundDispatcher.class);
    private static final int BATCH = 50;

    private final JdbcClient jdbc;
    private final OutboundDeliveries deliveries;
    private final Connections connections;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ExponentialBackOff backOff;
    private final Duration timeout;
    /** Built on the first report: the JVM's first HTTP client initialises TLS, which the start need not wait for. */
    private final SingletonSupplier<HttpClient> http;

    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    OutboundDispatcher(
            JdbcClient jdbc,
            OutboundDeliveries deliveries,
            Connections connections,
            PlatformTransactionManager transactionManager,
            Clock clock,
            @Value("${fulcrum.channels.outbound.initial-interval:PT10S}") Duration initialInterval,
            @Value("${fulcrum.channels.outbound.max-interval:PT1H}") Duration maxInterval,
            @Value("${fulcrum.channels.outbound.max-attempts:12}") int maxAttempts,
            @Value("${fulcrum.channels.outbound.timeout:PT10S}") Duration timeout) {
        this.jdbc = jdbc;
        this.deliveries = deliveries;
        this.connections = connections;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.backOff = backOff(initialInterval, maxInterval, maxAttempts);
        this.timeout = timeout;
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build());
    }

    /** Doubling intervals from {@code initial} up to {@code max}, each moved by up to half the initial interval. */
    static ExponentialBackOff backOff(Duration initial, Duration max, int maxAttempts) {
        ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
        backOff.setMaxInterval(max.toMillis());
        backOff.setJitter(initial.toMillis() / 2);
        // The back-off counts retries; the limit counts every attempt, the first one included.
        backOff.setMaxAttempts(Math.max(0, maxAttempts - 1));
        return backOff;
    }

    /** The wait before the next attempt after {@code failedAttempts} failures; null when there is none left. */
    static @Nullable Duration nextDelay(ExponentialBackOff backOff, int failedAttempts) {
        BackOffExecution execution = backOff.start();
        long delay = BackOffExecution.STOP;
        for (int i = 0; i < failedAttempts; i++) {
            delay = execution.nextBackOff();
            if (delay == BackOffExecution.STOP) {
                return null;
            }
        }
        return Duration.ofMillis(delay);
    }

    @Scheduled(fixedDelayString = "${fulcrum.channels.outbound.poll-interval:PT2S}", initialDelayString = "PT5S")
    void dispatchDue() {
        List<Due> due = jdbc.sql("select tenant_id, id from fulcrum_due_outbound_deliveries(?, ?)")
                .params(java.sql.Timestamp.from(clock.instant()), BATCH)
                .query((rs, row) ->
                        new Due(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class)))
                .list();
        List<Future<?>> attempts = due.stream()
                .<Future<?>>map(one ->
                        senders.submit(() -> RequestContext.system(one.tenant()).run(() -> attempt(one.id()))))
                .toList();
        for (Future<?> attempt : attempts) {
            try {
                attempt.get();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException failed) {
                log.warn("outbound delivery attempt failed unexpectedly", failed.getCause());
            }
        }
    }

    private record Due(TenantId tenant, UUID id) {}

    private record Claimed(OutboundDeliveries.Delivery delivery, StoredConnection connection) {}

    private void attempt(UUID id) {
        Instant now = clock.instant();
        // The lease outlasts one attempt; if this instance dies mid-attempt the delivery is due again after it.
        Claimed claimed = transactions.execute(tx -> deliveries
                .claim(id, now, now.plus(timeout.multipliedBy(3)))
                .flatMap(delivery -> connections.find(delivery.connectionId()).map(c -> new Claimed(delivery, c)))
                .orElse(null));
        if (claimed == null) {
            return;
        }
        String error = send(claimed.delivery(), claimed.connection());
        transactions.executeWithoutResult(tx -> {
            if (error == null) {
                deliveries.delivered(id, clock.instant());
            } else {
                Duration delay = nextDelay(backOff, claimed.delivery().attempts() + 1);
                deliveries.failed(
                        id, error, delay == null ? null : clock.instant().plus(delay));
                if (delay == null) {
                    log.warn(
                            "outbound delivery {} to {} is dead after {} attempts: {}",
                            id,
                            claimed.delivery().url(),
                            claimed.delivery().attempts() + 1,
                            error);
                }
            }
        });
    }

    /** Sends one delivery; null when the channel took it, otherwise what went wrong. */
    private @Nullable String send(OutboundDeliveries.Delivery delivery, StoredConnection connection) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("User-Agent", "Fulcrum")
                    // Deliveries are at least once: a channel that honours the key drops a repeat of a sent report.
                    .header("Idempotency-Key", delivery.id().toString())
                    .method(
                            delivery.method(),
                            HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8));
            String token = connection.outboundToken();
            if (token != null && !token.isEmpty()) {
                switch (connection.type()) {
                    case SHOPIFY -> request.header("X-Shopify-Access-Token", token);
                    case WOOCOMMERCE ->
                        request.header(
                                "Authorization",
                                "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
                    case AMAZON -> request.header("x-amz-access-token", token);
                    case GENERIC -> request.header("Authorization", "Bearer " + token);
                }
            }
            HttpResponse<String> response = http.obtain().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return null;
            }
            return "HTTP " + response.statusCode()
                    + (response.body().isBlank() ? "" : ": " + LenientJson.abbreviate(response.body()));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.io.IOException | RuntimeException failed) {
            return ChannelIntake.describe(failed);
        }
    }
}

package dev.fulcrum.events;

import dev.fulcrum.events.webhook.Subscription;
import dev.fulcrum.events.webhook.WebhookSubscriptions;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook subscriptions of the current tenant as an operator watches them: each with its delivery health over
 * the last {@link #HEALTH_WINDOW}, its delivery log, and what an operator does about trouble (retry one delivery,
 * replay from a time, resume a paused subscription). The console's view of the {@code webhook} internals.
 */
@Service
public class WebhookOperations {

    /** How far back "recent" attempts and failures reach. */
    public static final Duration HEALTH_WINDOW = Duration.ofHours(24);

    /** One subscription and how its deliveries fared. {@code lastAttempt} is null before the first attempt. */
    public record SubscriptionHealth(
            UUID id,
            String url,
            List<String> eventTypes,
            @Nullable String filter,
            List<String> fields,
            String status,
            @Nullable Instant failingSince,
            @Nullable Instant pausedAt,
            Instant createdAt,
            long recentAttempts,
            long recentFailures,
            @Nullable Long recentAverageLatencyMs,
            long pending,
            long delivered,
            long dead,
            @Nullable LastAttempt lastAttempt) {

        public boolean paused() {
            return "paused".equals(status);
        }

        /**
         * {@code paused}; {@code failing} while deliveries fail without a success in between or some are dead;
         * {@code degraded} when some recent attempts failed; else {@code healthy}.
         */
        public String health() {
            if (paused()) {
                return "paused";
            }
            if (failingSince != null || dead > 0) {
                return "failing";
            }
            return recentFailures > 0 ? "degraded" : "healthy";
        }
    }

    /** The latest HTTP attempt: its status code is null when no response came (timeout, refused connection). */
    public record LastAttempt(
            Instant at,
            boolean succeeded,
            @Nullable Integer statusCode,
            int latencyMs,
            @Nullable String error) {}

    private final JdbcClient jdbc;
    private final WebhookSubscriptions subscriptions;
    private final Clock clock;

    WebhookOperations(JdbcClient jdbc, WebhookSubscriptions subscriptions, Clock clock) {
        this.jdbc = jdbc;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<SubscriptionHealth> subscriptions() {
        Map<UUID, Figures> figures = figures(null);
        return subscriptions.list().stream()
                .map(s -> health(s, figures.get(s.id())))
                .toList();
    }

    /** Throws a not-found {@link ApiProblem} for a subscription the tenant does not have. */
    @Transactional(readOnly = true)
    public SubscriptionHealth subscription(UUID id) {
        Subscription subscription = subscriptions.get(id);
        return health(subscription, figures(id).get(id));
    }

    /** The delivery log, newest first; {@code status} (pending, delivered, dead) narrows it when not null. */
    public List<WebhookDelivery> deliveries(UUID subscriptionId, int limit, @Nullable String status) {
        if (status != null && !List.of("pending", "delivered", "dead").contains(status)) {
            throw ApiProblem.invalid("status", "must be pending, delivered or dead");
        }
        return subscriptions.deliveries(subscriptionId, limit, status);
    }

    /** Attempts one delivery again now. */
    public void retry(UUID subscriptionId, UUID deliveryId) {
        subscriptions.retry(subscriptionId, deliveryId);
    }

    /** Queues again every wanted event since {@code since}; returns how many deliveries were queued. */
    public int replay(UUID subscriptionId, Instant since) {
        return subscriptions.replay(subscriptionId, since, null);
    }

    /** Resumes a paused subscription; what queued up meanwhile goes out. */
    public void resume(UUID subscriptionId) {
        subscriptions.resume(subscriptionId);
    }

    private record Figures(
            UUID subscriptionId,
            long recentAttempts,
            long recentFailures,
            @Nullable Long recentAverageLatencyMs,
            long pending,
            long delivered,
            long dead,
            @Nullable LastAttempt lastAttempt) {}

    private Map<UUID, Figures> figures(@Nullable UUID only) {
        Timestamp since = Timestamp.from(clock.instant().minus(HEALTH_WINDOW));
        return jdbc.sql("""
                select s.id,
                    coalesce(recent.attempts, 0) as recent_attempts, coalesce(recent.failures, 0) as recent_failures,
                    recent.average_latency, coalesce(queue.pending, 0) as pending,
                    coalesce(queue.delivered, 0) as delivered, coalesce(queue.dead, 0) as dead,
                    last.attempted_at, last.succeeded, last.status_code, last.latency_ms, last.error
                from webhook_subscriptions s
                left join lateral (
                    select count(*) as attempts, count(*) filter (where not a.succeeded) as failures,
                        round(avg(a.latency_ms))::bigint as average_latency
                    from webhook_deliveries d
                    join webhook_attempts a on a.tenant_id = d.tenant_id and a.delivery_id = d.id
                    where d.tenant_id = s.tenant_id and d.subscription_id = s.id and a.attempted_at >= ?) recent on true
                left join lateral (
                    select count(*) filter (where d.status = 'pending') as pending,
                        count(*) filter (where d.status = 'delivered') as delivered,
                        count(*) filter (where d.status = 'dead') as dead
                    from webhook_deliveries d where d.tenant_id = s.tenant_id and d.subscription_id = s.id) queue on true
                left join lateral (
                    select a.attempted_at, a.succeeded, a.status_code, a.latency_ms, a.error
                    from webhook_deliveries d
                    join webhook_attempts a on a.tenant_id = d.tenant_id and a.delivery_id = d.id
                    where d.tenant_id = s.tenant_id and d.subscription_id = s.id
                    order by a.attempted_at desc limit 1) last on true
                where s.tenant_id = ? and (cast(? as uuid) is null or s.id = ?)""").params(since, tenant(), only, only).query(WebhookOperations::figures).list().stream()
                .collect(Collectors.toMap(Figures::subscriptionId, Function.identity()));
    }

    private static Figures figures(ResultSet rs, int row) throws SQLException {
        Timestamp lastAt = rs.getTimestamp("attempted_at");
        LastAttempt last = lastAt == null
                ? null
                : new LastAttempt(
                        lastAt.toInstant(),
                        rs.getBoolean("succeeded"),
                        (Integer) rs.getObject("status_code"),
                        rs.getInt("latency_ms"),
                        rs.getString("error"));
        return new Figures(
                rs.getObject("id", UUID.class),
                rs.getLong("recent_attempts"),
                rs.getLong("recent_failures"),
                (Long) rs.getObject("average_latency"),
                rs.getLong("pending"),
                rs.getLong("delivered"),
                rs.getLong("dead"),
                last);
    }

    private static SubscriptionHealth health(Subscription s, @Nullable Figures f) {
        Figures figures = f != null ? f : new Figures(s.id(), 0, 0, null, 0, 0, 0, null);
        return new SubscriptionHealth(
                s.id(),
                s.url(),
                s.eventTypes(),
                s.filter(),
                s.fields(),
                s.status(),
                s.failingSince(),
                s.pausedAt(),
                s.createdAt(),
                figures.recentAttempts(),
                figures.recentFailures(),
                figures.recentAverageLatencyMs(),
                figures.pending(),
                figures.delivered(),
                figures.dead(),
                figures.lastAttempt());
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

package dev.fulcrum.events.webhook;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.compliance.DataResidency;
import dev.fulcrum.events.EventCatalogue;
import dev.fulcrum.events.EventType;
import dev.fulcrum.events.WebhookDelivery;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Expressions;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.RequestLimits;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhook subscriptions of the current tenant: create (validating the target against SSRF, the event types against
 * the catalogue and the filter as CEL), rotate secrets with an overlap, resume after a pause, list deliveries, retry
 * one delivery and replay past events. Every change is audited.
 */
@Service
public class WebhookSubscriptions {

    static final List<String> FILTER_VARIABLES = List.of("data", "type", "subject");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final TargetGuard guard;
    private final EventCatalogue catalogue = EventCatalogue.load();
    private final WebhookFanout fanout;
    private final RequestLimits limits;

    /** The events one replay reads and queues at a time, so that a long replay never holds the whole log in memory. */
    private final int replayPage;

    WebhookSubscriptions(
            JdbcClient jdbc,
            AuditLog audit,
            Clock clock,
            WebhookProperties properties,
            WebhookFanout fanout,
            RequestLimits limits,
            @Value("${fulcrum.webhooks.replay-page:1000}") int replayPage) {
        this.jdbc = jdbc;
        this.limits = limits;
        this.replayPage = replayPage;
        this.fanout = fanout;
        this.audit = audit;
        this.clock = clock;
        this.guard = new TargetGuard(properties.allowlist());
    }

    /** What a caller asks for; {@code secret} is generated when null. */
    public record NewSubscription(
            @Nullable String url,
            List<String> eventTypes,
            @Nullable String filter,
            List<String> fields,
            List<String> personalData,
            @Nullable String region,
            @Nullable String secret) {}

    /** A subscription with its secret, shown once. */
    public record WithSecret(Subscription subscription, String secret) {}

    @Transactional
    public WithSecret create(NewSubscription request) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.url() == null || request.url().isBlank()) {
            problems.add(new FieldProblem("url", "is required"));
        } else {
            String refusal = guard.refusal(request.url().strip());
            if (refusal != null) {
                problems.add(new FieldProblem("url", refusal));
            }
        }
        if (request.eventTypes().isEmpty()) {
            problems.add(new FieldProblem("eventTypes", "must name at least one event type, or *"));
        }
        for (String type : request.eventTypes()) {
            if (!type.equals("*") && catalogue.find(type).isEmpty()) {
                problems.add(new FieldProblem(
                        "eventTypes",
                        "'" + type + "' is not a public event type; known: "
                                + catalogue.current().stream()
                                        .map(EventType::name)
                                        .collect(Collectors.joining(", "))));
            }
        }
        if (request.filter() != null && !request.filter().isBlank()) {
            try {
                Expressions.condition(request.filter(), FILTER_VARIABLES);
            } catch (Expressions.InvalidExpression invalid) {
                problems.add(new FieldProblem("filter", invalid.getMessage()));
            }
        }
        for (String field : request.fields()) {
            if (!field.matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*")) {
                problems.add(new FieldProblem("fields", "'" + field + "' is not a dotted path such as order.status"));
            }
        }
        Set<String> personal = catalogue.current().stream()
                .flatMap(type -> type.personalDataPaths().stream())
                .collect(Collectors.toSet());
        for (String field : request.personalData()) {
            if (!personal.contains(field)) {
                problems.add(new FieldProblem("personalData", "'" + field + "' is not a personal data field"));
            }
        }
        if (request.region() != null
                && !DataResidency.REGION.matcher(request.region()).matches()) {
            problems.add(new FieldProblem(
                    "region", "must be a region name such as cn, eu or us; leave it out for the tenant's own region"));
        }
        if (request.secret() != null && request.secret().length() < 16) {
            problems.add(new FieldProblem("secret", "must be at least 16 characters"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        List<String> types = request.eventTypes().stream()
                .map(type -> type.equals("*") ? type : catalogue.require(type).name())
                .distinct()
                .toList();
        String secret = request.secret() == null ? newSecret() : request.secret();
        UUID id = Ids.timeOrdered();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into webhook_subscriptions (tenant_id, id, url, event_types, filter, fields, personal_data,
                    region, secret, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        tenant(),
                        id,
                        java.util.Objects.requireNonNull(request.url()).strip(), // checked above
                        types.toArray(String[]::new),
                        request.filter() == null || request.filter().isBlank() ? null : request.filter(),
                        request.fields().toArray(String[]::new),
                        request.personalData().toArray(String[]::new),
                        request.region(),
                        secret,
                        Timestamp.from(now),
                        Timestamp.from(now))
                .update();
        audit.record(
                "subscription.created",
                "subscription",
                id.toString(),
                Map.of(
                        "url",
                        request.url(),
                        "eventTypes",
                        types,
                        "fields",
                        request.fields(),
                        "personalData",
                        request.personalData()));
        return new WithSecret(get(id), secret);
    }

    @Transactional(readOnly = true)
    public List<Subscription> list() {
        return jdbc.sql("select * from webhook_subscriptions where tenant_id = ? order by created_at")
                .param(tenant())
                .query(WebhookSubscriptions::subscription)
                .list();
    }

    @Transactional(readOnly = true)
    public Subscription get(UUID id) {
        return jdbc.sql("select * from webhook_subscriptions where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query(WebhookSubscriptions::subscription)
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("no subscription " + id));
    }

    @Transactional
    public void delete(UUID id) {
        get(id);
        jdbc.sql("delete from webhook_deliveries where tenant_id = ? and subscription_id = ?")
                .params(tenant(), id)
                .update();
        jdbc.sql("delete from webhook_subscriptions where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .update();
        audit.record("subscription.deleted", "subscription", id.toString(), Map.of());
    }

    /** Replaces the secret; the old one keeps signing alongside for {@code overlap}, so receivers can switch over. */
    @Transactional
    public WithSecret rotateSecret(UUID id, Duration overlap, @Nullable String newSecret) {
        if (overlap.isNegative() || overlap.compareTo(Duration.ofDays(7)) > 0) {
            throw ApiProblem.invalid("overlap", "must be between PT0S and P7D");
        }
        if (newSecret != null && newSecret.length() < 16) {
            throw ApiProblem.invalid("secret", "must be at least 16 characters");
        }
        get(id);
        String secret = newSecret == null ? newSecret() : newSecret;
        Instant now = clock.instant();
        jdbc.sql("""
                update webhook_subscriptions set previous_secret = secret, previous_secret_until = ?, secret = ?,
                    updated_at = ? where tenant_id = ? and id = ?""")
                .params(Timestamp.from(now.plus(overlap)), secret, Timestamp.from(now), tenant(), id)
                .update();
        audit.record(
                "subscription.secret-rotated", "subscription", id.toString(), Map.of("overlap", overlap.toString()));
        return new WithSecret(get(id), secret);
    }

    /** Resumes a paused subscription; what queued up meanwhile is delivered. */
    @Transactional
    public Subscription resume(UUID id) {
        get(id);
        jdbc.sql("""
                update webhook_subscriptions set status = 'active', paused_at = null, failing_since = null, updated_at = ?
                where tenant_id = ? and id = ?""").params(Timestamp.from(clock.instant()), tenant(), id).update();
        jdbc.sql("""
                update webhook_deliveries set next_attempt_at = ?, first_attempt_at = null
                where tenant_id = ? and subscription_id = ? and status = 'pending'""").params(Timestamp.from(clock.instant()), tenant(), id).update();
        audit.record("subscription.resumed", "subscription", id.toString(), Map.of());
        return get(id);
    }

    @Transactional(readOnly = true)
    public List<WebhookDelivery> deliveries(UUID subscriptionId, int limit, @Nullable String status) {
        get(subscriptionId);
        List<WebhookDelivery> deliveries = jdbc.sql("""
                select * from webhook_deliveries where tenant_id = ? and subscription_id = ?
                  and (?::text is null or status = ?) order by seq desc limit ?""")
                .params(tenant(), subscriptionId, status, status, limit)
                .query((rs, row) -> delivery(rs, List.of()))
                .list();
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<UUID, List<WebhookDelivery.Attempt>> attempts = new LinkedHashMap<>();
        jdbc.sql("""
                select * from webhook_attempts where tenant_id = ? and delivery_id = any (?) order by attempt""")
                .params(tenant(), deliveries.stream().map(WebhookDelivery::id).toArray(UUID[]::new))
                .query(rs -> {
                    attempts.computeIfAbsent(rs.getObject("delivery_id", UUID.class), key -> new ArrayList<>())
                            .add(new WebhookDelivery.Attempt(
                                    rs.getInt("attempt"),
                                    rs.getTimestamp("attempted_at").toInstant(),
                                    rs.getBoolean("succeeded"),
                                    (Integer) rs.getObject("status_code"),
                                    rs.getInt("latency_ms"),
                                    rs.getString("response_excerpt"),
                                    rs.getString("error")));
                });
        return deliveries.stream()
                .map(d -> new WebhookDelivery(
                        d.id(),
                        d.eventId(),
                        d.eventType(),
                        d.status(),
                        d.attempts(),
                        d.nextAttemptAt(),
                        d.createdAt(),
                        d.deliveredAt(),
                        d.deadAt(),
                        d.lastStatus(),
                        d.lastError(),
                        attempts.getOrDefault(d.id(), List.of())))
                .toList();
    }

    /** Puts one delivery (dead, or even delivered) back in the queue for an immediate attempt. */
    @Transactional
    public void retry(UUID subscriptionId, UUID deliveryId) {
        int updated = jdbc.sql("""
                update webhook_deliveries set status = 'pending', next_attempt_at = ?, first_attempt_at = null,
                    dead_at = null where tenant_id = ? and subscription_id = ? and id = ?""")
                .params(Timestamp.from(clock.instant()), tenant(), subscriptionId, deliveryId)
                .update();
        if (updated == 0) {
            throw ApiProblem.notFound("no delivery " + deliveryId + " of subscription " + subscriptionId);
        }
        audit.record(
                "subscription.delivery-retried",
                "subscription",
                subscriptionId.toString(),
                Map.of("delivery", deliveryId.toString()));
    }

    /**
     * Queues again every event the subscription wants (types and filter) from a time or from an event on, in log
     * order. Returns how many deliveries were queued.
     */
    @Transactional
    public int replay(UUID subscriptionId, @Nullable Instant since, @Nullable UUID fromEventId) {
        return replay(subscriptionId, since, fromEventId, null);
    }

    /**
     * Queues again every event the subscription wants from a time or from an event on, up to {@code until} (exclusive;
     * null: up to now), in log order, page by page. A range of more than {@code fulcrum.limits.replay-events} events is
     * refused before anything is queued, naming the cap and the count, so that the caller replays it in windows.
     */
    @Transactional
    public int replay(
            UUID subscriptionId, @Nullable Instant since, @Nullable UUID fromEventId, @Nullable Instant until) {
        if ((since == null) == (fromEventId == null)) {
            throw ApiProblem.invalid("since", "give either since (a time) or eventId");
        }
        if (until != null && since != null && !until.isAfter(since)) {
            throw ApiProblem.invalid("until", "must be after since");
        }
        Subscription subscription = get(subscriptionId);
        StringBuilder where = new StringBuilder("tenant_id = ?");
        List<Object> params = new ArrayList<>(List.of(tenant()));
        if (since != null) {
            where.append(" and occurred_at >= ?");
            params.add(Timestamp.from(since));
        } else {
            boolean exists = jdbc.sql("select count(*) from public_events where tenant_id = ? and id = ?")
                            .params(tenant(), fromEventId)
                            .query(Long.class)
                            .single()
                    > 0;
            if (!exists) {
                throw ApiProblem.invalid("eventId", "is not an event of this tenant");
            }
            where.append(" and (tx_id, position) >= "
                    + "(select tx_id, position from public_events where tenant_id = ? and id = ?)");
            params.add(tenant());
            params.add(fromEventId);
        }
        if (until != null) {
            where.append(" and occurred_at < ?");
            params.add(Timestamp.from(until));
        }
        long inRange = jdbc.sql("select count(*) from public_events where " + where)
                .params(params)
                .query(Long.class)
                .single();
        if (inRange > limits.replayEvents()) {
            throw ApiProblem.invalid(
                    since != null ? "since" : "eventId",
                    RequestLimits.overCap(inRange, limits.replayEvents(), "events per replay")
                            + " (fulcrum.limits.replay-events): replay the range in windows with until");
        }
        int queued = 0;
        String afterTx = null;
        long afterPosition = 0;
        while (true) {
            List<Object> pageParams = new ArrayList<>(params);
            String after = "";
            if (afterTx != null) {
                after = " and (tx_id, position) > (?::xid8, ?)";
                pageParams.add(afterTx);
                pageParams.add(afterPosition);
            }
            List<String> txIds = new ArrayList<>();
            List<WebhookFanout.Candidate> page = jdbc.sql("""
                    select tx_id::text as tx, position, id, type, order_id, data::text as data from public_events
                    where %s%s order by tx_id, position limit %d""".formatted(where, after, replayPage))
                    .params(pageParams)
                    .query((rs, row) -> {
                        txIds.add(rs.getString("tx"));
                        return new WebhookFanout.Candidate(
                                rs.getLong("position"),
                                rs.getObject("id", UUID.class),
                                rs.getString("type"),
                                rs.getObject("order_id", UUID.class),
                                rs.getString("data"));
                    })
                    .list();
            queued += fanout.enqueueFor(subscription, page);
            if (page.size() < replayPage) {
                break;
            }
            afterTx = txIds.getLast();
            afterPosition = page.getLast().position();
        }
        audit.record(
                "subscription.replayed",
                "subscription",
                subscriptionId.toString(),
                Map.of(
                        "since",
                        String.valueOf(since),
                        "eventId",
                        String.valueOf(fromEventId),
                        "until",
                        String.valueOf(until),
                        "queued",
                        queued));
        return queued;
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }

    static Subscription subscription(ResultSet rs, int row) throws SQLException {
        return new Subscription(
                rs.getObject("id", UUID.class),
                rs.getString("url"),
                strings(rs.getArray("event_types")),
                rs.getString("filter"),
                strings(rs.getArray("fields")),
                strings(rs.getArray("personal_data")),
                rs.getString("region"),
                rs.getString("status"),
                instant(rs.getTimestamp("failing_since")),
                instant(rs.getTimestamp("paused_at")),
                instant(rs.getTimestamp("previous_secret_until")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("secret"),
                rs.getString("previous_secret"));
    }

    private static WebhookDelivery delivery(ResultSet rs, List<WebhookDelivery.Attempt> attempts) throws SQLException {
        String status = rs.getString("status");
        return new WebhookDelivery(
                rs.getObject("id", UUID.class),
                rs.getObject("event_id", UUID.class),
                rs.getString("event_type"),
                status,
                rs.getInt("attempts"),
                status.equals("pending") ? instant(rs.getTimestamp("next_attempt_at")) : null,
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("delivered_at")),
                instant(rs.getTimestamp("dead_at")),
                (Integer) rs.getObject("last_status"),
                rs.getString("last_error"),
                attempts);
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

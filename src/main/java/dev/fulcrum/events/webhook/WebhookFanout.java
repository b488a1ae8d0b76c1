package dev.fulcrum.events.webhook;

import dev.fulcrum.events.EventCatalogue;
import dev.fulcrum.events.EventType;
import dev.fulcrum.events.PublicEventAppended;
import dev.fulcrum.events.PublicEventsAppended;
import dev.fulcrum.shared.Expressions;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Queues a delivery for every subscription that wants an event (its types and filter), inside the transaction that
 * appends the event: the event and its deliveries commit together, so a crash loses neither. Paused subscriptions
 * keep queueing and catch up when resumed.
 */
@Component
class WebhookFanout {

    private static final Logger log = LoggerFactory.getLogger(WebhookFanout.class);

    /** An event of the log that may be delivered. */
    record Candidate(
            long position, UUID id, String type, @Nullable UUID orderId, String data) {}

    private static final String INSERT = """
            insert into webhook_deliveries (tenant_id, id, subscription_id, event_position, event_id, event_type,
                ordering_key, next_attempt_at, created_at)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
    private final JsonMapper json;
    private final Clock clock;
    private final EventCatalogue catalogue = EventCatalogue.load();

    WebhookFanout(
            JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
        this.clock = clock;
    }

    /** Queues the deliveries of appended events for every subscription that wants them: one query per append. */
    @EventListener
    void on(PublicEventsAppended batch) {
        java.util.Set<String> types = new java.util.LinkedHashSet<>();
        batch.appended().forEach(appended -> types.add(appended.event().type()));
        types.add("*");
        List<Subscription> subscriptions = jdbc.sql("""
                select * from webhook_subscriptions where tenant_id = ? and event_types && ?::text[]""")
                .params(batch.tenant().value(), types.toArray(String[]::new))
                .query(WebhookSubscriptions::subscription)
                .list();
        if (subscriptions.isEmpty()) {
            return;
        }
        List<Object[]> rows = new java.util.ArrayList<>();
        for (PublicEventAppended appended : batch.appended()) {
            for (Subscription subscription : subscriptions) {
                if (subscription.wants(appended.event().type())
                        && matches(
                                subscription,
                                appended.event().type(),
                                appended.data(),
                                appended.event().orderId())) {
                    rows.add(row(
                            subscription.id(),
                            appended.position(),
                            appended.event().id(),
                            appended.event().type(),
                            appended.event().orderId()));
                }
            }
        }
        if (!rows.isEmpty()) {
            jdbcTemplate.batchUpdate(INSERT, rows);
        }
    }

    /** Queues the candidates the subscription wants, in the given order; returns how many. */
    int enqueueFor(Subscription subscription, List<Candidate> candidates) {
        int queued = 0;
        for (Candidate candidate : candidates) {
            if (subscription.wants(candidate.type())
                    && matches(subscription, candidate.type(), json.readTree(candidate.data()), candidate.orderId())) {
                insert(subscription.id(), candidate.position(), candidate.id(), candidate.type(), candidate.orderId());
                queued++;
            }
        }
        return queued;
    }

    private boolean matches(Subscription subscription, String type, JsonNode data, @Nullable UUID orderId) {
        if (subscription.filter() == null) {
            return true;
        }
        EventType eventType = catalogue.find(type).orElse(null);
        if (eventType == null) {
            return false;
        }
        try {
            return Expressions.condition(subscription.filter(), WebhookSubscriptions.FILTER_VARIABLES)
                    .test(EventProjection.filterVariables(
                            eventType, data, orderId == null ? null : orderId.toString()));
        } catch (Expressions.InvalidExpression failed) {
            log.debug(
                    "filter of subscription {} does not apply to {}: {}", subscription.id(), type, failed.getMessage());
            return false;
        }
    }

    private void insert(UUID subscriptionId, long position, UUID eventId, String type, @Nullable UUID orderId) {
        jdbc.sql(INSERT)
                .params(row(subscriptionId, position, eventId, type, orderId))
                .update();
    }

    private Object[] row(UUID subscriptionId, long position, UUID eventId, String type, @Nullable UUID orderId) {
        Timestamp now = Timestamp.from(clock.instant());
        return new Object[] {
            RequestContext.require().tenantId().value(),
            Ids.timeOrdered(),
            subscriptionId,
            position,
            eventId,
            type,
            orderId == null ? eventId.toString() : orderId.toString(),
            now,
            now
        };
    }
}

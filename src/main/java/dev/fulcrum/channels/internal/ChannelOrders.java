package dev.fulcrum.channels.internal;

import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The dedupe identity of channel orders and the payloads attached to them. Runs inside the caller's transaction. */
@Repository
public class ChannelOrders {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ChannelOrders(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** A channel order as intake knows it. */
    public record Known(UUID connectionId, String externalId, OrderId orderId, String contentHash) {}

    /** A new channel order with its first payload. */
    public record NewChannelOrder(
            UUID connectionId,
            String externalId,
            OrderId orderId,
            String contentHash,
            @Nullable String customerKey,
            @Nullable String addressKey,
            String lineRefsJson,
            String topic,
            @Nullable String contentType,
            String body) {}

    public Optional<Known> find(UUID connectionId, String externalId) {
        return jdbc.sql("""
                select connection_id, external_id, order_id, content_hash from channel_orders
                where tenant_id = ? and connection_id = ? and external_id = ? for update""")
                .params(tenant(), connectionId, externalId)
                .query((rs, row) -> new Known(
                        rs.getObject("connection_id", UUID.class),
                        rs.getString("external_id"),
                        new OrderId(rs.getObject("order_id", UUID.class)),
                        rs.getString("content_hash")))
                .optional();
    }

    public Optional<Known> findByOrder(OrderId orderId) {
        return jdbc.sql(
                        "select connection_id, external_id, order_id, content_hash from channel_orders where tenant_id = ? and order_id = ?")
                .params(tenant(), orderId.value())
                .query((rs, row) -> new Known(
                        rs.getObject("connection_id", UUID.class),
                        rs.getString("external_id"),
                        new OrderId(rs.getObject("order_id", UUID.class)),
                        rs.getString("content_hash")))
                .optional();
    }

    /** The known orders among the given external ids of one connection, by external id. */
    public Map<String, Known> findAll(UUID connectionId, List<String> externalIds) {
        Map<String, Known> known = new HashMap<>();
        jdbc.sql("""
                select connection_id, external_id, order_id, content_hash from channel_orders
                where tenant_id = ? and connection_id = ? and external_id = any(?)""")
                .params(tenant(), connectionId, externalIds.toArray(String[]::new))
                .query((rs, row) -> new Known(
                        rs.getObject("connection_id", UUID.class),
                        rs.getString("external_id"),
                        new OrderId(rs.getObject("order_id", UUID.class)),
                        rs.getString("content_hash")))
                .list()
                .forEach(row -> known.put(row.externalId(), row));
        return known;
    }

    public void insertAll(List<NewChannelOrder> orders, Instant now) {
        if (orders.isEmpty()) {
            return;
        }
        UUID tenant = tenant();
        Timestamp at = Timestamp.from(now);
        List<Object[]> rows = new ArrayList<>();
        List<Object[]> payloads = new ArrayList<>();
        for (NewChannelOrder order : orders) {
            rows.add(new Object[] {
                tenant,
                order.connectionId(),
                order.externalId(),
                order.orderId().value(),
                order.contentHash(),
                order.customerKey(),
                order.addressKey(),
                order.lineRefsJson(),
                at,
                at
            });
            payloads.add(new Object[] {
                tenant,
                order.orderId().value(),
                1,
                order.connectionId(),
                order.topic(),
                order.contentType(),
                order.body(),
                at
            });
        }
        batch.batchUpdate("""
                insert into channel_orders (tenant_id, connection_id, external_id, order_id, content_hash, customer_key,
                    address_key, line_refs, received_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)""", rows);
        batch.batchUpdate("""
                insert into channel_payloads (tenant_id, order_id, seq, connection_id, topic, content_type, body, received_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", payloads);
    }

    public void changed(Known known, String contentHash, Instant now) {
        jdbc.sql(
                        "update channel_orders set content_hash = ?, updated_at = ? where tenant_id = ? and connection_id = ? and external_id = ?")
                .params(contentHash, Timestamp.from(now), tenant(), known.connectionId(), known.externalId())
                .update();
    }

    /** Attaches another payload to an order. */
    public void attach(
            OrderId orderId, UUID connectionId, String topic, @Nullable String contentType, String body, Instant now) {
        jdbc.sql("""
                insert into channel_payloads (tenant_id, order_id, seq, connection_id, topic, content_type, body, received_at)
                values (?, ?, (select coalesce(max(seq), 0) + 1 from channel_payloads where tenant_id = ? and order_id = ?),
                    ?, ?, ?, ?, ?)""")
                .params(
                        tenant(),
                        orderId.value(),
                        tenant(),
                        orderId.value(),
                        connectionId,
                        topic,
                        contentType,
                        body,
                        Timestamp.from(now))
                .update();
    }

    /** A payload as received, with its position among the order's payloads. */
    public record Payload(
            int seq,
            UUID connectionId,
            String topic,
            @Nullable String contentType,
            String body,
            Instant receivedAt) {}

    public List<Payload> payloads(OrderId orderId) {
        return jdbc.sql("select * from channel_payloads where tenant_id = ? and order_id = ? order by seq")
                .params(tenant(), orderId.value())
                .query((rs, row) -> new Payload(
                        rs.getInt("seq"),
                        rs.getObject("connection_id", UUID.class),
                        rs.getString("topic"),
                        rs.getString("content_type"),
                        rs.getString("body"),
                        rs.getTimestamp("received_at").toInstant()))
                .list();
    }

    /** The channel's line references (line item ids) of an order, by canonical line number starting at 1. */
    public List<@Nullable String> lineRefs(OrderId orderId) {
        return jdbc.sql("select line_refs::text from channel_orders where tenant_id = ? and order_id = ?")
                .params(tenant(), orderId.value())
                .query(String.class)
                .optional()
                .map(text -> {
                    List<@Nullable String> refs = new ArrayList<>();
                    tools.jackson.databind.json.JsonMapper.builder()
                            .build()
                            .readTree(text)
                            .values()
                            .forEach(ref -> refs.add(ref.isNull() ? null : ref.asString()));
                    return refs;
                })
                .orElse(List.of());
    }

    /** Records a webhook delivery id; false when it was seen before (the delivery is a repeat). */
    public boolean firstDelivery(UUID connectionId, String deliveryId, String topic, Instant now) {
        return jdbc.sql("""
                insert into channel_deliveries (tenant_id, connection_id, delivery_id, topic, received_at)
                values (?, ?, ?, ?, ?) on conflict do nothing""")
                        .params(tenant(), connectionId, deliveryId, topic, Timestamp.from(now))
                        .update()
                == 1;
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

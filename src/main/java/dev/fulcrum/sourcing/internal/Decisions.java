package dev.fulcrum.sourcing.internal;

import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.sourcing.SourcingDecision;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Sourcing decisions; the latest per order is current, earlier ones are kept as superseded. */
@Repository
public class Decisions {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Decisions(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void save(SourcingDecision decision) {
        jdbc.sql(
                        "update sourcing_decisions set superseded = true where tenant_id = ? and order_id = ? and not superseded")
                .params(tenant(), decision.orderId().value())
                .update();
        jdbc.sql("""
                insert into sourcing_decisions (tenant_id, id, order_id, status, profile_name, profile_version, decision, created_at)
                values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")
                .params(
                        tenant(),
                        decision.id(),
                        decision.orderId().value(),
                        decision.status(),
                        decision.profile(),
                        decision.profileVersion(),
                        json.writeValueAsString(decision),
                        Timestamp.from(decision.decidedAt()))
                .update();
    }

    /**
     * Stores the first decisions of orders that have none yet (orders placed in the current transaction): one
     * statement for the batch, nothing to supersede.
     */
    void saveFirst(List<SourcingDecision> batch) {
        if (batch.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into sourcing_decisions (tenant_id, id, order_id, status, profile_name, profile_version, decision, created_at)
                select ?, d.id, d.order_id, d.status, d.profile_name, d.profile_version, d.decision::jsonb, d.created_at
                from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::int[], ?::text[], ?::timestamptz[])
                    as d(id, order_id, status, profile_name, profile_version, decision, created_at)""")
                .params(
                        tenant(),
                        batch.stream().map(SourcingDecision::id).toArray(UUID[]::new),
                        batch.stream()
                                .map(decision -> decision.orderId().value())
                                .toArray(UUID[]::new),
                        batch.stream().map(SourcingDecision::status).toArray(String[]::new),
                        batch.stream().map(SourcingDecision::profile).toArray(String[]::new),
                        batch.stream().map(SourcingDecision::profileVersion).toArray(Integer[]::new),
                        batch.stream().map(json::writeValueAsString).toArray(String[]::new),
                        batch.stream()
                                .map(decision -> Timestamp.from(decision.decidedAt()))
                                .toArray(Timestamp[]::new))
                .update();
    }

    /**
     * Stores new current decisions of orders that may have older ones (batch allocation): the older ones are
     * superseded with one statement, the new ones inserted with one more.
     */
    void saveAll(List<SourcingDecision> batch) {
        if (batch.isEmpty()) {
            return;
        }
        jdbc.sql(
                        "update sourcing_decisions set superseded = true where tenant_id = ? and order_id = any(?) and not superseded")
                .params(
                        tenant(),
                        batch.stream()
                                .map(decision -> decision.orderId().value())
                                .toArray(UUID[]::new))
                .update();
        saveFirst(batch);
    }

    /** Changes the status of the order's current decision (released, expired, cancelled, allocated). */
    void updateStatus(SourcingDecision decision, String status) {
        SourcingDecision changed = decision.withStatus(status);
        jdbc.sql("update sourcing_decisions set status = ?, decision = ?::jsonb where tenant_id = ? and id = ?")
                .params(status, json.writeValueAsString(changed), tenant(), decision.id())
                .update();
    }

    public Optional<SourcingDecision> current(OrderId orderId) {
        return jdbc.sql(
                        "select decision from sourcing_decisions where tenant_id = ? and order_id = ? and not superseded")
                .params(tenant(), orderId.value())
                .query((rs, row) -> json.readValue(rs.getString(1), SourcingDecision.class))
                .optional();
    }

    /** Current decisions of the given orders. */
    public List<SourcingDecision> current(List<OrderId> orderIds) {
        return jdbc.sql(
                        "select decision from sourcing_decisions where tenant_id = ? and order_id = any(?) and not superseded")
                .params(tenant(), orderIds.stream().map(OrderId::value).toArray(UUID[]::new))
                .query((rs, row) -> json.readValue(rs.getString(1), SourcingDecision.class))
                .list();
    }

    /** Orders whose current decision has one of the statuses, oldest first. */
    public List<OrderId> ordersWithStatus(List<String> statuses, int limit) {
        return jdbc.sql("""
                select order_id from sourcing_decisions where tenant_id = ? and not superseded and status = any(?)
                order by created_at limit ?""")
                .params(tenant(), statuses.toArray(String[]::new), limit)
                .query((rs, row) -> new OrderId(rs.getObject(1, UUID.class)))
                .list();
    }

    /** Orders decided in a time range, oldest first. */
    public List<OrderId> ordersDecidedBetween(java.time.Instant from, java.time.Instant to, int limit) {
        return jdbc.sql("""
                select order_id from sourcing_decisions where tenant_id = ? and not superseded and created_at >= ? and created_at < ?
                order by created_at limit ?""")
                .params(tenant(), Timestamp.from(from), Timestamp.from(to), limit)
                .query((rs, row) -> new OrderId(rs.getObject(1, UUID.class)))
                .list();
    }

    /** The orders decided most recently, newest first. */
    public List<OrderId> latestDecided(int limit) {
        return jdbc.sql("""
                select order_id from sourcing_decisions where tenant_id = ? and not superseded
                order by created_at desc limit ?""")
                .params(tenant(), limit)
                .query((rs, row) -> new OrderId(rs.getObject(1, UUID.class)))
                .list();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

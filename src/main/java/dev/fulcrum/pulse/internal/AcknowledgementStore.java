package dev.fulcrum.pulse.internal;

import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What downstream systems reported about orders: the latest report per order and system. */
@Repository
public class AcknowledgementStore {

    private final JdbcClient jdbc;

    AcknowledgementStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored report: the system, the status it reported, when it says it got there, when Fulcrum heard of it. */
    public record Stored(OrderId orderId, String system, String status, Instant at, Instant receivedAt) {}

    /** Keeps the report unless the system already reported something later about the order. */
    public void save(Stored report) {
        jdbc.sql("""
                insert into pulse_acknowledgements (tenant_id, order_id, system, status, at, received_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, order_id, system) do update
                    set status = excluded.status, at = excluded.at, received_at = excluded.received_at
                    where pulse_acknowledgements.at <= excluded.at""")
                .params(
                        tenant(),
                        report.orderId().value(),
                        report.system(),
                        report.status(),
                        Timestamp.from(report.at()),
                        Timestamp.from(report.receivedAt()))
                .update();
    }

    /** The reports received in [from, to), newest first, at most {@code limit}. */
    public List<Stored> received(Instant from, Instant to, int limit) {
        return jdbc.sql("""
                select order_id, system, status, at, received_at from pulse_acknowledgements
                where tenant_id = ? and received_at >= ? and received_at < ? order by received_at desc limit ?""")
                .params(tenant(), Timestamp.from(from), Timestamp.from(to), limit)
                .query((rs, row) -> new Stored(
                        new OrderId(rs.getObject(1, UUID.class)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** Every system's latest report about one order. */
    public List<Stored> ofOrder(OrderId orderId) {
        return jdbc.sql("""
                select order_id, system, status, at, received_at from pulse_acknowledgements
                where tenant_id = ? and order_id = ? order by system""")
                .params(tenant(), orderId.value())
                .query((rs, row) -> new Stored(
                        new OrderId(rs.getObject(1, UUID.class)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5).toInstant()))
                .list();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

package dev.fulcrum.risk.internal;

import dev.fulcrum.risk.RiskReview;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code risk_reviews} table: review cases, open until decided. */
@Repository
public class ReviewStore {

    private final JdbcClient jdbc;

    ReviewStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(RiskReview review) {
        jdbc.sql("""
                insert into risk_reviews (tenant_id, id, order_id, status, score, opened_at, due_at)
                values (?, ?, ?, 'open', ?, ?, ?) on conflict do nothing""")
                .params(
                        tenant(),
                        review.id(),
                        review.orderId().value(),
                        review.score(),
                        Timestamp.from(review.openedAt()),
                        Timestamp.from(review.dueAt()))
                .update();
    }

    public Optional<RiskReview> find(UUID id) {
        return jdbc.sql("select * from risk_reviews where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query(ReviewStore::review)
                .optional();
    }

    /** The case locked for deciding it. */
    public Optional<RiskReview> lock(UUID id) {
        return jdbc.sql("select * from risk_reviews where tenant_id = ? and id = ? for update")
                .params(tenant(), id)
                .query(ReviewStore::review)
                .optional();
    }

    public Optional<RiskReview> ofOrder(OrderId order) {
        return jdbc.sql("select * from risk_reviews where tenant_id = ? and order_id = ?")
                .params(tenant(), order.value())
                .query(ReviewStore::review)
                .optional();
    }

    /** Cases of a status (every status when null): open ones soonest due first, decided ones newest first. */
    public List<RiskReview> list(@Nullable String status, int limit) {
        return jdbc.sql("""
                select * from risk_reviews where tenant_id = ? and (?::text is null or status = ?)
                order by case when status = 'open' then 0 else 1 end, due_at, decided_at desc nulls last, id
                limit ?""")
                .params(tenant(), status, status, limit)
                .query(ReviewStore::review)
                .list();
    }

    public RiskReview decide(RiskReview open, String status, Instant at, String by, String reason) {
        jdbc.sql("""
                update risk_reviews set status = ?, decided_at = ?, decided_by = ?, reason = ?, claimed_until = null
                where tenant_id = ? and id = ?""")
                .params(status, Timestamp.from(at), by, reason, tenant(), open.id())
                .update();
        return new RiskReview(
                open.id(),
                open.orderId(),
                status,
                open.score(),
                open.openedAt(),
                open.dueAt(),
                open.escalatedAt(),
                at,
                by,
                reason);
    }

    public void escalate(UUID id, Instant at) {
        jdbc.sql("update risk_reviews set escalated_at = ?, claimed_until = null where tenant_id = ? and id = ?")
                .params(Timestamp.from(at), tenant(), id)
                .update();
    }

    private static RiskReview review(ResultSet rs, int row) throws SQLException {
        Timestamp escalated = rs.getTimestamp("escalated_at");
        Timestamp decided = rs.getTimestamp("decided_at");
        return new RiskReview(
                rs.getObject("id", UUID.class),
                new OrderId(rs.getObject("order_id", UUID.class)),
                rs.getString("status"),
                rs.getInt("score"),
                rs.getTimestamp("opened_at").toInstant(),
                rs.getTimestamp("due_at").toInstant(),
                escalated == null ? null : escalated.toInstant(),
                decided == null ? null : decided.toInstant(),
                rs.getString("decided_by"),
                rs.getString("reason"));
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

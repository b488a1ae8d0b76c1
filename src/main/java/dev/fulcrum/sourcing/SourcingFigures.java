package dev.fulcrum.sourcing;

import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counts of sourcing decisions minute by minute, for the order pulse's strategy coverage (issue 15). Read-only and
 * never on the intake path; reads a few minutes of decisions through a BRIN index on {@code created_at}.
 */
@Component
public class SourcingFigures {

    private final JdbcClient jdbc;

    SourcingFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The decisions made in a minute with one status as it is now: {@code allocated}, {@code reserved},
     * {@code backordered} (the profile's fallback {@code backorder}), {@code unsourceable} (the fallback {@code hold}:
     * a person must act), {@code pending}, {@code released}, {@code expired}, {@code cancelled}.
     */
    public record DecisionCount(Instant minute, String status, long decisions) {}

    /** The decisions of the current tenant made in [from, to), by minute and current status. */
    @Transactional(readOnly = true)
    public List<DecisionCount> decisions(Instant from, Instant to) {
        return jdbc.sql("""
                select date_trunc('minute', created_at), status, count(*) from sourcing_decisions
                where tenant_id = ? and created_at >= ? and created_at < ? group by 1, 2""")
                .params(tenant(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new DecisionCount(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getLong(3)))
                .list();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

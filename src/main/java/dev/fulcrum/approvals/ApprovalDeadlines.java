package dev.fulcrum.approvals;

import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.postgresql.util.PGInterval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Step timeouts: a job (every {@code fulcrum.approvals.escalation-interval}, one minute by default) claims the pending
 * approvals whose current step is past its due time in every tenant with one statement ({@code SKIP LOCKED}, so
 * instances never claim the same approval) and escalates each as the actor {@code system:approvals}. Time comes from
 * the injected clock, so tests move it instead of waiting.
 */
@Component
public class ApprovalDeadlines {

    private static final Logger log = LoggerFactory.getLogger(ApprovalDeadlines.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final Approvals approvals;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration lease;

    ApprovalDeadlines(
            JdbcClient jdbc,
            Approvals approvals,
            TransactionTemplate transactions,
            Clock clock,
            @Value("${fulcrum.approvals.escalation-lease:PT5M}") Duration lease) {
        this.jdbc = jdbc;
        this.approvals = approvals;
        this.transactions = transactions;
        this.clock = clock;
        this.lease = lease;
    }

    @Scheduled(
            fixedDelayString = "${fulcrum.approvals.escalation-interval:PT1M}",
            initialDelayString = "${fulcrum.approvals.escalation-initial-delay:PT45S}")
    void run() {
        escalateOverdue();
    }

    /** Escalates every overdue step the clock's now finds; answers how many it escalated. */
    public int escalateOverdue() {
        Instant now = clock.instant();
        List<Due> due = jdbc.sql("select * from fulcrum_claim_due_approvals(?, ?, ?)")
                .params(Timestamp.from(now), interval(lease), BATCH)
                .query((rs, row) -> new Due(
                        new TenantId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("id", UUID.class),
                        new OrderId(rs.getObject("order_id", UUID.class))))
                .list();
        int escalated = 0;
        for (Due claimed : due) {
            RequestContext context = new RequestContext(claimed.tenant(), "system:approvals", "approvals-escalation");
            try {
                Boolean done = context.call(() -> transactions.execute(status -> approvals.escalate(claimed.id())));
                if (Boolean.TRUE.equals(done)) {
                    escalated++;
                }
            } catch (RuntimeException failed) {
                // Left claimed: tried again when the claim lapses.
                log.warn(
                        "escalating approval {} of order {} failed: {}",
                        claimed.id(),
                        claimed.order(),
                        failed.toString());
            }
        }
        return escalated;
    }

    private static PGInterval interval(Duration duration) {
        try {
            return new PGInterval(duration.toSeconds() + " seconds");
        } catch (SQLException unreadable) {
            throw new IllegalArgumentException(unreadable);
        }
    }

    private record Due(TenantId tenant, UUID id, OrderId order) {}
}

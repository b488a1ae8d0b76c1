package dev.fulcrum.risk;

import dev.fulcrum.risk.internal.ReviewStore;
import dev.fulcrum.risk.internal.RiskPolicyStore;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
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
 * The review SLA: a job (every {@code fulcrum.risk.review-sla-interval}, one minute by default) claims the open cases
 * past their due time in every tenant with one statement ({@code SKIP LOCKED}, so instances never claim the same case)
 * and does what the tenant's active policy says: {@code escalate} marks the case escalated (it stays open and moves to
 * the top of the queue), {@code approve} or {@code reject} decides it as the actor {@code system:risk-sla}.
 */
@Component
public class ReviewDeadlines {

    private static final Logger log = LoggerFactory.getLogger(ReviewDeadlines.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final Risk risk;
    private final RiskPolicyStore policies;
    private final ReviewStore reviews;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration lease;

    ReviewDeadlines(
            JdbcClient jdbc,
            Risk risk,
            RiskPolicyStore policies,
            ReviewStore reviews,
            TransactionTemplate transactions,
            Clock clock,
            @Value("${fulcrum.risk.review-sla-lease:PT5M}") Duration lease) {
        this.jdbc = jdbc;
        this.risk = risk;
        this.policies = policies;
        this.reviews = reviews;
        this.transactions = transactions;
        this.clock = clock;
        this.lease = lease;
    }

    @Scheduled(
            fixedDelayString = "${fulcrum.risk.review-sla-interval:PT1M}",
            initialDelayString = "${fulcrum.risk.review-sla-initial-delay:PT40S}")
    void run() {
        handleOverdue();
    }

    /** Handles every overdue case the clock's now finds; answers how many it handled. */
    public int handleOverdue() {
        Instant now = clock.instant();
        List<Due> due = jdbc.sql("select * from fulcrum_claim_due_risk_reviews(?, ?, ?)")
                .params(Timestamp.from(now), interval(lease), BATCH)
                .query((rs, row) -> new Due(
                        new TenantId(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("id", UUID.class),
                        new OrderId(rs.getObject("order_id", UUID.class))))
                .list();
        int handled = 0;
        for (Due claimed : due) {
            RequestContext context = new RequestContext(claimed.tenant(), "system:risk-sla", "risk-sla");
            try {
                context.run(() -> transactions.executeWithoutResult(status -> handle(claimed)));
                handled++;
            } catch (ApiProblem refused) {
                log.info("overdue review {} of order {}: {}", claimed.id(), claimed.order(), refused.getMessage());
            } catch (RuntimeException failed) {
                // Left claimed: tried again when the claim lapses.
                log.warn("overdue review {} of order {} failed: {}", claimed.id(), claimed.order(), failed.toString());
            }
        }
        return handled;
    }

    private void handle(Due due) {
        String onOverdue = policies.active().policy().onOverdue();
        switch (onOverdue) {
            case "approve" -> risk.decide(due.id(), "approved", "approved by policy: review SLA passed");
            case "reject" -> risk.decide(due.id(), "rejected", "rejected by policy: review SLA passed");
            default -> reviews.escalate(due.id(), clock.instant());
        }
    }

    private static PGInterval interval(Duration duration) {
        try {
            return new PGInterval(duration.toSeconds() + " seconds");
        } catch (java.sql.SQLException unreadable) {
            throw new IllegalArgumentException(unreadable);
        }
    }

    private record Due(TenantId tenant, UUID id, OrderId order) {}
}

package dev.fulcrum.rollout.internal;

import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.postgresql.util.PGInterval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Evaluates the guard of every running rollout, in every tenant, every {@code fulcrum.rollouts.guard-interval} (30
 * seconds by default): one statement claims the rollouts whose guard is due and moves their next check one interval
 * on, skipping rows another instance holds, so one instance evaluates each rollout per interval. A breach is therefore
 * rolled back at most one interval after the orders that show it were placed.
 */
@Component
public class GuardJob {

    private static final Logger log = LoggerFactory.getLogger(GuardJob.class);
    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final RolloutOperations operations;
    private final Clock clock;
    private final Duration interval;

    GuardJob(
            JdbcClient jdbc,
            RolloutOperations operations,
            Clock clock,
            @Value("${fulcrum.rollouts.guard-interval:PT30S}") Duration interval) {
        this.jdbc = jdbc;
        this.operations = operations;
        this.clock = clock;
        this.interval = interval;
    }

    @Scheduled(
            fixedDelayString = "${fulcrum.rollouts.guard-interval:PT30S}",
            initialDelayString = "${fulcrum.rollouts.guard-initial-delay:PT10S}")
    void run() {
        evaluateDue();
    }

    /**
     * Evaluates every guard due by the clock's now, each in its own transaction under its tenant.
     *
     * @return how many rollouts this call rolled back
     */
    public int evaluateDue() {
        List<Due> due = jdbc.sql("select * from fulcrum_claim_due_rollout_guards(?, ?, ?)")
                .params(Timestamp.from(clock.instant()), interval(interval), BATCH)
                .query((rs, row) ->
                        new Due(new TenantId(rs.getObject("tenant_id", UUID.class)), rs.getObject("id", UUID.class)))
                .list();
        int rolledBack = 0;
        for (Due rollout : due) {
            try {
                boolean breached = RequestContext.runAs(
                        rollout.tenant(), "system:rollout-guard", () -> operations.evaluate(rollout.id()));
                if (breached) {
                    rolledBack++;
                    log.info("rollout {} of tenant {} rolled back: guard breached", rollout.id(), rollout.tenant());
                }
            } catch (RuntimeException failed) {
                // Evaluated again at its next due time.
                log.warn("guard of rollout {} failed: {}", rollout.id(), failed.toString());
            }
        }
        return rolledBack;
    }

    private static PGInterval interval(Duration duration) {
        try {
            return new PGInterval(Math.max(1, duration.toMillis()) / 1000.0 + " seconds");
        } catch (java.sql.SQLException unreadable) {
            throw new IllegalArgumentException(unreadable);
        }
    }

    private record Due(TenantId tenant, UUID id) {}
}

package dev.fulcrum.order;

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
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deadlines of flow states. Inside the transaction that changes an order, entering a state with deadlines
 * schedules them and leaving a state cancels the deadlines it had not fired. A job (every
 * {@code fulcrum.flows.deadline-interval}, 30 seconds by default) claims the due deadlines of every tenant with one
 * statement and runs each one's action as the system, once: the claim skips rows another instance holds, and the
 * deadline is marked fired in the transaction of its action (ADR 0086).
 */
@Component
public class FlowDeadlines {

    private static final Logger log = LoggerFactory.getLogger(FlowDeadlines.class);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final Flows flows;
    private final FlowActions actions;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration lease;

    FlowDeadlines(
            JdbcClient jdbc,
            Flows flows,
            FlowActions actions,
            TransactionTemplate transactions,
            Clock clock,
            @Value("${fulcrum.flows.deadline-lease:PT5M}") Duration lease) {
        this.jdbc = jdbc;
        this.flows = flows;
        this.actions = actions;
        this.transactions = transactions;
        this.clock = clock;
        this.lease = lease;
    }

    @EventListener
    void on(OrderEvent event) {
        track(event.order());
    }

    @EventListener
    void on(OrdersPlaced batch) {
        batch.orders().forEach(this::track);
    }

    /** Brings the order's deadlines in line with its state; free for orders whose flow has no deadlines at all. */
    private void track(Order order) {
        FlowDefinition flow = flows.definition(order.flow().withoutState());
        if (flow.states().stream().allMatch(state -> state.deadlinesOrEmpty().isEmpty())) {
            return;
        }
        String state = Flows.stateOf(order);
        UUID tenant = RequestContext.require().tenantId().value();
        jdbc.sql("delete from flow_deadlines where tenant_id = ? and order_id = ? and state <> ? and fired_at is null")
                .params(tenant, order.id().value(), state)
                .update();
        Instant now = clock.instant();
        for (FlowDefinition.Deadline deadline :
                flow.state(state).map(FlowDefinition.State::deadlinesOrEmpty).orElse(List.of())) {
            jdbc.sql("""
                    insert into flow_deadlines (tenant_id, order_id, state, action, due_at) values (?, ?, ?, ?, ?)
                    on conflict do nothing""")
                    .params(
                            tenant,
                            order.id().value(),
                            state,
                            deadline.action(),
                            Timestamp.from(now.plus(Duration.parse(deadline.after()))))
                    .update();
        }
    }

    @Scheduled(
            fixedDelayString = "${fulcrum.flows.deadline-interval:PT30S}",
            initialDelayString = "${fulcrum.flows.deadline-initial-delay:PT20S}")
    void run() {
        fireDue();
    }

    /**
     * Fires every deadline due by the clock's now, in every tenant: each in its own transaction under its tenant, as
     * the actor {@code system:flow-deadline}. A deadline whose action the flow refuses is marked with the reason and
     * not tried again.
     *
     * @return how many deadlines this call fired (their actions ran)
     */
    public int fireDue() {
        Instant now = clock.instant();
        List<Due> due = jdbc.sql("select * from fulcrum_claim_due_flow_deadlines(?, ?, ?)")
                .params(Timestamp.from(now), interval(lease), BATCH)
                .query((rs, row) -> new Due(
                        new TenantId(rs.getObject("tenant_id", UUID.class)),
                        new OrderId(rs.getObject("order_id", UUID.class)),
                        rs.getString("state"),
                        rs.getString("action")))
                .list();
        int fired = 0;
        for (Due deadline : due) {
            RequestContext context = new RequestContext(deadline.tenant(), "system:flow-deadline", "deadline");
            try {
                Boolean ran = context.call(() -> transactions.execute(status -> fire(deadline)));
                if (Boolean.TRUE.equals(ran)) {
                    fired++;
                }
            } catch (ApiProblem refused) {
                context.run(() -> transactions.executeWithoutResult(
                        status -> mark(deadline, "refused: " + refused.getMessage())));
                log.info(
                        "flow deadline {} of order {} was refused: {}",
                        deadline.action(),
                        deadline.order(),
                        refused.getMessage());
            } catch (RuntimeException failed) {
                // Left claimed: tried again when the claim lapses.
                log.warn(
                        "flow deadline {} of order {} failed: {}",
                        deadline.action(),
                        deadline.order(),
                        failed.toString());
            }
        }
        return fired;
    }

    /** Runs the deadline's action if it is still pending (not fired, not cancelled by a change of state meanwhile). */
    private boolean fire(Due deadline) {
        boolean pending = jdbc.sql("""
                        select 1 from flow_deadlines
                        where tenant_id = ? and order_id = ? and state = ? and action = ? and fired_at is null
                        for update""")
                .params(deadline.tenant().value(), deadline.order().value(), deadline.state(), deadline.action())
                .query(Integer.class)
                .optional()
                .isPresent();
        if (!pending) {
            return false;
        }
        // Marked first: the action leaves the state, and leaving a state cancels its unfired deadlines.
        mark(deadline, "fired");
        actions.run(deadline.order(), deadline.action(), FlowActions.Parameters.NONE);
        return true;
    }

    private void mark(Due deadline, String outcome) {
        jdbc.sql("""
                update flow_deadlines set fired_at = ?, outcome = ?
                where tenant_id = ? and order_id = ? and state = ? and action = ?""")
                .params(
                        Timestamp.from(clock.instant()),
                        outcome.length() > 500 ? outcome.substring(0, 500) : outcome,
                        deadline.tenant().value(),
                        deadline.order().value(),
                        deadline.state(),
                        deadline.action())
                .update();
    }

    private static PGInterval interval(Duration duration) {
        try {
            return new PGInterval(duration.toSeconds() + " seconds");
        } catch (java.sql.SQLException unreadable) {
            throw new IllegalArgumentException(unreadable);
        }
    }

    /** The deadlines of an order, pending and fired, soonest first. */
    @org.springframework.transaction.annotation.Transactional(readOnly = true)
    public List<Deadline> of(OrderId order) {
        return jdbc.sql("""
                select state, action, due_at, fired_at, outcome from flow_deadlines
                where tenant_id = ? and order_id = ? order by due_at""")
                .params(RequestContext.require().tenantId().value(), order.value())
                .query((rs, row) -> new Deadline(
                        rs.getString("state"),
                        rs.getString("action"),
                        rs.getTimestamp("due_at").toInstant(),
                        rs.getTimestamp("fired_at") == null
                                ? null
                                : rs.getTimestamp("fired_at").toInstant(),
                        rs.getString("outcome")))
                .list();
    }

    /** A deadline of an order: due at, and when it fired with what outcome (null while pending). */
    public record Deadline(
            String state,
            String action,
            Instant dueAt,
            @org.jspecify.annotations.Nullable Instant firedAt,
            @org.jspecify.annotations.Nullable String outcome) {}

    private record Due(TenantId tenant, OrderId order, String state, String action) {}
}

package dev.fulcrum.rules.internal;

import dev.fulcrum.events.EventCursor;
import dev.fulcrum.events.NewEventsSignal;
import dev.fulcrum.events.PublicEvent;
import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.rules.PlannedAction;
import dev.fulcrum.rules.RuleVersion;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the rules, never inside the transaction that caused their event: a loop (woken when public events commit, and
 * every poll interval) that, per tenant with rule work,
 * <ol>
 *   <li>reads the public event log after the tenant's cursor, evaluates the active rules of each event and records a
 *       run per matching (rule version, event) — the unique key makes it once — and starts or cancels time rules'
 *       timers, moving the cursor in the same transaction;
 *   <li>fires due timers (claimed with {@code FOR UPDATE SKIP LOCKED}), unless an {@code unless} event of the order
 *       came first, evaluating the condition on the order as it is then;
 *   <li>runs due runs, each in one transaction with all its actions; a failure rolls the run back and retries it
 *       with exponential backoff until {@code fulcrum.rules.max-attempts}, then marks it failed with the error.
 * </ol>
 * Several instances may run side by side: the cursor row is locked while read, and runs and timers are claimed.
 */
@Component
class RuleJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RuleJob.class);
    private static final int BATCH = 500;
    private static final long LEASE_SECONDS = 120;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PublicEventLog eventLog;
    private final NewEventsSignal signal;
    private final OrderManagement orders;
    private final ActiveRules active;
    private final RuleStore store;
    private final RuleEffects effects;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration initialBackoff;
    private final int maxAttempts;
    private volatile @Nullable Thread loop;

    RuleJob(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            PublicEventLog eventLog,
            NewEventsSignal signal,
            OrderManagement orders,
            ActiveRules active,
            RuleStore store,
            RuleEffects effects,
            Clock clock,
            @Value("${fulcrum.rules.poll-interval:PT1S}") Duration pollInterval,
            @Value("${fulcrum.rules.initial-backoff:PT5S}") Duration initialBackoff,
            @Value("${fulcrum.rules.max-attempts:5}") int maxAttempts) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.eventLog = eventLog;
        this.signal = signal;
        this.orders = orders;
        this.active = active;
        this.store = store;
        this.effects = effects;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.initialBackoff = initialBackoff;
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    @Override
    public void start() {
        Thread thread = Thread.ofPlatform().name("fulcrum-rules").daemon().unstarted(this::run);
        loop = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = loop;
        loop = null;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    private void run() {
        long seen = signal.committed();
        while (loop == Thread.currentThread()) {
            try {
                round();
                seen = signal.awaitAfter(seen, pollInterval.toMillis());
            } catch (InterruptedException interrupted) {
                return;
            } catch (RuntimeException failed) {
                if (loop != Thread.currentThread()) {
                    return;
                }
                log.warn("rule round failed; retrying", failed);
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** One round over every tenant with rule work. */
    void round() {
        @SuppressWarnings("NullAway") // the function returns tenant ids, never null
        List<UUID> tenants = jdbc.sql("select * from fulcrum_tenants_with_rule_work(?)")
                .param(Timestamp.from(clock.instant()))
                .query(UUID.class)
                .list();
        for (UUID tenant : tenants) {
            RequestContext context = new RequestContext(new TenantId(tenant), "system:rules", "rules");
            context.run(() -> {
                readEvents();
                catchUp();
                fireTimers();
                runDue();
            });
        }
    }

    private void readEvents() {
        transactions.executeWithoutResult(status -> {
            RuleIndex index = active.index();
            String cursor = store.cursor().orElse(null);
            if (cursor == null) {
                return;
            }
            if (index.isEmpty()) {
                store.moveCursor(eventLog.head().toString());
                return;
            }
            List<PublicEvent> events = eventLog.read(EventCursor.parse(cursor), BATCH, index.eventTypes(), null);
            if (events.isEmpty()) {
                return;
            }
            handle(events, index, null);
            store.moveCursor(events.getLast().cursor());
        });
    }

    /** Versions activated with a catch-up period read the log again for that period, each with its own cursor. */
    private void catchUp() {
        List<RuleStore.CatchUp> catchUps = transactions.execute(status -> store.catchUps());
        if (catchUps == null) {
            return;
        }
        for (RuleStore.CatchUp catchUp : catchUps) {
            transactions.executeWithoutResult(status -> {
                CompiledRule rule = active.index().rules().stream()
                        .filter(candidate ->
                                candidate.name().equals(catchUp.name()) && candidate.number() == catchUp.version())
                        .findFirst()
                        .orElse(null);
                if (rule == null) {
                    store.catchUpAt(catchUp.name(), catchUp.version(), null);
                    return;
                }
                RuleIndex only = new RuleIndex(List.of(rule));
                List<PublicEvent> events =
                        eventLog.read(EventCursor.parse(catchUp.cursor()), BATCH, only.eventTypes(), null);
                List<PublicEvent> inPeriod = events.stream()
                        .filter(event -> !event.time().isBefore(catchUp.from())
                                && event.time().isBefore(catchUp.until()))
                        .toList();
                handle(inPeriod, only, catchUp.until());
                store.catchUpAt(
                        catchUp.name(),
                        catchUp.version(),
                        events.size() < BATCH ? null : events.getLast().cursor());
            });
        }
    }

    /**
     * Evaluates the rules of each event and records the runs and timers.
     *
     * @param catchUpUntil for a catch-up, the activation: events before it count; null: only events at or after each
     *     version's activation
     */
    private void handle(List<PublicEvent> events, RuleIndex index, @Nullable Instant catchUpUntil) {
        Set<OrderId> orderIds = new HashSet<>();
        events.forEach(event -> {
            if (event.orderId() != null) {
                orderIds.add(new OrderId(event.orderId()));
            }
        });
        Map<UUID, Order> byId = new HashMap<>();
        orders.findAll(List.copyOf(orderIds))
                .forEach(order -> byId.put(order.id().value(), order));
        Set<String> caused = new HashSet<>();
        store.causedBy(events.stream().map(PublicEvent::id).toList())
                .forEach(pair -> caused.add(pair[0] + "/" + pair[1]));
        Instant now = clock.instant();
        List<RuleStore.NewRun> runs = new ArrayList<>();
        for (PublicEvent event : events) {
            Order order = event.orderId() == null ? null : byId.get(event.orderId());
            OrderId orderId = order == null ? null : order.id();
            UUID orderUuid = orderId == null ? null : orderId.value();
            if (orderUuid != null) {
                List<String> cancelled = index.cancelledBy(event.type()).stream()
                        .map(CompiledRule::key)
                        .toList();
                store.cancelTimers(orderUuid, cancelled);
                for (CompiledRule timed : index.startedBy(event.type())) {
                    if (effective(timed, event, catchUpUntil)) {
                        var after = java.util.Objects.requireNonNull(
                                timed.version().definition().trigger().after());
                        store.addTimer(
                                new RuleStore.NewRun(
                                        timed.name(),
                                        timed.number(),
                                        event.id(),
                                        event.type(),
                                        event.cursor(),
                                        orderUuid),
                                event.time().plus(after.length()));
                    }
                }
            }
            List<CompiledRule> candidates = index.triggeredBy(event.type());
            if (candidates.isEmpty()) {
                continue;
            }
            boolean needsCustomer = candidates.stream().anyMatch(CompiledRule::needsCustomer);
            Map<String, Object> variables = RuleVariables.of(
                    order,
                    event.type(),
                    event.id(),
                    event.time(),
                    event.data(),
                    () -> customerOrders30d(order),
                    needsCustomer,
                    now);
            List<CompiledRule> matched = index.matching(
                    event.type(),
                    variables,
                    rule -> active.versionFor(rule, orderId),
                    rule -> !effective(rule, event, catchUpUntil) || caused.contains(event.id() + "/" + rule.key()));
            for (CompiledRule rule : matched) {
                runs.add(new RuleStore.NewRun(
                        rule.name(), rule.number(), event.id(), event.type(), event.cursor(), orderUuid));
            }
        }
        store.addRuns(runs);
    }

    /** A version handles the events that occurred once it was active (or, catching up, before its activation). */
    private static boolean effective(CompiledRule rule, PublicEvent event, @Nullable Instant catchUpUntil) {
        if (catchUpUntil != null) {
            return true;
        }
        Instant activated = rule.version().activatedAt();
        return activated == null || !event.time().isBefore(activated);
    }

    /** How many orders the order's customer placed in the last 30 days (counted up to 1,000). */
    long customerOrders30d(@Nullable Order order) {
        if (order == null || order.customer().id() == null) {
            return 0;
        }
        Instant now = clock.instant();
        return orders.list(new OrderQuery(
                        null,
                        null,
                        order.customer().id(),
                        now.minus(Duration.ofDays(30)),
                        null,
                        null,
                        null,
                        null,
                        1000))
                .items()
                .size();
    }

    private void fireTimers() {
        List<RuleStore.NewRun> due = transactions.execute(status -> store.claimDueTimers(BATCH, LEASE_SECONDS));
        if (due == null) {
            return;
        }
        for (RuleStore.NewRun timer : due) {
            try {
                transactions.executeWithoutResult(status -> fire(timer));
            } catch (RuntimeException failed) {
                log.warn(
                        "timer of rule {}@{} failed; tried again when its claim lapses",
                        timer.rule(),
                        timer.version(),
                        failed);
            }
        }
    }

    private void fire(RuleStore.NewRun timer) {
        UUID orderUuid = java.util.Objects.requireNonNull(timer.orderId());
        RuleVersion version = store.find(timer.rule(), timer.version()).orElse(null);
        if (version == null || !version.status().equals("active")) {
            store.timerDone(timer, "cancelled");
            return;
        }
        CompiledRule rule = active.compiled(version);
        var after =
                java.util.Objects.requireNonNull(version.definition().trigger().after());
        // The reader cancels timers when it sees an unless event; the log is asked too, in case it has not yet.
        if (!after.unless().isEmpty()
                && !eventLog.read(EventCursor.parse(timer.eventCursor()), 1, after.unless(), orderUuid)
                        .isEmpty()) {
            store.timerDone(timer, "cancelled");
            return;
        }
        Order order = orders.find(new OrderId(orderUuid)).orElse(null);
        PublicEvent start = eventLog.read(EventCursor.BEGINNING, 1, List.of(timer.eventType()), orderUuid).stream()
                .filter(event -> event.id().equals(timer.eventId()))
                .findFirst()
                .orElse(null);
        Map<String, Object> variables = RuleVariables.of(
                order,
                timer.eventType(),
                timer.eventId(),
                start == null ? clock.instant() : start.time(),
                start == null ? null : start.data(),
                () -> customerOrders30d(order),
                rule.needsCustomer(),
                clock.instant());
        if (!rule.matches(variables)) {
            store.timerDone(timer, "skipped");
            return;
        }
        store.addRuns(List.of(timer));
        store.timerDone(timer, "fired");
    }

    private void runDue() {
        List<RuleStore.DueRun> due = transactions.execute(status -> store.claimDue(50, LEASE_SECONDS));
        if (due == null) {
            return;
        }
        for (RuleStore.DueRun run : due) {
            attempt(run);
        }
    }

    /** One attempt of a run: all its actions in one transaction, or none of them. */
    void attempt(RuleStore.DueRun run) {
        RuleVersion version = transactions.execute(
                status -> store.find(run.rule(), run.version()).orElse(null));
        if (version == null) {
            return;
        }
        CompiledRule rule = active.compiled(version);
        RequestContext tenant = RequestContext.require();
        RequestContext asRule = new RequestContext(tenant.tenantId(), version.actor(), "rule-run:" + run.id());
        try {
            asRule.run(() -> transactions.executeWithoutResult(status -> {
                if (!store.lockPending(run.id())) {
                    return;
                }
                List<PlannedAction> done = effects.apply(
                        rule,
                        new RuleEffects.Trigger(run.rule(), run.version(), run.eventId(), run.eventType()),
                        run.orderId() == null ? null : new OrderId(run.orderId()));
                store.succeeded(run.id(), done);
            }));
        } catch (RuntimeException failed) {
            int attempts = run.attempts() + 1;
            Instant retryAt = attempts >= maxAttempts
                    ? null
                    : clock.instant().plus(initialBackoff.multipliedBy(1L << Math.min(attempts - 1, 16)));
            String reason = failed.getMessage() == null ? failed.toString() : failed.getMessage();
            transactions.executeWithoutResult(status -> store.attemptFailed(run.id(), reason, retryAt));
            log.info(
                    "rule {}@{} failed on event {} (attempt {}): {}",
                    run.rule(),
                    run.version(),
                    run.eventId(),
                    attempts,
                    reason);
        }
    }
}

package dev.fulcrum.order;

import dev.fulcrum.database.IdempotencyKeys;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.Ordered;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Group commit for the order API (ADR 0070). Request threads hand their validated order to a queue and wait; a few
 * committer threads take whatever has queued up, and place each tenant's share in one transaction: the duplicate
 * check, inserts, public events, audit entries, idempotency keys and sourcing with its reservations are written
 * set-based for the whole batch, and the one durable commit is shared. Each request is answered only after the
 * transaction holding its order has committed, so an acknowledged order is as durable as with one transaction per
 * order. There is no waiting for a batch to fill: while one transaction commits, the next batch queues up by itself,
 * so batches are as large as the load makes them and a lone request is placed at once.
 *
 * <p>One order's failure does not fail its neighbours: refusals that belong to a single order (a duplicate external
 * id, a reused idempotency key) are answered for that order alone, and when the batch transaction fails as a whole
 * (a unique key taken by a concurrent request, an unexpected error) each of its orders is retried in a transaction
 * of its own.
 */
@Service
public class OrderIntake implements SmartLifecycle {

    /** The idempotency scope of {@code POST /api/v1/orders}. */
    public static final String SCOPE = "POST /api/v1/orders";

    private static final Logger log = LoggerFactory.getLogger(OrderIntake.class);

    /** What became of a submitted order. */
    public sealed interface Result {}

    /** Placed now; the response is the order as placed. */
    public record Placed(Order order, JsonNode body) implements Result {}

    /** A repeat of an idempotent request: the response stored for its key. */
    public record Replayed(int status, JsonNode body) implements Result {}

    /** Refused, for this order alone. */
    public record Refused(ApiProblem problem) implements Result {}

    private record Submission(
            RequestContext context,
            NewOrder order,
            @Nullable String key,
            @Nullable String requestHash,
            CompletableFuture<Result> result) {}

    private record Group(TenantId tenant, String actor) {}

    private final OrderManagement orders;
    private final IdempotencyKeys idempotency;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final BlockingQueue<Submission> queue;
    private final int committers;
    private final int maxBatch;
    private final long answerTimeoutMillis;
    private final DistributionSummary batchSizes;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    OrderIntake(
            OrderManagement orders,
            IdempotencyKeys idempotency,
            JsonMapper json,
            PlatformTransactionManager transactionManager,
            MeterRegistry meters,
            @Value("${fulcrum.intake.committers:2}") int committers,
            @Value("${fulcrum.intake.max-batch:256}") int maxBatch,
            @Value("${fulcrum.intake.queue-capacity:20000}") int queueCapacity,
            @Value("${fulcrum.intake.answer-timeout:PT60S}") java.time.Duration answerTimeout) {
        this.orders = orders;
        this.idempotency = idempotency;
        this.json = json;
        this.transactions = new TransactionTemplate(transactionManager);
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.committers = Math.max(1, committers);
        this.maxBatch = Math.max(1, maxBatch);
        this.answerTimeoutMillis = answerTimeout.toMillis();
        this.batchSizes = DistributionSummary.builder("fulcrum.intake.batch.size")
                .description("Orders committed together by the order API's group commit")
                .register(meters);
    }

    /**
     * Places the order for the current request's tenant and actor, together with whatever other orders arrive
     * meanwhile, and waits until its transaction has committed.
     *
     * @param idempotencyKey the request's {@code Idempotency-Key}, if any
     * @param requestBody the body as received, compared by digest when the key was used before
     */
    public Result place(NewOrder order, @Nullable String idempotencyKey, @Nullable String requestBody) {
        String requestHash = null;
        if (idempotencyKey != null) {
            IdempotencyKeys.check(idempotencyKey);
            requestHash = IdempotencyKeys.digest(requestBody == null ? "" : requestBody);
        }
        Submission submission =
                new Submission(RequestContext.require(), order, idempotencyKey, requestHash, new CompletableFuture<>());
        if (!running || !queue.offer(submission)) {
            throw ApiProblem.unavailable(
                    "intake-unavailable",
                    running
                            ? "too many orders are waiting to be placed; " + "retry with the same Idempotency-Key"
                            : "the server is stopping; retry with the same Idempotency-Key");
        }
        try {
            return submission.result().get(answerTimeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(failed.getCause());
        } catch (TimeoutException slow) {
            throw ApiProblem.unavailable(
                    "intake-timeout",
                    "the order was not committed within " + answerTimeoutMillis
                            + " ms; it may still be placed: retry with the same Idempotency-Key to learn the outcome");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw ApiProblem.unavailable(
                    "intake-interrupted", "interrupted while waiting for the order to be committed");
        }
    }

    private void commitLoop() {
        List<Submission> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Submission first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unexpected) {
                log.error("order intake batch failed", unexpected);
                batch.forEach(submission -> submission.result().completeExceptionally(unexpected));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Submission> batch) {
        Map<Group, List<Submission>> groups = new LinkedHashMap<>();
        for (Submission submission : batch) {
            groups.computeIfAbsent(
                            new Group(
                                    submission.context().tenantId(),
                                    submission.context().actor()),
                            group -> new ArrayList<>())
                    .add(submission);
        }
        groups.values().forEach(this::commitGroup);
    }

    private void commitGroup(List<Submission> group) {
        Map<Submission, Result> results;
        try {
            RequestContext context = group.getFirst().context();
            results = context.call(() -> transactions.execute(status -> placeTogether(group)));
        } catch (RuntimeException failed) {
            if (group.size() > 1) {
                log.debug(
                        "batch of {} orders failed as a whole ({}); placing each on its own",
                        group.size(),
                        failed.toString());
                group.forEach(submission -> commitGroup(List.of(submission)));
            } else {
                answerAlone(group.getFirst(), failed);
            }
            return;
        }
        batchSizes.record(group.size());
        results.forEach((submission, result) -> submission.result().complete(result));
    }

    /**
     * A lone order whose transaction failed. A unique key taken meanwhile by a concurrent request (the same
     * idempotency key, or the same external id) is tried once more, to answer as that request's repeat; any other
     * error stands.
     */
    private void answerAlone(Submission submission, RuntimeException failed) {
        if (failed instanceof DuplicateKeyException) {
            try {
                Map<Submission, Result> replay = submission
                        .context()
                        .call(() -> transactions.execute(status -> placeTogether(List.of(submission))));
                submission.result().complete(replay.get(submission));
                return;
            } catch (RuntimeException again) {
                failed = again;
            }
        }
        submission.result().completeExceptionally(failed);
    }

    private Map<Submission, Result> placeTogether(List<Submission> group) {
        // Identity, not equality: two requests with the same body are still two orders.
        @SuppressWarnings("IdentityHashMapUsage") // only put, get and forEach: no equality-based Map method is used
        Map<Submission, Result> results = new java.util.IdentityHashMap<>();
        List<String> keys = group.stream()
                .map(Submission::key)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        Map<String, IdempotencyKeys.StoredKey> stored = idempotency.findAll(SCOPE, keys);
        Map<String, Submission> firstWithKey = new HashMap<>();
        List<Submission> toPlace = new ArrayList<>();
        List<Submission> repeats = new ArrayList<>();
        for (Submission submission : group) {
            String key = submission.key();
            if (key == null) {
                toPlace.add(submission);
            } else if (stored.containsKey(key)) {
                results.put(submission, replayOrRefuse(submission, stored.get(key)));
            } else if (firstWithKey.putIfAbsent(key, submission) != null) {
                repeats.add(submission);
            } else {
                toPlace.add(submission);
            }
        }
        List<OrderManagement.Placement> placements = orders.placeEach(
                toPlace.stream().map(Submission::order).toList(),
                toPlace.stream().map(Submission::context).toList());
        // The answers are the orders as committed: sourcing (and any other listener that runs just before the commit)
        // allocates and holds them after placement. Answering, and storing the answers for the idempotency keys, is
        // therefore the last thing done before the commit.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public int getOrder() {
                return Ordered.LOWEST_PRECEDENCE;
            }

            @Override
            public void beforeCommit(boolean readOnly) {
                answer(toPlace, placements, repeats, firstWithKey, results);
            }
        });
        return results;
    }

    /**
     * Answers the orders of a batch, last before its commit: re-reads the placed orders in one statement, stores the
     * answers of new idempotency keys, and answers repeats of a key within the batch as the first with that key.
     */
    private void answer(
            List<Submission> toPlace,
            List<OrderManagement.Placement> placements,
            List<Submission> repeats,
            Map<String, Submission> firstWithKey,
            Map<Submission, Result> results) {
        Map<dev.fulcrum.shared.OrderId, Order> committed = new HashMap<>();
        orders.findAll(placements.stream()
                        .filter(OrderManagement.Placement::placed)
                        .map(placement -> placement.placedOrder().id())
                        .toList())
                .forEach(order -> committed.put(order.id(), order));
        List<IdempotencyKeys.NewKey> newKeys = new ArrayList<>();
        Map<String, IdempotencyKeys.StoredKey> storedMeanwhile = storedSinceFirstLook(toPlace, placements);
        for (int i = 0; i < toPlace.size(); i++) {
            Submission submission = toPlace.get(i);
            OrderManagement.Placement placement = placements.get(i);
            String key = submission.key();
            ApiProblem problem = placement.problem();
            if (problem == null) {
                Order placed = placement.placedOrder();
                Order order = committed.getOrDefault(placed.id(), placed);
                JsonNode body = json.valueToTree(order);
                results.put(submission, new Placed(order, body));
                if (key != null) {
                    newKeys.add(new IdempotencyKeys.NewKey(
                            key,
                            java.util.Objects.requireNonNull(submission.requestHash()),
                            new IdempotencyKeys.StoredResponse(201, body)));
                }
            } else if (key != null && storedMeanwhile.containsKey(key)) {
                results.put(submission, replayOrRefuse(submission, storedMeanwhile.get(key)));
            } else {
                results.put(submission, new Refused(problem));
            }
        }
        idempotency.storeAll(SCOPE, newKeys);
        for (Submission repeat : repeats) {
            Submission first = java.util.Objects.requireNonNull(firstWithKey.get(repeat.key()));
            Result firstResult = results.get(first);
            if (!java.util.Objects.equals(first.requestHash(), repeat.requestHash())) {
                results.put(
                        repeat, new Refused(IdempotencyKeys.reused(java.util.Objects.requireNonNull(repeat.key()))));
            } else if (firstResult instanceof Placed placed) {
                results.put(repeat, new Replayed(201, placed.body()));
            } else {
                results.put(repeat, firstResult);
            }
        }
    }

    private static Result replayOrRefuse(Submission submission, IdempotencyKeys.StoredKey previous) {
        return previous.requestHash().equals(submission.requestHash())
                ? new Replayed(previous.response().status(), previous.response().body())
                : new Refused(IdempotencyKeys.reused(java.util.Objects.requireNonNull(submission.key())));
    }

    /**
     * The keys of refused orders that were stored after this transaction first looked. Each statement reads the
     * newest committed data: a concurrent request with the same key can commit between the key lookup and the
     * duplicate check, which then refuses our order as a duplicate of its own. Looking the key up again answers it as
     * the repeat it is (the other request's order and key committed together).
     */
    private Map<String, IdempotencyKeys.StoredKey> storedSinceFirstLook(
            List<Submission> placed, List<OrderManagement.Placement> placements) {
        List<String> refusedKeys = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            if (!placements.get(i).placed() && placed.get(i).key() != null) {
                refusedKeys.add(placed.get(i).key());
            }
        }
        return refusedKeys.isEmpty() ? Map.of() : idempotency.findAll(SCOPE, refusedKeys);
    }

    @Override
    public void start() {
        running = true;
        for (int i = 1; i <= committers; i++) {
            Thread thread =
                    Thread.ofPlatform().name("order-intake-" + i).daemon(false).unstarted(this::commitLoop);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops taking orders and places what has queued before returning, so no accepted request goes unanswered. */
    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server has finished its in-flight requests (graceful shutdown), before the database goes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}

package dev.fulcrum.inbound;

import dev.fulcrum.inbound.internal.DeadLetterStore;
import dev.fulcrum.inbound.internal.DocumentActions;
import dev.fulcrum.inbound.internal.DocumentReader;
import dev.fulcrum.inbound.internal.InboundDocument;
import dev.fulcrum.inbound.internal.ProcessedEvents;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The inbound module's API: applies inbound documents (from Kafka or the REST API) and keeps the dead letters.
 *
 * <p>Each document is applied in a transaction of its own, as the actor {@code inbound:<source>}, together with its row
 * in the processed-documents table keyed by (tenant, source, id): a second delivery of the same document finds the row
 * and does nothing, also when both deliveries run at once. A document that cannot be applied is rolled back and, in a
 * second transaction, recorded as dead-lettered under the same key (so a redelivery does not dead-letter it twice)
 * and kept as a {@link DeadLetter} with the reason, to be retried after a fix or discarded.
 */
@Service
public class InboundEvents {

    private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);

    /** The most dead letters one page lists. */
    public static final int MAX_PAGE = 500;

    private final DocumentReader reader;
    private final DocumentActions actions;
    private final ProcessedEvents processed;
    private final DeadLetterStore deadLetters;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MeterRegistry meters;

    InboundEvents(
            DocumentReader reader,
            DocumentActions actions,
            ProcessedEvents processed,
            DeadLetterStore deadLetters,
            PlatformTransactionManager transactionManager,
            Clock clock,
            MeterRegistry meters) {
        this.reader = reader;
        this.actions = actions;
        this.processed = processed;
        this.deadLetters = deadLetters;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Told about each document dead-lettered, inside the transaction that records it: a failure here rolls the
     * record back (the Kafka consumer publishes to the dead-letter topic here, so the topic and the table agree).
     */
    @FunctionalInterface
    public interface DeadLetterSink {
        DeadLetterSink NONE = (reason, deadLetterId) -> {};

        void deadLettered(String reason, @Nullable UUID deadLetterId);
    }

    /**
     * Applies one document, exactly once per (tenant, source, id).
     *
     * @param callerTenant the API caller's tenant; null for Kafka, where the document's {@code tenant} extension names it
     * @return applied, duplicate, or dead-lettered with the reason
     */
    public InboundOutcome receive(
            byte[] document, @Nullable TenantId callerTenant, Delivery delivery, DeadLetterSink sink) {
        String text = new String(document, StandardCharsets.UTF_8);
        InboundOutcome outcome = switch (reader.read(document, callerTenant)) {
            case DocumentReader.WellFormed wellFormed -> apply(wellFormed.document(), delivery, text, sink);
            case DocumentReader.Malformed malformed ->
                deadLetter(
                        malformed.tenant(),
                        malformed.source(),
                        malformed.id(),
                        malformed.type(),
                        null,
                        delivery,
                        text,
                        malformed.reason(),
                        malformed.problems(),
                        sink);
        };
        meters.counter(
                        "fulcrum.inbound.documents",
                        "transport",
                        delivery.transport(),
                        "outcome",
                        outcome.status().wireName())
                .increment();
        return outcome;
    }

    private InboundOutcome apply(InboundDocument document, Delivery delivery, String text, DeadLetterSink sink) {
        String hint = subjectHint(document.data());
        try {
            return asSource(document)
                    .call(() -> Objects.requireNonNull(transactions.execute(tx -> {
                        if (!processed.claim(
                                document.source(),
                                document.id(),
                                document.type().name(),
                                hint,
                                ProcessedEvents.APPLIED,
                                delivery.transport(),
                                clock.instant())) {
                            return outcome(InboundOutcome.Status.DUPLICATE, document, hint, null, List.of(), null);
                        }
                        String subject = actions.apply(document);
                        return outcome(InboundOutcome.Status.APPLIED, document, subject, null, List.of(), null);
                    })));
        } catch (RuntimeException refused) {
            rethrowIfTransient(refused);
            return deadLetter(
                    document.tenant(),
                    document.source(),
                    document.id(),
                    document.type().name(),
                    hint,
                    delivery,
                    text,
                    reason(refused),
                    problems(refused),
                    sink);
        }
    }

    private InboundOutcome deadLetter(
            @Nullable TenantId tenant,
            @Nullable String source,
            @Nullable String id,
            @Nullable String type,
            @Nullable String subject,
            Delivery delivery,
            String text,
            String reason,
            List<FieldProblem> problems,
            DeadLetterSink sink) {
        if (tenant == null) {
            // Nobody's document: it cannot be kept in a tenant's table, only on the dead-letter topic.
            log.warn("Inbound document without a tenant dead-lettered ({} {}): {}", source, id, reason);
            sink.deadLettered(reason, null);
            return new InboundOutcome(
                    InboundOutcome.Status.DEAD_LETTERED, source, id, type, subject, reason, problems, null);
        }
        RequestContext context = new RequestContext(tenant, actor(source), requestId());
        return context.call(() -> Objects.requireNonNull(transactions.execute(tx -> {
            if (source != null
                    && id != null
                    && !processed.claim(
                            source,
                            id,
                            type == null ? "unknown" : type,
                            subject,
                            ProcessedEvents.DEAD_LETTERED,
                            delivery.transport(),
                            clock.instant())) {
                return new InboundOutcome(
                        InboundOutcome.Status.DUPLICATE, source, id, type, subject, null, List.of(), null);
            }
            UUID deadLetterId = deadLetters.insert(
                    new DeadLetterStore.NewDeadLetter(source, id, type, subject, delivery, text, reason, problems),
                    clock.instant());
            sink.deadLettered(reason, deadLetterId);
            return new InboundOutcome(
                    InboundOutcome.Status.DEAD_LETTERED, source, id, type, subject, reason, problems, deadLetterId);
        })));
    }

    /** A page of the current tenant's dead letters of one status, newest first. */
    public record DeadLetterPage(
            List<DeadLetter> deadLetters, @Nullable UUID next) {}

    /**
     * The current tenant's dead letters of {@code status} (open, retried, discarded), newest first, after the cursor
     * {@code before} (the {@code next} of the previous page).
     *
     * @throws ApiProblem 400 for an unknown status or a limit outside 1 to {@value #MAX_PAGE}
     */
    public DeadLetterPage deadLetters(String status, @Nullable UUID before, int limit) {
        if (!List.of(DeadLetter.OPEN, DeadLetter.RETRIED, DeadLetter.DISCARDED).contains(status)) {
            throw ApiProblem.invalid("status", "must be one of [open, retried, discarded]");
        }
        dev.fulcrum.shared.RequestLimits.pageSize("limit", limit, MAX_PAGE);
        List<DeadLetter> rows = transactions.execute(tx -> deadLetters.list(status, before, limit + 1));
        List<DeadLetter> page = Objects.requireNonNull(rows);
        if (page.size() <= limit) {
            return new DeadLetterPage(page, null);
        }
        List<DeadLetter> shown = List.copyOf(page.subList(0, limit));
        return new DeadLetterPage(shown, shown.getLast().id());
    }

    /** How many dead letters of the current tenant are open. */
    public long openDeadLetters() {
        return Objects.requireNonNull(transactions.execute(tx -> deadLetters.countOpen()));
    }

    /**
     * One dead letter of the current tenant.
     *
     * @throws ApiProblem 404 when the current tenant has no such dead letter
     */
    public DeadLetter deadLetter(UUID id) {
        return Objects.requireNonNull(transactions.execute(tx -> deadLetters.find(id)))
                .orElseThrow(() -> notFound(id));
    }

    /**
     * Applies a dead letter again, as stored or as {@code corrected} (a whole document that replaces it, keeping its
     * source and id), exactly once: the dead letter becomes retried in the transaction that applies it. A retry that
     * fails again keeps the dead letter open with the new reason and one more attempt.
     *
     * @return applied; duplicate when the document had been applied meanwhile (the dead letter is closed as retried);
     *     or dead-lettered with the new reason
     * @throws ApiProblem 404 when there is no such dead letter, 409 when it is not open, 400 when the corrected
     *     document changes the source or id
     */
    public InboundOutcome retry(UUID id, byte @Nullable [] corrected) {
        RequestContext operator = RequestContext.require();
        DeadLetter letter = deadLetter(id);
        if (!letter.open()) {
            throw closed(letter);
        }
        byte[] bytes = corrected != null ? corrected : letter.document().getBytes(StandardCharsets.UTF_8);
        String text = new String(bytes, StandardCharsets.UTF_8);
        DocumentReader.Read read = reader.read(bytes, operator.tenantId());
        if (corrected != null && letter.source() != null && letter.eventId() != null) {
            if (!letter.source().equals(read.source())) {
                throw ApiProblem.invalid("source", "a corrected document keeps the source " + letter.source());
            }
            if (!letter.eventId().equals(read.id())) {
                throw ApiProblem.invalid("id", "a corrected document keeps the id " + letter.eventId());
            }
        }
        if (read instanceof DocumentReader.Malformed malformed) {
            transactions.executeWithoutResult(
                    tx -> deadLetters.failedAgain(id, malformed.reason(), malformed.problems(), clock.instant()));
            return new InboundOutcome(
                    InboundOutcome.Status.DEAD_LETTERED,
                    malformed.source(),
                    malformed.id(),
                    malformed.type(),
                    letter.subject(),
                    malformed.reason(),
                    malformed.problems(),
                    id);
        }
        InboundDocument document = ((DocumentReader.WellFormed) read).document();
        String hint = subjectHint(document.data());
        try {
            InboundOutcome outcome = asSource(document)
                    .call(() -> Objects.requireNonNull(transactions.execute(tx -> {
                        requireOpen(deadLetters.lock(id).orElseThrow(() -> notFound(id)));
                        Optional<String> before = processed.lockOutcome(document.source(), document.id());
                        if (before.isPresent() && before.get().equals(ProcessedEvents.APPLIED)) {
                            deadLetters.resolve(
                                    id, DeadLetter.RETRIED, text, "already applied", operator.actor(), clock.instant());
                            return outcome(InboundOutcome.Status.DUPLICATE, document, hint, null, List.of(), null);
                        }
                        String subject = actions.apply(document);
                        if (before.isPresent()) {
                            processed.applied(document.source(), document.id(), subject, clock.instant());
                        } else {
                            processed.claim(
                                    document.source(),
                                    document.id(),
                                    document.type().name(),
                                    subject,
                                    ProcessedEvents.APPLIED,
                                    "retry",
                                    clock.instant());
                        }
                        deadLetters.resolve(id, DeadLetter.RETRIED, text, null, operator.actor(), clock.instant());
                        return outcome(InboundOutcome.Status.APPLIED, document, subject, null, List.of(), null);
                    })));
            meters.counter(
                            "fulcrum.inbound.retries",
                            "outcome",
                            outcome.status().wireName())
                    .increment();
            return outcome;
        } catch (NotOpen notOpen) {
            throw notOpen.problem;
        } catch (RuntimeException refused) {
            rethrowIfTransient(refused);
            String reason = reason(refused);
            List<FieldProblem> problems = problems(refused);
            transactions.executeWithoutResult(tx -> deadLetters.failedAgain(id, reason, problems, clock.instant()));
            meters.counter("fulcrum.inbound.retries", "outcome", "dead-lettered")
                    .increment();
            return outcome(InboundOutcome.Status.DEAD_LETTERED, document, hint, reason, problems, id);
        }
    }

    /**
     * Closes an open dead letter without applying it, with the reason (it was handled another way).
     *
     * @throws ApiProblem 400 without a reason, 404 when there is no such dead letter, 409 when it is not open
     */
    public DeadLetter discard(UUID id, @Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiProblem.invalid("reason", "is required: say why the document is not applied");
        }
        if (reason.length() > 500) {
            throw ApiProblem.invalid("reason", "must be at most 500 characters");
        }
        RequestContext operator = RequestContext.require();
        try {
            return Objects.requireNonNull(transactions.execute(tx -> {
                DeadLetter letter = deadLetters.lock(id).orElseThrow(() -> notFound(id));
                requireOpen(letter);
                deadLetters.resolve(
                        id, DeadLetter.DISCARDED, letter.document(), reason.strip(), operator.actor(), clock.instant());
                return deadLetters.find(id).orElseThrow(() -> notFound(id));
            }));
        } catch (NotOpen notOpen) {
            throw notOpen.problem;
        }
    }

    /** Refusals of a dead letter that is no longer open, kept apart from the failures a retry records. */
    @SuppressWarnings("serial") // never serialized
    private static final class NotOpen extends RuntimeException {
        private final ApiProblem problem;

        NotOpen(ApiProblem problem) {
            super(problem.getMessage(), null, false, false);
            this.problem = problem;
        }
    }

    /** Inside a transaction: a dead letter closed meanwhile ends the transaction without counting as a failure. */
    private static void requireOpen(DeadLetter letter) {
        if (!letter.open()) {
            throw new NotOpen(closed(letter));
        }
    }

    private static ApiProblem closed(DeadLetter letter) {
        return ApiProblem.conflict(
                "dead-letter-closed", "dead letter " + letter.id() + " is " + letter.status() + " already");
    }

    private static InboundOutcome outcome(
            InboundOutcome.Status status,
            InboundDocument document,
            @Nullable String subject,
            @Nullable String reason,
            List<FieldProblem> problems,
            @Nullable UUID deadLetterId) {
        return new InboundOutcome(
                status,
                document.source(),
                document.id(),
                document.type().name(),
                subject,
                reason,
                problems,
                deadLetterId);
    }

    /** The actions run as the sending system, so the audit log and the order's timeline name it. */
    private static RequestContext asSource(InboundDocument document) {
        return new RequestContext(document.tenant(), actor(document.source()), requestId());
    }

    private static String actor(@Nullable String source) {
        return "inbound:" + (source == null ? "unknown" : source);
    }

    private static String requestId() {
        return RequestContext.current()
                .map(RequestContext::requestId)
                .orElseGet(() -> UUID.randomUUID().toString());
    }

    /** What the document is about before it is resolved: the order id or channel/external id, or location/SKU. */
    private static @Nullable String subjectHint(JsonNode data) {
        if (data.hasNonNull("orderId")) {
            return data.get("orderId").asString();
        }
        if (data.hasNonNull("channel") && data.hasNonNull("externalId")) {
            return data.get("channel").asString() + "/" + data.get("externalId").asString();
        }
        if (data.hasNonNull("locationId") && data.hasNonNull("sku")) {
            return data.get("locationId").asString() + "/" + data.get("sku").asString();
        }
        return null;
    }

    /** Failures of the database itself are not the document's fault: the caller tries the document again later. */
    private static void rethrowIfTransient(RuntimeException failure) {
        if (failure instanceof TransientDataAccessException
                || failure instanceof RecoverableDataAccessException
                || failure instanceof DataAccessResourceFailureException
                || failure instanceof CannotCreateTransactionException
                || failure instanceof TransactionSystemException) {
            throw failure;
        }
    }

    private static String reason(RuntimeException refused) {
        if (refused instanceof ApiProblem problem) {
            return problem.getMessage();
        }
        String message = refused.getMessage();
        return refused.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static List<FieldProblem> problems(RuntimeException refused) {
        return refused instanceof ApiProblem problem ? problem.errors() : List.of();
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("dead letter " + id + " does not exist");
    }
}

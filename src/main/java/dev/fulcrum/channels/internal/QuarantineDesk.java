package dev.fulcrum.channels.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.channels.QuarantinedPayload;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Works the quarantine: reprocess an entry with the connection's current mapping, or discard it with a reason. */
@Service
public class QuarantineDesk {

    private final QuarantineEntries entries;
    private final Connections connections;
    private final ChannelIntake intake;
    private final AuditLog audit;
    private final Clock clock;

    QuarantineDesk(
            QuarantineEntries entries, Connections connections, ChannelIntake intake, AuditLog audit, Clock clock) {
        this.entries = entries;
        this.connections = connections;
        this.intake = intake;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Runs the stored payload through intake again. When it now becomes (or updates) an order, the entry is resolved
     * as reprocessed; otherwise it stays open with the new reasons, and the problems are returned.
     */
    @Transactional
    public ChannelIntake.Outcome reprocess(UUID id) {
        QuarantinedPayload entry = open(id);
        StoredConnection connection = connections.get(entry.connectionId());
        ChannelIntake.Outcome outcome = intake.apply(connection, entry.topic(), entry.contentType(), entry.body());
        if (outcome.isRejected()) {
            entries.reasons(id, outcome.problems());
            return new ChannelIntake.Outcome(
                    "quarantined", null, id, outcome.problems(), "still cannot become an order");
        }
        entries.resolve(
                id,
                "reprocessed",
                null,
                outcome.orderId() == null ? null : new OrderId(outcome.orderId()),
                clock.instant());
        audit.record(
                "channel.quarantine.reprocessed",
                "quarantine",
                id.toString(),
                Map.of("result", outcome.result(), "orderId", String.valueOf(outcome.orderId())));
        return new ChannelIntake.Outcome(outcome.result(), outcome.orderId(), id, outcome.problems(), outcome.detail());
    }

    @Transactional
    public QuarantinedPayload discard(UUID id, @Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiProblem.invalid("reason", "is required: say why the payload is discarded");
        }
        open(id);
        entries.resolve(id, "discarded", reason.strip(), null, clock.instant());
        audit.record("channel.quarantine.discarded", "quarantine", id.toString(), Map.of("reason", reason.strip()));
        return entries.lock(id).orElseThrow();
    }

    private QuarantinedPayload open(UUID id) {
        QuarantinedPayload entry =
                entries.lock(id).orElseThrow(() -> ApiProblem.notFound("quarantine entry " + id + " does not exist"));
        if (!"open".equals(entry.status())) {
            throw ApiProblem.conflict("already-resolved", "quarantine entry " + id + " was already " + entry.status());
        }
        return entry;
    }
}

package dev.fulcrum.channels;

import dev.fulcrum.channels.internal.ChannelIntake;
import dev.fulcrum.channels.internal.Connections;
import dev.fulcrum.channels.internal.Imports;
import dev.fulcrum.channels.internal.QuarantineDesk;
import dev.fulcrum.channels.internal.QuarantineEntries;
import dev.fulcrum.shared.FieldProblem;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * What people do with channels, for the console: read connections, try and save a mapping, start an import and follow
 * it, work the quarantine. The same logic as the channel API behind it; the caller's {@code RequestContext} names the
 * tenant and the actor. Refusals are {@link dev.fulcrum.shared.ApiProblem}s naming the field and the reason.
 */
@Service
public class ChannelManagement {

    private final Connections connections;
    private final ChannelIntake intake;
    private final Imports imports;
    private final QuarantineEntries quarantine;
    private final QuarantineDesk desk;

    ChannelManagement(
            Connections connections,
            ChannelIntake intake,
            Imports imports,
            QuarantineEntries quarantine,
            QuarantineDesk desk) {
        this.connections = connections;
        this.intake = intake;
        this.imports = imports;
        this.quarantine = quarantine;
        this.desk = desk;
    }

    /** What a mapping makes of a sample: the canonical order (null when nothing could be mapped) and every problem. */
    public record MappingTrial(boolean valid, @Nullable JsonNode order, List<FieldProblem> problems) {}

    /** What reprocessing a quarantined payload did: the order it became, or every reason it still cannot. */
    public record Reprocessed(String result, @Nullable UUID orderId, List<FieldProblem> problems) {

        public boolean becameOrder() {
            return problems.isEmpty() && !"quarantined".equals(result);
        }
    }

    @Transactional(readOnly = true)
    public List<Connection> connections() {
        return connections.list().stream().map(c -> c.view()).toList();
    }

    /** The connection {@code id} of the tenant. @throws dev.fulcrum.shared.ApiProblem 404 when it has no such one */
    @Transactional(readOnly = true)
    public Connection connection(UUID id) {
        return connections.get(id).view();
    }

    /** Runs {@code sample} through {@code mapping} (the connection's own when null) and the order contract; stores nothing. */
    @Transactional(readOnly = true)
    public MappingTrial tryMapping(UUID connectionId, @Nullable String mapping, String sample) {
        Map<String, Object> result = intake.tryMapping(connections.get(connectionId), mapping, "document", sample);
        @SuppressWarnings("unchecked")
        List<FieldProblem> problems = (List<FieldProblem>) result.getOrDefault("problems", List.of());
        return new MappingTrial(Boolean.TRUE.equals(result.get("valid")), (JsonNode) result.get("order"), problems);
    }

    /** Saves a new JSONata mapping; it applies to the next document, without a restart. */
    public Connection saveMapping(UUID connectionId, String mapping) {
        try {
            dev.fulcrum.channels.internal.JsonataMapping.check(mapping);
        } catch (dev.fulcrum.channels.internal.MappingFailure invalid) {
            throw dev.fulcrum.shared.ApiProblem.invalid(invalid.problems());
        }
        return connections
                .update(
                        connectionId,
                        new Connections.Settings(null, null, null, null, null, mapping, null, null, null, null, null))
                .view();
    }

    /** Starts importing a CSV or JSON Lines file as a background job; returns at once. */
    public ImportProgress startImport(UUID connectionId, String format, byte[] content) {
        return imports.start(connections.get(connectionId), format, content);
    }

    public ImportProgress importProgress(UUID importId) {
        return imports.get(importId);
    }

    /** Quarantined payloads of one status (open, reprocessed, discarded; every status when null), newest first. */
    @Transactional(readOnly = true)
    public List<QuarantinedPayload> quarantine(@Nullable String status, int limit) {
        return quarantine.list(status, null, limit);
    }

    public Reprocessed reprocess(UUID quarantineId) {
        ChannelIntake.Outcome outcome = desk.reprocess(quarantineId);
        return new Reprocessed(
                outcome.result(), outcome.orderId(), outcome.isRejected() ? outcome.problems() : List.of());
    }

    /** Discards a quarantined payload. @throws dev.fulcrum.shared.ApiProblem 400 without a reason (audited with it) */
    public QuarantinedPayload discard(UUID quarantineId, @Nullable String reason) {
        return desk.discard(quarantineId, reason);
    }
}

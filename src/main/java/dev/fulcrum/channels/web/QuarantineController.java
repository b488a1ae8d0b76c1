package dev.fulcrum.channels.web;

import dev.fulcrum.channels.QuarantinedPayload;
import dev.fulcrum.channels.internal.ChannelIntake;
import dev.fulcrum.channels.internal.QuarantineDesk;
import dev.fulcrum.channels.internal.QuarantineEntries;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Payloads that are authentic but could not become orders: list, read, reprocess, discard. */
@RestController
@RequestMapping("/api/v1/quarantine")
@Tag(name = "Quarantine")
class QuarantineController {

    private static final Set<String> STATUSES = Set.of("open", "reprocessed", "discarded");

    private final QuarantineEntries entries;
    private final QuarantineDesk desk;

    QuarantineController(QuarantineEntries entries, QuarantineDesk desk) {
        this.entries = entries;
        this.desk = desk;
    }

    @GetMapping
    @Transactional(readOnly = true)
    @Operation(
            summary = "List quarantined payloads, newest first",
            description =
                    "status: open (default), reprocessed, "
                            + "discarded or all; connectionId filters by connection. Each entry carries its raw body and every reason.")
    Map<String, Object> list(
            @RequestParam(defaultValue = "open") String status,
            @RequestParam(required = false) @Nullable String connectionId,
            @Parameter(
                            description = "Entries per page, at most 500",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(defaultValue = "50")
                    int limit) {
        if (!"all".equals(status) && !STATUSES.contains(status)) {
            throw ApiProblem.invalid("status", "must be one of open, reprocessed, discarded, all");
        }
        RequestLimits.pageSize("limit", limit, 500);
        UUID connection = null;
        if (connectionId != null && !connectionId.isBlank()) {
            try {
                connection = UUID.fromString(connectionId.strip());
            } catch (IllegalArgumentException notAnId) {
                throw ApiProblem.invalid("connectionId", "is not a connection id");
            }
        }
        return Map.of("items", entries.list("all".equals(status) ? null : status, connection, limit));
    }

    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    QuarantinedPayload get(@PathVariable String id) {
        return entries.lock(uuid(id))
                .orElseThrow(() -> ApiProblem.notFound("quarantine entry " + id + " does not exist"));
    }

    @PostMapping("/{id}/reprocess")
    @Operation(
            summary = "Run the payload through intake again (after fixing the mapping)",
            description =
                    "200 with the "
                            + "order when it now maps; 422 with every remaining reason when it still does not (the entry stays open).")
    ResponseEntity<ChannelIntake.Outcome> reprocess(@PathVariable String id) {
        ChannelIntake.Outcome outcome = desk.reprocess(uuid(id));
        return ResponseEntity.status(outcome.isRejected() ? 422 : 200).body(outcome);
    }

    @PostMapping("/{id}/discard")
    @Operation(summary = "Discard a payload", description = "Body: {\"reason\": \"...\"} (required; audited)")
    QuarantinedPayload discard(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        JsonNode reason = body == null ? null : body.get("reason");
        if (reason != null && !reason.isNull() && !reason.isString()) {
            throw ApiProblem.invalid("reason", "must be a string");
        }
        return desk.discard(uuid(id), reason == null || reason.isNull() ? null : reason.stringValue());
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("quarantine entry " + id + " does not exist");
        }
    }
}

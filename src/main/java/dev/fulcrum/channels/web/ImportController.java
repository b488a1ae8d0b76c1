package dev.fulcrum.channels.web;

import dev.fulcrum.channels.ImportProgress;
import dev.fulcrum.channels.internal.Connections;
import dev.fulcrum.channels.internal.Imports;
import dev.fulcrum.shared.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Bulk imports: start one with a file, follow its progress. */
@RestController
@RequestMapping("/api/v1/imports")
@Tag(name = "Imports")
class ImportController {

    private final Imports imports;
    private final Connections connections;

    ImportController(Imports imports, Connections connections) {
        this.imports = imports;
        this.connections = connections;
    }

    @PostMapping
    @Operation(
            summary = "Import orders from a file",
            description = "Query: connectionId (required: orders take its "
                    + "channel and dedupe identity), format csv or jsonl (default from Content-Type: text/csv or "
                    + "application/x-ndjson). CSV: a header row and one row per order line (see the channels guide). Answers 202 "
                    + "with the import; follow GET /api/v1/imports/{id}. A file over fulcrum.limits.max-import-bytes "
                    + "(200 MB by default) is refused with 413 on its Content-Length, before it is read.")
    ResponseEntity<ImportProgress> start(
            @RequestParam(required = false) @Nullable String connectionId,
            @RequestParam(required = false) @Nullable String format,
            @RequestHeader(name = "Content-Type", required = false) @Nullable String contentType,
            @RequestBody(required = false) byte @Nullable [] body) {
        if (connectionId == null || connectionId.isBlank()) {
            throw ApiProblem.invalid("connectionId", "is required: the connection the orders come from");
        }
        UUID connection;
        try {
            connection = UUID.fromString(connectionId.strip());
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.invalid("connectionId", "is not a connection id");
        }
        String resolved = format != null
                ? format.strip().toLowerCase(java.util.Locale.ROOT)
                : contentType != null && contentType.startsWith("text/csv")
                        ? "csv"
                        : contentType != null && (contentType.contains("ndjson") || contentType.contains("jsonl"))
                                ? "jsonl"
                                : null;
        if (resolved == null) {
            throw ApiProblem.invalid(
                    "format", "is required: csv or jsonl (or send Content-Type text/csv or application/x-ndjson)");
        }
        ImportProgress progress =
                imports.start(connections.get(connection), resolved, body == null ? new byte[0] : body);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/imports/" + progress.id()))
                .body(progress);
    }

    @GetMapping("/{id}")
    @Operation(summary = "An import's progress: rows read, orders placed, duplicates, updated, quarantined, status")
    ImportProgress get(@PathVariable String id) {
        try {
            return imports.get(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("import " + id + " does not exist");
        }
    }
}

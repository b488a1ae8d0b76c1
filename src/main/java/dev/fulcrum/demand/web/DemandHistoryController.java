package dev.fulcrum.demand.web;

import dev.fulcrum.demand.DemandHistory;
import dev.fulcrum.demand.HistoryImport;
import dev.fulcrum.demand.HistoryMapping;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Weekly demand history: import a CSV file with a column mapping, follow the import's progress. */
@RestController
@RequestMapping("/api/v1/demand/history")
@Tag(name = "Demand")
class DemandHistoryController {

    private static final Set<String> MAPPING_FIELDS = Set.of(
            "weekColumn",
            "locationColumn",
            "skuColumn",
            "quantityColumn",
            "holidayColumn",
            "dateFormat",
            "dates",
            "location",
            "sku");
    private static final String DESCRIPTION = "The body is the CSV file (Content-Type text/csv), or a multipart form"
            + " with the part file and an optional JSON part mapping. Default columns: week (ISO date of the week's"
            + " first day), location, sku, quantity, holiday (0/1, optional). The mapping (query parameters, or the"
            + " mapping part) may name other columns (weekColumn, locationColumn, skuColumn, quantityColumn,"
            + " holidayColumn), a dateFormat (e.g. dd-MM-yyyy), dates=days to add up daily rows or invoice lines into"
            + " ISO weeks, and a constant location or sku for files without that column. Answers 202 with the import;"
            + " follow GET /api/v1/demand/history/imports/{id}. Files over fulcrum.limits.max-import-bytes (200 MB)"
            + " are refused with 413.";

    private final DemandHistory history;
    private final JsonMapper json;

    DemandHistoryController(DemandHistory history, JsonMapper json) {
        this.history = history;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Import weekly demand history from an uploaded file", description = DESCRIPTION)
    ResponseEntity<HistoryImport> upload(
            @RequestPart(name = "file", required = false) @Nullable MultipartFile file,
            @RequestPart(name = "mapping", required = false) @Nullable String mapping) {
        if (file == null || file.isEmpty()) {
            throw ApiProblem.invalid("file", "is required: the CSV file of weekly demand");
        }
        HistoryMapping parsed = mapping == null || mapping.isBlank() ? HistoryMapping.DEFAULT : mappingOf(mapping);
        try {
            return accepted(history.start(parsed, file.getInputStream()));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    @PostMapping
    @Operation(summary = "Import weekly demand history from a CSV body", description = DESCRIPTION)
    ResponseEntity<HistoryImport> start(
            @RequestParam(required = false) @Nullable String weekColumn,
            @RequestParam(required = false) @Nullable String locationColumn,
            @RequestParam(required = false) @Nullable String skuColumn,
            @RequestParam(required = false) @Nullable String quantityColumn,
            @RequestParam(required = false) @Nullable String holidayColumn,
            @RequestParam(required = false) @Nullable String dateFormat,
            @RequestParam(required = false) @Nullable String dates,
            @RequestParam(required = false) @Nullable String location,
            @RequestParam(required = false) @Nullable String sku,
            HttpServletRequest request)
            throws IOException {
        HistoryMapping mapping = HistoryMapping.of(
                weekColumn, locationColumn, skuColumn, quantityColumn, holidayColumn, dateFormat, dates, location, sku);
        return accepted(history.start(mapping, request.getInputStream()));
    }

    @GetMapping("/imports/{id}")
    @Operation(summary = "A demand history import's progress: rows read, loaded, rejected (with problems), status")
    HistoryImport get(@PathVariable String id) {
        try {
            return history.get(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("demand history import " + id + " does not exist");
        }
    }

    private HistoryMapping mappingOf(String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException malformed) {
            throw ApiProblem.invalid("mapping", "is not well-formed JSON: " + malformed.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw ApiProblem.invalid("mapping", "must be a JSON object");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, @Nullable String> values = new java.util.HashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!MAPPING_FIELDS.contains(field.getKey())) {
                problems.add(new FieldProblem(
                        "mapping." + field.getKey(),
                        "is not a mapping field ("
                                + String.join(
                                        ", ", MAPPING_FIELDS.stream().sorted().toList()) + ")"));
            } else if (!field.getValue().isString() && !field.getValue().isNull()) {
                problems.add(new FieldProblem("mapping." + field.getKey(), "must be a string"));
            } else {
                values.put(
                        field.getKey(),
                        field.getValue().isNull() ? null : field.getValue().asString());
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        return HistoryMapping.of(
                values.get("weekColumn"),
                values.get("locationColumn"),
                values.get("skuColumn"),
                values.get("quantityColumn"),
                values.get("holidayColumn"),
                values.get("dateFormat"),
                values.get("dates"),
                values.get("location"),
                values.get("sku"));
    }

    private static ResponseEntity<HistoryImport> accepted(HistoryImport started) {
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/demand/history/imports/" + started.id()))
                .body(started);
    }
}

package dev.fulcrum.contracts.web;

import dev.fulcrum.contracts.ContractDocument;
import dev.fulcrum.contracts.Contracts;
import dev.fulcrum.shared.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The data contract registry. See docs/guide/contracts.md. */
@RestController
@RequestMapping("/api/v1/contracts")
@Tag(name = "Contracts")
class ContractController {

    private final Contracts contracts;
    private final JsonMapper json;

    ContractController(Contracts contracts, JsonMapper json) {
        this.contracts = contracts;
        this.json = json;
    }

    @GetMapping
    @Operation(summary = "Every data contract with its active version")
    Map<String, Object> list() {
        return Map.of("items", contracts.list());
    }

    @GetMapping("/{name}")
    @Operation(
            summary = "A contract: its active version and every version, newest first",
            description = "Each field with its meaning in English and Chinese, type, unit, source, owner and whether "
                    + "it is required; the quality rules (CEL, hard or soft); the freshness objective and quality "
                    + "threshold. Version 1 is the one Fulcrum ships.")
    Contracts.Contract get(@PathVariable String name) {
        return contracts.get(name);
    }

    @PutMapping("/{name}")
    @Operation(
            summary = "Store a new version of a contract as a draft",
            description = "The body is a whole contract document (as under `active` of GET). It is checked: both "
                    + "languages everywhere, fields the code knows, rule names unique, rules about declared fields, "
                    + "CEL that compiles; at most 500 fields and 200 rules of 2,000 characters. Activate it with "
                    + "POST .../versions/{version}/activate.")
    ResponseEntity<Contracts.Version> put(
            @PathVariable String name, @RequestBody(required = false) @Nullable JsonNode body) {
        ContractDocument document = null;
        if (body != null && !body.isNull()) {
            if (!body.isObject()) {
                throw ApiProblem.invalid("body", "must be a contract document (a JSON object)");
            }
            try {
                document = json.treeToValue(body, ContractDocument.class);
            } catch (JacksonException unreadable) {
                throw ApiProblem.invalid("body", "is not a contract document: " + unreadable.getOriginalMessage());
            }
        }
        Contracts.Version version = contracts.put(name, document);
        return ResponseEntity.status(201).body(version);
    }

    @GetMapping(
            value = "/{name}/schema",
            produces = {"application/schema+json", MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "The JSON Schema (2020-12) generated from the active version, or from ?version=")
    Map<String, Object> schema(@PathVariable String name, @RequestParam(required = false) @Nullable Integer version) {
        return contracts.schema(name, version);
    }

    @GetMapping("/{name}/versions/{version}")
    @Operation(summary = "One version's contract document")
    ContractDocument version(@PathVariable String name, @PathVariable int version) {
        return contracts.document(name, version);
    }

    @PostMapping("/{name}/versions/{version}/dry-run")
    @Operation(
            summary = "Check a version against recent input without activating it",
            description = "Reads the subjects (orders) of the last `days` days (1–90, default 7), at most `limit` "
                    + "(1–10,000, default 1,000), newest first, and reports how many the version would refuse, how "
                    + "many of those the active version accepts, how many it would flag, with up to 10 examples. "
                    + "The result is recorded on the version: a stricter version needs one before activation.")
    Map<String, Object> dryRun(
            @PathVariable String name,
            @PathVariable int version,
            @RequestParam(defaultValue = "7") int days,
            @RequestParam(defaultValue = "1000") int limit) {
        return contracts.dryRun(name, version, days, limit);
    }

    @PostMapping("/{name}/versions/{version}/activate")
    @Operation(
            summary = "Make a version the one intake checks against (1: back to the shipped one)",
            description = "A version with a new or changed hard rule, or a newly required field, may refuse input "
                    + "the active version accepts: without a recorded dry run it is refused with 409 dry-run-required.")
    Contracts.Contract activate(@PathVariable String name, @PathVariable int version) {
        return contracts.activate(name, version);
    }

    @GetMapping("/{name}/quality")
    @Operation(
            summary = "The share of recent subjects that passed every soft rule, against the contract's threshold",
            description = "`window` is an ISO 8601 duration from PT1M to P7D (default PT1H).")
    Map<String, Object> quality(@PathVariable String name, @RequestParam(defaultValue = "PT1H") String window) {
        Duration duration;
        try {
            duration = Duration.parse(window);
        } catch (DateTimeParseException notDuration) {
            throw ApiProblem.invalid("window", "must be an ISO 8601 duration such as PT1H");
        }
        return contracts.quality(name, duration);
    }
}

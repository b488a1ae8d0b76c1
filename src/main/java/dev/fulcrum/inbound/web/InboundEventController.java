package dev.fulcrum.inbound.web;

import dev.fulcrum.inbound.DeadLetter;
import dev.fulcrum.inbound.Delivery;
import dev.fulcrum.inbound.InboundEvents;
import dev.fulcrum.inbound.InboundOutcome;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inbound documents over HTTP: the same CloudEvents the inbound Kafka topics carry, one ({@code
 * application/cloudevents+json}) or a batch ({@code application/cloudevents-batch+json}, a JSON array), applied in
 * request order; and the dead letters, to list, retry and discard.
 */
@RestController
@Tag(name = "Inbound events")
class InboundEventController {

    /** The most documents one request carries. */
    static final int MAX_DOCUMENTS = 1000;

    static final int MAX_PAGE_SIZE = InboundEvents.MAX_PAGE;

    private final InboundEvents inbound;
    private final JsonMapper json;

    InboundEventController(InboundEvents inbound, JsonMapper json) {
        this.inbound = inbound;
        this.json = json;
    }

    @PostMapping(
            path = "/api/v1/inbound-events",
            consumes = {"application/json", "application/cloudevents+json", "application/cloudevents-batch+json"})
    @Operation(
            summary = "Report what happened: shipment confirmed, delivered, delivery failed, stock adjusted, payment "
                    + "captured or refunded",
            description = "Body: one CloudEvents 1.0 structured JSON document, or a JSON array of at most 1000 (a "
                    + "batch), of the inbound types in docs/events.md, for example {\"specversion\": \"1.0\", \"id\": "
                    + "\"wh-sh-000123\", \"source\": \"/warehouses/sh\", \"type\": "
                    + "\"dev.fulcrum.inbound.shipment-confirmed.v1\", \"data\": {\"orderId\": \"...\", \"lines\": "
                    + "[{\"lineNo\": 1, \"quantity\": 2}], \"carrier\": \"SF\", \"trackingNumber\": \"SF123\"}}. "
                    + "Applied in request order, each once per source and id. 202 with one result per document: "
                    + "applied, duplicate (done before: nothing done) or dead-lettered with the reason and the dead "
                    + "letter's id.")
    ResponseEntity<Map<String, Object>> receive(@RequestBody byte[] body) {
        List<byte[]> documents = documents(body);
        RequestContext caller = RequestContext.require();
        List<InboundOutcome> results = new ArrayList<>(documents.size());
        for (byte[] document : documents) {
            results.add(
                    inbound.receive(document, caller.tenantId(), Delivery.rest(), InboundEvents.DeadLetterSink.NONE));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", results.size());
        answer.put("applied", count(results, InboundOutcome.Status.APPLIED));
        answer.put("duplicates", count(results, InboundOutcome.Status.DUPLICATE));
        answer.put("deadLettered", count(results, InboundOutcome.Status.DEAD_LETTERED));
        answer.put("results", results);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    @GetMapping("/api/v1/inbound-events/dead-letters")
    @Operation(
            summary = "Inbound documents that could not be applied",
            description = "status: open (default), retried or discarded; newest first, at most 500 a page "
                    + "(default 50); follow next with before.")
    Map<String, Object> deadLetters(
            @RequestParam(defaultValue = "open") String status,
            @RequestParam(required = false) @Nullable String before,
            @RequestParam(defaultValue = "50") int limit) {
        InboundEvents.DeadLetterPage page =
                inbound.deadLetters(status, before == null ? null : uuid("before", before), limit);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deadLetters", page.deadLetters());
        answer.put("next", page.next());
        return answer;
    }

    @GetMapping("/api/v1/inbound-events/dead-letters/{id}")
    @Operation(summary = "One dead letter, with the document as received and the reason")
    DeadLetter deadLetter(@PathVariable String id) {
        return inbound.deadLetter(deadLetterId(id));
    }

    @PostMapping("/api/v1/inbound-events/dead-letters/{id}/retry")
    @Operation(
            summary = "Apply a dead letter again after a fix",
            description = "Without a body the document as stored is applied again (for example once the order "
                    + "exists); with a body, that corrected document (same source and id) replaces it. Applied "
                    + "exactly once: the answer is applied, duplicate (it had been applied meanwhile) or "
                    + "dead-lettered with the new reason (the dead letter stays open). 409 when it is not open.")
    InboundOutcome retry(@PathVariable String id, @RequestBody(required = false) byte @Nullable [] corrected) {
        UUID deadLetterId = deadLetterId(id);
        byte[] document = corrected == null || corrected.length == 0 ? null : corrected;
        if (document != null) {
            List<byte[]> documents = documents(document);
            if (documents.size() != 1) {
                throw ApiProblem.invalid("body", "must be one document, not a batch");
            }
        }
        return inbound.retry(deadLetterId, document);
    }

    @PostMapping("/api/v1/inbound-events/dead-letters/{id}/discard")
    @Operation(
            summary = "Close a dead letter without applying it",
            description = "Body: {\"reason\": \"handled by hand\"} (required). 409 when it is not open.")
    DeadLetter discard(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "reason");
        String reason = fields.text("reason", true);
        fields.throwIfInvalid();
        return inbound.discard(deadLetterId(id), reason);
    }

    /** The documents of a body: one object, or each element of an array; capped before any is applied. */
    private List<byte[]> documents(byte[] body) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException notJson) {
            throw ApiProblem.invalid("body", "must be a CloudEvents JSON document or a JSON array of them");
        }
        if (tree == null || tree.isMissingNode() || (!tree.isObject() && !tree.isArray())) {
            throw ApiProblem.invalid("body", "must be a CloudEvents JSON document or a JSON array of them");
        }
        if (tree.isObject()) {
            return List.of(body);
        }
        if (tree.isEmpty()) {
            throw ApiProblem.invalid("body", "must hold at least one document");
        }
        RequestLimits.atMost("body", tree.size(), MAX_DOCUMENTS, "documents per request");
        List<byte[]> documents = new ArrayList<>(tree.size());
        for (JsonNode document : tree) {
            documents.add(json.writeValueAsBytes(document));
        }
        return documents;
    }

    private static long count(List<InboundOutcome> results, InboundOutcome.Status status) {
        return results.stream().filter(result -> result.status() == status).count();
    }

    private static UUID deadLetterId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("dead letter " + id + " does not exist");
        }
    }

    private static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.invalid(field, "must be the next of a previous page");
        }
    }
}

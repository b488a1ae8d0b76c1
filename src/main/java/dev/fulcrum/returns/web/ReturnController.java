package dev.fulcrum.returns.web;

import dev.fulcrum.database.IdempotencyKeys;
import dev.fulcrum.returns.ClaimCreated;
import dev.fulcrum.returns.NewReturn;
import dev.fulcrum.returns.ReceivedLine;
import dev.fulcrum.returns.Return;
import dev.fulcrum.returns.ReturnPolicy;
import dev.fulcrum.returns.ReturnQuery;
import dev.fulcrum.returns.ReturnStatus;
import dev.fulcrum.returns.Returns;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.ListQueries;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The returns API: request returns of an order, list and read them, move them on, and read or replace the policy. */
@RestController
@Tag(name = "Returns")
class ReturnController {

    /** An order has at most 1,000 lines, so no request about its lines needs more. */
    static final int MAX_LINES = 1000;

    static final int MAX_PAGE_SIZE = 500;

    private final Returns returns;
    private final IdempotencyKeys idempotencyKeys;
    private final JsonMapper json;

    ReturnController(Returns returns, IdempotencyKeys idempotencyKeys, JsonMapper json) {
        this.returns = returns;
        this.idempotencyKeys = idempotencyKeys;
        this.json = json;
    }

    @PostMapping("/api/v1/orders/{id}/returns")
    @Operation(
            summary = "Request a return of delivered units",
            description = "Body: {\"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, \"reason\": \"damaged\"}], "
                    + "\"resolution\": \"refund\", \"method\": \"drop_off\", \"note\": \"...\"}. The policy approves it, "
                    + "sends it to review or rejects it, explaining which rule decided. Honours Idempotency-Key. "
                    + "An exchange line may name \"replacement\": {\"sku\", \"quantity\", \"unitPrice\"}; the price "
                    + "difference is refunded or becomes the replacement order's balance due. "
                    + "409 naming the line when it has fewer units returnable.")
    ResponseEntity<JsonNode> request(
            @PathVariable String id,
            @RequestBody(required = false) @Nullable JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        OrderId orderId = orderId(id);
        NewReturn request = newReturn(body);
        if (idempotencyKey == null) {
            Return created = returns.request(orderId, request);
            return ResponseEntity.created(location(created.id())).body(json.valueToTree(created));
        }
        IdempotencyKeys.StoredResponse response = idempotencyKeys.run(
                "POST /api/v1/orders/{id}/returns " + orderId,
                idempotencyKey,
                json.writeValueAsString(body),
                () -> new IdempotencyKeys.StoredResponse(201, json.valueToTree(returns.request(orderId, request))));
        return ResponseEntity.status(response.status())
                .location(location(UUID.fromString(response.body().path("id").asString())))
                .body(response.body());
    }

    @PostMapping("/api/v1/orders/{id}/claims")
    @Operation(
            summary = "Claim units damaged, lost or wrong after they shipped",
            description = "Body: {\"type\": \"lost\", \"resolution\": \"reship\", \"lines\": [{\"sku\": \"TEA-001\", "
                    + "\"quantity\": 1}], \"note\": \"...\"}; a reship claim places a linked replacement order, a refund "
                    + "claim refunds the units without a return (event return.refunded, reported to the channel).")
    ResponseEntity<ClaimCreated> claim(
            @PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        OrderId orderId = orderId(id);
        if (body == null || body.isNull()) {
            throw ApiProblem.invalid("body", "is required");
        }
        JsonFields fields = new JsonFields(body, "type", "resolution", "lines", "note");
        String type = fields.oneOf("type", ClaimCreated.TYPES, null);
        if (fields.node("type") == null) {
            fields.problem("type", "is required");
        }
        String resolution = fields.oneOf("resolution", ClaimCreated.RESOLUTIONS, "reship");
        String note = fields.text("note", false);
        List<NewReturn.RequestedLine> lines = new ArrayList<>();
        JsonNode array = fields.node("lines");
        RequestLimits.atMost("lines", array == null ? 0 : array.size(), MAX_LINES, "lines per request");
        if (array == null || !array.isArray() || array.isEmpty()) {
            fields.problem("lines", "must be a non-empty array");
        } else {
            for (int i = 0; i < array.size(); i++) {
                JsonFields line = fields.nested("lines[" + i + "]", array.get(i), "lineNo", "sku", "quantity");
                Integer lineNo = line.integer("lineNo", false, 1, 100_000);
                String sku = line.text("sku", false);
                Integer quantity = line.integer("quantity", true, 1, 1_000_000);
                if (lineNo == null && sku == null) {
                    line.problem("sku", "name the line by lineNo or sku");
                }
                lines.add(new NewReturn.RequestedLine(
                        lineNo, sku, quantity == null ? 0 : quantity, type == null ? "" : type));
            }
        }
        fields.throwIfInvalid();
        ClaimCreated claim = returns.claim(
                orderId, type == null ? "" : type, resolution == null ? "reship" : resolution, lines, note);
        return ResponseEntity.status(201).body(claim);
    }

    @GetMapping("/api/v1/orders/{id}/returns")
    @Operation(summary = "The returns of an order, oldest first")
    Map<String, Object> ofOrder(@PathVariable String id) {
        return Map.of("items", returns.forOrder(orderId(id)));
    }

    @GetMapping("/api/v1/returns")
    @Operation(
            summary = "List returns, newest first",
            description =
                    "Filters combine: status, reason (of any line), orderId, customer (the channel's customer id), "
                            + "from / to (requested at). Follow `nextCursor` for the next page.")
    Map<String, Object> list(
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String reason,
            @RequestParam(required = false) @Nullable String orderId,
            @RequestParam(required = false) @Nullable String customer,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE);
        ReturnStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = ReturnStatus.fromWireName(status.strip());
            } catch (IllegalArgumentException unknown) {
                throw ApiProblem.invalid("status", "must be one of " + ReturnStatus.wireNames());
            }
        }
        OrderId order = null;
        if (orderId != null && !orderId.isBlank()) {
            order = OrderId.parse(orderId.strip())
                    .orElseThrow(() -> ApiProblem.invalid("orderId", "must be an order id (a UUID)"));
        }
        ReturnQuery.Page page = returns.list(new ReturnQuery(
                wanted,
                blankToNull(reason),
                order,
                blankToNull(customer),
                ListQueries.instant("from", from),
                ListQueries.instant("to", to),
                position(cursor),
                limit));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("items", page.items());
        ReturnQuery.Position next = page.next();
        response.put(
                "nextCursor", next == null ? null : new ListQueries.Cursor(next.requestedAt(), next.id()).encode());
        return response;
    }

    @GetMapping("/api/v1/returns/{id}")
    @Operation(summary = "Read a return with its lines, refund, decision and timeline")
    Return get(@PathVariable String id) {
        return returns.get(returnId(id));
    }

    @PostMapping("/api/v1/returns/{id}/approve")
    @Operation(summary = "Approve a return waiting for review", description = "Body (optional): {\"note\": \"...\"}")
    Return approve(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "note");
        String note = fields.text("note", false);
        fields.throwIfInvalid();
        return returns.approve(returnId(id), note);
    }

    @PostMapping("/api/v1/returns/{id}/reject")
    @Operation(summary = "Reject a return not yet received", description = "Body: {\"reason\": \"...\"}")
    Return reject(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "reason");
        String reason = fields.text("reason", true);
        fields.throwIfInvalid();
        return returns.reject(returnId(id), reason == null ? "" : reason);
    }

    @PostMapping("/api/v1/returns/{id}/receive")
    @Operation(
            summary = "Receive returned units at a location",
            description = "Body: {\"locationId\": \"WH-1\", \"lines\": [{\"sku\": \"TEA-001\", \"quantity\": 1, "
                    + "\"condition\": \"sellable\"}]}; without locationId, at the return location. Sellable units go "
                    + "back on hand, damaged ones into the damaged "
                    + "quantity. 409 when more would be received than the return asked back.")
    Return receive(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "locationId", "lines");
        String locationId = fields.text("locationId", false);
        List<ReceivedLine> lines = new ArrayList<>();
        JsonNode array = fields.node("lines");
        RequestLimits.atMost("lines", array == null ? 0 : array.size(), MAX_LINES, "lines per request");
        if (array == null) {
            fields.problem("lines", "is required");
        } else if (!array.isArray()) {
            fields.problem("lines", "must be an array");
        } else {
            for (int i = 0; i < array.size(); i++) {
                JsonFields line =
                        fields.nested("lines[" + i + "]", array.get(i), "lineNo", "sku", "quantity", "condition");
                Integer lineNo = line.integer("lineNo", false, 1, 100_000);
                String sku = line.text("sku", false);
                Integer quantity = line.integer("quantity", true, 1, 1_000_000);
                String condition = line.oneOf("condition", ReceivedLine.CONDITIONS, "sellable");
                if (lineNo == null && sku == null) {
                    line.problem("sku", "name the line by lineNo or sku");
                }
                lines.add(new ReceivedLine(
                        lineNo, sku, quantity == null ? 0 : quantity, condition == null ? "sellable" : condition));
            }
        }
        fields.throwIfInvalid();
        return returns.receive(returnId(id), locationId == null ? null : new LocationId(locationId), lines);
    }

    @PostMapping("/api/v1/returns/{id}/pickup-scanned")
    @Operation(
            summary = "The carrier scanned the parcel",
            description = "Body (optional): {\"carrier\": \"SF\", \"trackingNumber\": \"...\"}; for a customer the "
                    + "policy trusts, the refund is paid now, while the parcel travels back.")
    Return pickupScanned(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "carrier", "trackingNumber");
        String carrier = fields.text("carrier", false);
        String tracking = fields.text("trackingNumber", false);
        fields.throwIfInvalid();
        return returns.pickupScanned(returnId(id), carrier, tracking);
    }

    @PostMapping("/api/v1/returns/{id}/offer-retention")
    @Operation(
            summary = "Offer a partial refund for the customer to keep the units",
            description = "Body: {\"amount\": \"5.00\"}. Only while the refund is held and nothing started back: 409 "
                    + "naming the reason once the parcel was scanned or units received; 400 when the amount exceeds the "
                    + "refundable amount.")
    Return offerRetention(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "amount");
        BigDecimal amount = fields.amount("amount", true);
        fields.throwIfInvalid();
        return returns.offerRetention(returnId(id), java.util.Objects.requireNonNull(amount));
    }

    @PostMapping("/api/v1/returns/{id}/accept-retention")
    @Operation(
            summary = "The customer accepts the retention offer",
            description = "Refunds the offered amount (return.refunded, reported to the channel), cancels the pickup "
                    + "and closes the return with the units kept (return.retention-accepted).")
    Return acceptRetention(@PathVariable String id) {
        return returns.acceptRetention(returnId(id));
    }

    @PostMapping("/api/v1/returns/{id}/decline-retention")
    @Operation(summary = "The customer declines the retention offer; the units come back as planned")
    Return declineRetention(@PathVariable String id) {
        return returns.declineRetention(returnId(id));
    }

    @PostMapping("/api/v1/returns/{id}/refund")
    @Operation(
            summary = "Pay a refund that is due",
            description = "409 when it was refunded already or still waits for the inspection or the pickup scan")
    Return refund(@PathVariable String id) {
        return returns.refund(returnId(id));
    }

    @PostMapping("/api/v1/returns/{id}/close")
    @Operation(summary = "Close a return", description = "Body (optional): {\"note\": \"...\"}")
    Return close(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "note");
        String note = fields.text("note", false);
        fields.throwIfInvalid();
        return returns.close(returnId(id), note);
    }

    @GetMapping("/api/v1/return-policy")
    @Operation(summary = "The return policy in force, with its version (0: the standard policy)")
    ReturnPolicy.Version policy() {
        return returns.policy();
    }

    @PutMapping("/api/v1/return-policy")
    @Operation(
            summary = "Replace the return policy with a new version",
            description = "Fields left out keep the standard policy's value. Conditions are CEL over order, request, "
                    + "customer and policy; see docs/guide/returns.md.")
    ReturnPolicy.Version replacePolicy(@RequestBody(required = false) @Nullable JsonNode body) {
        return returns.replacePolicy(policyOf(body));
    }

    private static ReturnPolicy policyOf(@Nullable JsonNode body) {
        if (body == null || body.isNull()) {
            throw ApiProblem.invalid("body", "is required");
        }
        ReturnPolicy standard = ReturnPolicy.standard();
        JsonFields fields = new JsonFields(
                body,
                "windowDays",
                "outsideWindow",
                "nonReturnable",
                "reasons",
                "inspectionReasons",
                "instantRefundWhen",
                "keepItBelow",
                "restockingFeePercent",
                "rules",
                "autoRefund",
                "returnLocation",
                "customerPaysReturnShipping");
        Integer windowDays = fields.integer("windowDays", false, 0, 3650);
        String outsideWindow = fields.oneOf("outsideWindow", ReturnPolicy.DECISIONS, standard.outsideWindow());
        String nonReturnable = fields.oneOf("nonReturnable", ReturnPolicy.DECISIONS, standard.nonReturnable());
        List<String> reasons = fields.strings("reasons");
        List<String> inspection = fields.strings("inspectionReasons");
        String instant = fields.text("instantRefundWhen", false);
        BigDecimal keepItBelow = fields.amount("keepItBelow", false);
        Map<String, BigDecimal> fees = new LinkedHashMap<>();
        JsonNode feeNode = fields.node("restockingFeePercent");
        if (feeNode != null) {
            if (!feeNode.isObject()) {
                fields.problem("restockingFeePercent", "must be an object of reason to percent");
            } else {
                JsonFields feeFields = fields.nested("restockingFeePercent", feeNode);
                for (String reason : feeNode.propertyNames()) {
                    BigDecimal percent = feeFields.amount(reason, true);
                    if (percent != null) {
                        fees.put(reason, percent);
                    }
                }
            }
        }
        List<ReturnPolicy.Rule> rules = new ArrayList<>();
        JsonNode ruleNodes = fields.node("rules");
        if (ruleNodes != null) {
            if (!ruleNodes.isArray()) {
                fields.problem("rules", "must be an array");
            } else {
                for (int i = 0; i < ruleNodes.size(); i++) {
                    JsonFields rule =
                            fields.nested("rules[" + i + "]", ruleNodes.get(i), "name", "when", "decision", "reason");
                    String name = rule.text("name", true);
                    String when = rule.text("when", true);
                    String decision = rule.oneOf("decision", ReturnPolicy.DECISIONS, "review");
                    String reason = rule.text("reason", true);
                    rules.add(new ReturnPolicy.Rule(
                            name == null ? "" : name,
                            when == null ? "true" : when,
                            decision == null ? "review" : decision,
                            reason == null ? "" : reason));
                }
            }
        }
        boolean autoRefund = fields.bool("autoRefund", standard.autoRefund());
        String returnLocation =
                fields.oneOf("returnLocation", ReturnPolicy.RETURN_LOCATIONS, standard.returnLocation());
        List<String> customerPays = fields.strings("customerPaysReturnShipping");
        fields.throwIfInvalid();
        List<String> allReasons = reasons == null ? standard.reasons() : reasons;
        return new ReturnPolicy(
                windowDays == null ? standard.windowDays() : windowDays,
                outsideWindow == null ? standard.outsideWindow() : outsideWindow,
                nonReturnable == null ? standard.nonReturnable() : nonReturnable,
                allReasons,
                inspection == null
                        ? standard.inspectionReasons().stream()
                                .filter(allReasons::contains)
                                .toList()
                        : inspection,
                instant,
                keepItBelow,
                fees,
                rules,
                autoRefund,
                returnLocation == null ? standard.returnLocation() : returnLocation,
                customerPays == null ? standard.customerPaysReturnShipping() : customerPays);
    }

    private static NewReturn newReturn(@Nullable JsonNode body) {
        if (body == null || body.isNull()) {
            throw ApiProblem.invalid("body", "is required");
        }
        JsonFields fields = new JsonFields(body, "lines", "resolution", "method", "note");
        String resolution = fields.oneOf("resolution", Return.RESOLUTIONS, "refund");
        String method = fields.oneOf("method", Return.METHODS, "keep_it".equals(resolution) ? "none" : "drop_off");
        String note = fields.text("note", false);
        List<NewReturn.RequestedLine> lines = new ArrayList<>();
        JsonNode array = fields.node("lines");
        RequestLimits.atMost("lines", array == null ? 0 : array.size(), MAX_LINES, "lines per request");
        if (array == null) {
            fields.problem("lines", "is required");
        } else if (!array.isArray() || array.isEmpty()) {
            fields.problem("lines", "must be a non-empty array");
        } else {
            for (int i = 0; i < array.size(); i++) {
                JsonFields line = fields.nested(
                        "lines[" + i + "]", array.get(i), "lineNo", "sku", "quantity", "reason", "replacement");
                Integer lineNo = line.integer("lineNo", false, 1, 100_000);
                String sku = line.text("sku", false);
                Integer quantity = line.integer("quantity", true, 1, 1_000_000);
                String reason = line.text("reason", true);
                if (lineNo == null && sku == null) {
                    line.problem("sku", "name the line by lineNo or sku");
                }
                NewReturn.Replacement replacement = null;
                JsonNode replacementNode = line.node("replacement");
                if (replacementNode != null) {
                    JsonFields wanted = line.nested("replacement", replacementNode, "sku", "quantity", "unitPrice");
                    String replacementSku = wanted.text("sku", false);
                    Integer replacementQuantity = wanted.integer("quantity", false, 1, 1_000_000);
                    BigDecimal unitPrice = wanted.amount("unitPrice", false);
                    if (replacementSku == null && sku == null) {
                        wanted.problem("sku", "is required when the line is named by lineNo");
                    }
                    replacement = new NewReturn.Replacement(
                            replacementSku != null ? replacementSku : sku == null ? "" : sku,
                            replacementQuantity != null ? replacementQuantity : quantity == null ? 0 : quantity,
                            unitPrice);
                }
                lines.add(new NewReturn.RequestedLine(
                        lineNo, sku, quantity == null ? 0 : quantity, reason == null ? "" : reason, replacement));
            }
        }
        fields.throwIfInvalid();
        return new NewReturn(
                lines, resolution == null ? "refund" : resolution, method == null ? "drop_off" : method, note);
    }

    private static OrderId orderId(String id) {
        return OrderId.parse(id).orElseThrow(() -> ApiProblem.notFound("order " + id + " does not exist"));
    }

    private static UUID returnId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("return " + id + " does not exist");
        }
    }

    private static URI location(UUID id) {
        return URI.create("/api/v1/returns/" + id);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static ReturnQuery.@Nullable Position position(@Nullable String text) {
        ListQueries.Cursor cursor = ListQueries.cursor(text);
        return cursor == null ? null : new ReturnQuery.Position(cursor.at(), cursor.id());
    }
}

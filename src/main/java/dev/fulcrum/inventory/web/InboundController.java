package dev.fulcrum.inventory.web;

import dev.fulcrum.database.IdempotencyKeys;
import dev.fulcrum.inventory.InboundLine;
import dev.fulcrum.inventory.InboundStock;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.shared.Sku;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Expected inbound stock: purchase-order lines with an expected date, and their receipt into on hand. */
@RestController
@Tag(name = "Inventory")
class InboundController {

    /** The most inbound lines one page lists. */
    static final int MAX_PAGE_SIZE = 500;

    /** The largest quantity one inbound line may bring. */
    static final int MAX_QUANTITY = 100_000_000;

    private final InboundStock inbound;
    private final IdempotencyKeys idempotencyKeys;
    private final JsonMapper json;

    InboundController(InboundStock inbound, IdempotencyKeys idempotencyKeys, JsonMapper json) {
        this.inbound = inbound;
        this.idempotencyKeys = idempotencyKeys;
        this.json = json;
    }

    @PostMapping("/api/v1/inbound")
    @Operation(
            summary = "Expect inbound stock",
            description = "Body: {\"locationId\": \"WH-SH\", \"sku\": \"TEA-001\", \"quantity\": 120, \"expectedOn\": "
                    + "\"2026-12-10\", \"purchaseOrder\": \"PO-77\"}. The units count towards availability by date from "
                    + "expectedOn until the line is received. Honours Idempotency-Key.")
    ResponseEntity<JsonNode> expect(
            @RequestBody(required = false) @Nullable JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        JsonFields fields =
                new JsonFields(body, "locationId", "sku", "quantity", "expectedOn", "purchaseOrder", "reference");
        String location = fields.text("locationId", true);
        String sku = fields.text("sku", true);
        Integer quantity = fields.integer("quantity", true, 1, MAX_QUANTITY);
        String expectedText = fields.text("expectedOn", true);
        LocalDate expectedOn = null;
        if (expectedText != null) {
            try {
                expectedOn = LocalDate.parse(expectedText);
            } catch (DateTimeParseException notADate) {
                fields.problem("expectedOn", "must be an ISO 8601 date such as 2026-12-10");
            }
        }
        String purchaseOrder = fields.text("purchaseOrder", false);
        String reference = fields.text("reference", false);
        fields.throwIfInvalid();
        LocalDate expected = Objects.requireNonNull(expectedOn); // required, so set once valid
        java.util.function.Supplier<IdempotencyKeys.StoredResponse> create = () -> new IdempotencyKeys.StoredResponse(
                201,
                json.valueToTree(inbound.expect(
                        new LocationId(Objects.requireNonNull(location)),
                        new Sku(Objects.requireNonNull(sku)),
                        Objects.requireNonNull(quantity),
                        expected,
                        purchaseOrder == null ? "manual" : purchaseOrder,
                        reference)));
        IdempotencyKeys.StoredResponse response = idempotencyKey == null
                ? create.get()
                : idempotencyKeys.run("POST /api/v1/inbound", idempotencyKey, json.writeValueAsString(body), create);
        return ResponseEntity.status(response.status())
                .location(URI.create(
                        "/api/v1/inbound/" + response.body().path("id").asString()))
                .body(response.body());
    }

    @GetMapping("/api/v1/inbound")
    @Operation(summary = "List inbound lines by expected date, paged with the cursor of the previous page's next")
    Map<String, Object> list(
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String locationId,
            @RequestParam(required = false) @Nullable String sku,
            @RequestParam(required = false) @Nullable String cursor,
            @Parameter(
                            description = "Lines per page, at most 500",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "100"))
                    @RequestParam(defaultValue = "100")
                    int limit) {
        RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE);
        if (status != null && !List.of("open", "received", "cancelled").contains(status)) {
            throw ApiProblem.invalid("status", "must be open, received or cancelled");
        }
        InboundLine after = cursor == null || cursor.isBlank() ? null : after(cursor);
        List<InboundLine> page = inbound.list(
                status,
                locationId == null || locationId.isBlank() ? null : new LocationId(locationId),
                sku == null || sku.isBlank() ? null : new Sku(sku),
                after,
                limit + 1);
        boolean more = page.size() > limit;
        List<InboundLine> items = more ? page.subList(0, limit) : page;
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("items", items);
        response.put("next", more ? cursorOf(items.getLast()) : null);
        return response;
    }

    @GetMapping("/api/v1/inbound/{id}")
    @Operation(summary = "Read an inbound line")
    InboundLine get(@PathVariable String id) {
        UUID lineId = id(id);
        return inbound.find(lineId).orElseThrow(() -> ApiProblem.notFound("inbound line " + id + " does not exist"));
    }

    @PostMapping("/api/v1/inbound/{id}/receive")
    @Operation(
            summary = "Receive an inbound line",
            description = "Puts its units on hand at its location through a receive movement; 409 when it is not open.")
    InboundLine receive(@PathVariable String id) {
        return inbound.receive(id(id));
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notUuid) {
            throw ApiProblem.invalid("id", "must be an inbound line id");
        }
    }

    private static String cursorOf(InboundLine last) {
        String raw = last.expectedOn() + "|" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** A stand-in for the last line of the previous page: only its expected date and id matter to the next page. */
    private static InboundLine after(String cursor) {
        try {
            String[] parts =
                    new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8).split("\\|", -1);
            return new InboundLine(
                    UUID.fromString(parts[1]),
                    new LocationId("-"),
                    new Sku("-"),
                    1,
                    LocalDate.parse(parts[0]),
                    "open",
                    "-",
                    null,
                    java.time.Instant.EPOCH,
                    "-",
                    null);
        } catch (RuntimeException malformed) {
            throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
        }
    }
}

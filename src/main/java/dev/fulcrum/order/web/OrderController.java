package dev.fulcrum.order.web;

import dev.fulcrum.access.AuditEntry;
import dev.fulcrum.contracts.ContractChecks;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderContract;
import dev.fulcrum.order.OrderIntake;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderPage;
import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.order.ReturnsOfOrder;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.ListQueries;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The order API: place, read, list and change orders. */
@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "Orders")
class OrderController {

    /** The most orders one page lists; follow {@code nextCursor} for more. */
    static final int MAX_PAGE_SIZE = 500;

    private final OrderManagement orders;
    private final OrderIntake intake;
    private final JsonMapper json;
    private final ObjectProvider<ReturnsOfOrder> returns;
    private final ContractChecks contracts;

    OrderController(
            OrderManagement orders,
            OrderIntake intake,
            JsonMapper json,
            ObjectProvider<ReturnsOfOrder> returns,
            ContractChecks contracts) {
        this.orders = orders;
        this.contracts = contracts;
        this.intake = intake;
        this.json = json;
        this.returns = returns;
    }

    @PostMapping
    @Operation(
            summary = "Place an order",
            description =
                    "Validates the order against the data contract v1 and places it. "
                            + "With an Idempotency-Key header, a repeat with the same body returns the first result; with another body, 422.")
    ResponseEntity<Object> place(
            @RequestBody JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        OrderIntake.Result result = intake.place(
                OrderContract.parse(body),
                idempotencyKey,
                idempotencyKey == null ? null : json.writeValueAsString(body));
        return switch (result) {
            case OrderIntake.Placed placed ->
                ResponseEntity.created(location(placed.order().id())).body(placed.body());
            case OrderIntake.Replayed replayed ->
                ResponseEntity.status(replayed.status())
                        .location(URI.create(
                                "/api/v1/orders/" + replayed.body().path("id").asString()))
                        .body(replayed.body());
            case OrderIntake.Refused refused -> throw refused.problem();
        };
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "Read an order with its lines, ledger quantities, holds and returns",
            description = "The order, under `returns` its returns (id, status, resolution, units, requestedAt), and "
                    + "under `contractFlags` the soft rules of the order data contract it failed at intake "
                    + "(rule, field, message, contract, version).")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = Order.class)))
    JsonNode get(@PathVariable String id) {
        Order order = orders.get(orderId(id));
        tools.jackson.databind.node.ObjectNode body = json.valueToTree(order);
        ReturnsOfOrder lookup = returns.getIfAvailable();
        body.set("returns", json.valueToTree(lookup == null ? List.of() : lookup.returnsOf(order.id())));
        body.set(
                "contractFlags",
                json.valueToTree(contracts.flagsOf(order.id().value()).stream()
                        .map(flag -> Map.of(
                                "rule", flag.rule(),
                                "field", flag.field(),
                                "message", flag.message(),
                                "contract", flag.contract(),
                                "version", flag.version()))
                        .toList()));
        return body;
    }

    @GetMapping
    @Operation(
            summary = "List orders, newest first",
            description = "Filters combine; `text` matches external id, "
                    + "customer, notes and SKUs. Follow `nextCursor` for the next page.")
    Map<String, Object> list(
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String channel,
            @RequestParam(required = false) @Nullable String customer,
            @RequestParam(required = false) @Nullable String placedFrom,
            @RequestParam(required = false) @Nullable String placedTo,
            @RequestParam(required = false) @Nullable String tag,
            @RequestParam(required = false) @Nullable String text,
            @RequestParam(required = false) @Nullable String cursor,
            @Parameter(
                            description = "Orders per page, at most 500",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(defaultValue = "50")
                    int limit) {
        RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE);
        OrderQuery query = new OrderQuery(
                status(status),
                blankToNull(channel),
                blankToNull(customer),
                ListQueries.instant("placedFrom", placedFrom),
                ListQueries.instant("placedTo", placedTo),
                blankToNull(tag),
                blankToNull(text),
                position(cursor),
                limit);
        OrderPage page = orders.list(query);
        Map<String, Object> response = new java.util.LinkedHashMap<>();
        response.put("items", page.items());
        response.put(
                "nextCursor",
                page.next() == null
                        ? null
                        : new ListQueries.Cursor(
                                        page.next().placedAt(), page.next().id().value())
                                .encode());
        return response;
    }

    @PostMapping("/{id}/pay")
    @Operation(
            summary = "Mark the payment captured",
            description = "Body (optional): {\"method\": \"alipay\", \"amount\": \"113.00\"}")
    Order pay(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        ActionFields fields = new ActionFields(body, "method", "amount");
        String method = fields.text("method", false);
        BigDecimal amount = fields.amount("amount");
        fields.throwIfInvalid();
        return committed(orders.pay(orderId(id), method, amount));
    }

    @PostMapping("/{id}/hold")
    @Operation(summary = "Put the order on hold", description = "Body: {\"type\": \"manual\", \"reason\": \"...\"}")
    Order hold(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        ActionFields fields = new ActionFields(body, "type", "reason");
        String type = fields.text("type", false);
        String reason = fields.text("reason", false);
        fields.throwIfInvalid();
        return committed(
                orders.hold(orderId(id), type == null ? "manual" : type, reason == null ? "held by hand" : reason));
    }

    @PostMapping("/{id}/release")
    @Operation(
            summary = "Release a hold",
            description = "Body (optional): {\"type\": \"manual\"}; without a type every hold is released")
    Order release(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        ActionFields fields = new ActionFields(body, "type");
        String type = fields.text("type", false);
        fields.throwIfInvalid();
        return committed(orders.release(orderId(id), type));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel every unit not yet shipped", description = "Body (optional): {\"reason\": \"...\"}")
    Order cancel(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        ActionFields fields = new ActionFields(body, "reason");
        String reason = fields.text("reason", false);
        fields.throwIfInvalid();
        return committed(orders.cancel(orderId(id), reason));
    }

    @PostMapping("/{id}/ship")
    @Operation(
            summary = "Record shipped quantities",
            description = "Body (optional): {\"lines\": [{\"lineNo\": 1, \"quantity\": 2}], "
                    + "\"carrier\": \"SF\", \"trackingNumber\": \"...\"}; without lines everything open ships")
    Order ship(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        ActionFields fields = new ActionFields(body, "lines", "carrier", "trackingNumber");
        List<LineQuantity> lines = fields.lineQuantities("lines");
        String carrier = fields.text("carrier", false);
        String tracking = fields.text("trackingNumber", false);
        fields.throwIfInvalid();
        return committed(orders.ship(orderId(id), lines, carrier, tracking));
    }

    @PostMapping("/{id}/deliver")
    @Operation(
            summary = "Record delivered quantities",
            description = "Body (optional): {\"lines\": [{\"lineNo\": 1, \"quantity\": 2}]}; "
                    + "without lines everything in transit is delivered")
    Order deliver(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        ActionFields fields = new ActionFields(body, "lines");
        List<LineQuantity> lines = fields.lineQuantities("lines");
        fields.throwIfInvalid();
        return committed(orders.deliver(orderId(id), lines));
    }

    @GetMapping("/{id}/timeline")
    @Operation(summary = "Every change to the order with actor and time, oldest first")
    Map<String, Object> timeline(@PathVariable String id) {
        List<AuditEntry> entries = orders.timeline(orderId(id));
        return Map.of("orderId", id, "entries", entries);
    }

    /**
     * The order as committed: listeners that run just before the commit (sourcing allocating a paid order, risk holding
     * it) change it after the action returned, and the answer shows their work too.
     */
    private Order committed(Order changed) {
        return orders.get(changed.id());
    }

    static OrderId orderId(String id) {
        return OrderId.parse(id).orElseThrow(() -> ApiProblem.notFound("order " + id + " does not exist"));
    }

    private static URI location(OrderId id) {
        return URI.create("/api/v1/orders/" + id);
    }

    private static @Nullable OrderStatus status(@Nullable String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return OrderStatus.fromWireName(status.strip());
        } catch (IllegalArgumentException unknown) {
            throw ApiProblem.invalid(
                    "status",
                    "must be one of "
                            + java.util.Arrays.stream(OrderStatus.values())
                                    .map(OrderStatus::wireName)
                                    .toList());
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static OrderQuery.@Nullable Position position(@Nullable String text) {
        ListQueries.Cursor cursor = ListQueries.cursor(text);
        return cursor == null ? null : new OrderQuery.Position(cursor.at(), new OrderId(cursor.id()));
    }
}

package dev.fulcrum.inventory.web;

import dev.fulcrum.inventory.InboundStock;
import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.inventory.StockMovement;
import dev.fulcrum.inventory.StockPosition;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.shared.Sku;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Locations, stock feeds, adjustments and available-to-promise. */
@RestController
@Tag(name = "Inventory")
class InventoryController {

    private static final List<String> CAPABILITIES = List.of("chilled", "frozen", "hazardous", "pickup", "returns");

    /** The most positions one stock snapshot carries; a snapshot leaves positions it does not name as they are. */
    static final int MAX_SNAPSHOT_POSITIONS = 100_000;

    /** The most adjustments one call applies, in one transaction. */
    static final int MAX_ADJUSTMENTS = 10_000;

    /** The most ledger movements one page lists. */
    static final int MAX_PAGE_SIZE = 1000;

    private final Locations locations;
    private final InventoryLedger ledger;
    private final InboundStock inbound;

    InventoryController(Locations locations, InventoryLedger ledger, InboundStock inbound) {
        this.locations = locations;
        this.ledger = ledger;
        this.inbound = inbound;
    }

    @PutMapping("/api/v1/locations/{id}")
    @Operation(
            summary = "Create or replace a location",
            description = "Coordinates, time zone, capabilities, daily "
                    + "order capacity, handling costs, processing hours, cut-off time, working days, holidays and assortment; "
                    + "leadTimeDays (0-365, default 7) and reviewPeriodDays (1-365, default 7) for replenishment.")
    Location putLocation(@PathVariable String id, @RequestBody JsonNode body) {
        JsonFields fields = new JsonFields(
                body,
                "name",
                "type",
                "latitude",
                "longitude",
                "country",
                "region",
                "postalCode",
                "timeZone",
                "capabilities",
                "dailyOrderCapacity",
                "handlingCostPerOrder",
                "handlingCostPerUnit",
                "processingHours",
                "cutoffTime",
                "workingDays",
                "holidays",
                "assortment",
                "attributes",
                "active",
                "leadTimeDays",
                "reviewPeriodDays");
        if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
            fields.problem("id", "must be 1 to 100 letters, digits, '.', '_' or '-'");
        }
        String name = fields.text("name", true);
        String type = fields.oneOf("type", Location.TYPES, "warehouse");
        Double latitude = fields.decimal("latitude", true, -90, 90);
        Double longitude = fields.decimal("longitude", true, -180, 180);
        String country = fields.text("country", true);
        if (country != null && !country.matches("[A-Z]{2}")) {
            fields.problem("country", "must be an ISO 3166-1 alpha-2 code such as CN");
        }
        String timeZone = fields.text("timeZone", false);
        try {
            ZoneId.of(timeZone == null ? "UTC" : timeZone);
        } catch (DateTimeException unknown) {
            fields.problem("timeZone", "must be an IANA time zone such as Asia/Shanghai");
        }
        List<String> capabilities = fields.strings("capabilities");
        if (capabilities != null && !CAPABILITIES.containsAll(capabilities)) {
            fields.problem("capabilities", "must be among " + CAPABILITIES);
        }
        List<String> workingDays = fields.strings("workingDays");
        if (workingDays != null && !Location.WEEKDAYS.containsAll(workingDays)) {
            fields.problem("workingDays", "must be among " + Location.WEEKDAYS);
        }
        Integer capacity = fields.integer("dailyOrderCapacity", false, 0, 100_000_000);
        BigDecimal perOrder = fields.amount("handlingCostPerOrder", false);
        BigDecimal perUnit = fields.amount("handlingCostPerUnit", false);
        Integer processing = fields.integer("processingHours", false, 0, 24 * 30);
        LocalTime cutoff = fields.time("cutoffTime");
        var holidays = fields.dates("holidays");
        List<String> assortment = fields.strings("assortment");
        JsonNode attributes = fields.node("attributes");
        if (attributes != null && !attributes.isObject()) {
            fields.problem("attributes", "must be an object");
        }
        boolean active = fields.bool("active", true);
        Integer leadTime = fields.integer("leadTimeDays", false, 0, 365);
        Integer reviewPeriod = fields.integer("reviewPeriodDays", false, 1, 365);
        fields.throwIfInvalid();
        Map<String, Object> attributeMap = new LinkedHashMap<>();
        if (attributes != null) {
            attributes.properties().forEach(entry -> attributeMap.put(entry.getKey(), plain(entry.getValue())));
        }
        // throwIfInvalid() above refused the request if a required field was missing.
        return locations.put(new Location(
                id,
                java.util.Objects.requireNonNull(name),
                java.util.Objects.requireNonNull(type),
                java.util.Objects.requireNonNull(latitude),
                java.util.Objects.requireNonNull(longitude),
                java.util.Objects.requireNonNull(country),
                fields.text("region", false),
                fields.text("postalCode", false),
                timeZone == null ? "UTC" : timeZone,
                capabilities == null ? List.of() : capabilities,
                capacity,
                perOrder == null ? BigDecimal.ZERO : perOrder,
                perUnit == null ? BigDecimal.ZERO : perUnit,
                processing == null ? 0 : processing,
                cutoff == null ? LocalTime.of(16, 0) : cutoff,
                workingDays == null ? List.of("MON", "TUE", "WED", "THU", "FRI") : workingDays,
                holidays == null ? List.of() : holidays,
                assortment,
                attributeMap,
                active,
                null,
                leadTime == null ? Location.DEFAULT_LEAD_TIME_DAYS : leadTime,
                reviewPeriod == null ? Location.DEFAULT_REVIEW_PERIOD_DAYS : reviewPeriod));
    }

    @GetMapping("/api/v1/locations/{id}")
    @Operation(summary = "Read a location, with the time of its latest stock feed")
    Location getLocation(@PathVariable String id) {
        return locations
                .find(new LocationId(id))
                .orElseThrow(() -> ApiProblem.notFound("location " + id + " does not exist"));
    }

    @GetMapping("/api/v1/locations")
    @Operation(summary = "List locations")
    List<Location> listLocations() {
        return locations.list(false);
    }

    @PutMapping("/api/v1/locations/{id}/stock")
    @Operation(
            summary = "Apply an absolute stock snapshot",
            description = "Body: {\"asOf\": \"2026-11-20T08:00:00Z\", "
                    + "\"positions\": [{\"sku\": \"TEA-001\", \"onHand\": 100, \"safetyStock\": 0}]}. A feed older than the "
                    + "location's latest is refused (409). At most 100000 positions per snapshot; positions left out keep "
                    + "their stock, so a larger feed goes in several snapshots with the same asOf.")
    Map<String, Object> putStock(@PathVariable String id, @RequestBody JsonNode body) {
        JsonFields fields = new JsonFields(body, "asOf", "positions");
        Instant asOf = fields.instant("asOf", true);
        List<InventoryLedger.PositionUpdate> updates = new ArrayList<>();
        JsonNode positions = fields.node("positions");
        if (positions == null || !positions.isArray()) {
            fields.problem("positions", "must be an array");
        } else if (positions.size() > MAX_SNAPSHOT_POSITIONS) {
            fields.problem(
                    "positions",
                    RequestLimits.overCap(positions.size(), MAX_SNAPSHOT_POSITIONS, "positions per snapshot")
                            + ": send the rest in another snapshot with the same asOf");
        } else {
            for (int i = 0; i < positions.size(); i++) {
                JsonFields position =
                        fields.nested("positions[" + i + "]", positions.get(i), "sku", "onHand", "safetyStock");
                String sku = position.text("sku", true);
                Integer onHand = position.integer("onHand", true, 0, Integer.MAX_VALUE);
                Integer safety = position.integer("safetyStock", false, 0, Integer.MAX_VALUE);
                if (sku != null && onHand != null) {
                    updates.add(new InventoryLedger.PositionUpdate(new Sku(sku), onHand, safety));
                }
            }
        }
        fields.throwIfInvalid();
        ledger.applySnapshot(
                new LocationId(id), java.util.Objects.requireNonNull(asOf), updates); // required, so set once valid
        return Map.of("locationId", id, "asOf", asOf, "positions", updates.size());
    }

    @PostMapping("/api/v1/stock/adjustments")
    @Operation(
            summary = "Apply stock changes",
            description = "Body: {\"adjustments\": [{\"locationId\": \"WH-SH\", "
                    + "\"sku\": \"TEA-001\", \"delta\": 20, \"kind\": \"receive\", \"reason\": \"PO 123\"}]}; kind is receive, "
                    + "adjust or restock. At most 10000 adjustments per call.")
    Map<String, Object> adjust(@RequestBody JsonNode body) {
        JsonFields fields = new JsonFields(body, "adjustments");
        JsonNode adjustments = fields.node("adjustments");
        List<InventoryLedger.Adjustment> parsed = new ArrayList<>();
        if (adjustments == null || !adjustments.isArray() || adjustments.isEmpty()) {
            fields.problem("adjustments", "must be a non-empty array");
        } else if (adjustments.size() > MAX_ADJUSTMENTS) {
            fields.problem(
                    "adjustments", RequestLimits.overCap(adjustments.size(), MAX_ADJUSTMENTS, "adjustments per call"));
        } else {
            for (int i = 0; i < adjustments.size(); i++) {
                JsonFields adjustment = fields.nested(
                        "adjustments[" + i + "]",
                        adjustments.get(i),
                        "locationId",
                        "sku",
                        "delta",
                        "kind",
                        "reason",
                        "orderId");
                String location = adjustment.text("locationId", true);
                String sku = adjustment.text("sku", true);
                Integer delta = adjustment.integer("delta", true, -1_000_000_000, 1_000_000_000);
                String kind = adjustment.oneOf("kind", List.of("receive", "adjust", "restock"), "adjust");
                String orderId = adjustment.text("orderId", false);
                OrderId order = null;
                if (orderId != null) {
                    try {
                        order = new OrderId(UUID.fromString(orderId));
                    } catch (IllegalArgumentException notUuid) {
                        adjustment.problem("orderId", "must be an order id");
                    }
                }
                if (location != null && sku != null && delta != null) {
                    parsed.add(new InventoryLedger.Adjustment(
                            new LocationId(location),
                            new Sku(sku),
                            delta,
                            kind,
                            adjustment.text("reason", false),
                            order));
                }
            }
        }
        fields.throwIfInvalid();
        ledger.adjust(parsed);
        return Map.of("applied", parsed.size());
    }

    @GetMapping("/api/v1/availability")
    @Operation(
            summary = "Available-to-promise of a SKU per location and network-wide",
            description = "With date=YYYY-MM-DD also what is available on that date: available now plus the open "
                    + "inbound lines expected on or before it (inbound), as availableOn; without it, inbound counts every "
                    + "open inbound line whatever its date.")
    Map<String, Object> availability(@RequestParam String sku, @RequestParam(required = false) @Nullable String date) {
        if (sku.isBlank()) {
            throw ApiProblem.invalid("sku", "must not be blank");
        }
        LocalDate on = null;
        if (date != null && !date.isBlank()) {
            try {
                on = LocalDate.parse(date.strip());
            } catch (DateTimeParseException notADate) {
                throw ApiProblem.invalid("date", "must be an ISO 8601 date such as 2026-12-10");
            }
        }
        Sku wanted = new Sku(sku);
        List<StockPosition> positions = ledger.positions(List.of(wanted));
        Map<LocationId, Map<Sku, Integer>> expected = InboundStock.byLocation(inbound.expectedBy(List.of(wanted), on));
        Map<String, Instant> freshness = new LinkedHashMap<>();
        locations.list(false).forEach(location -> freshness.put(location.id(), location.stockAsOf()));
        Map<LocationId, StockPosition> byLocation =
                new java.util.TreeMap<>(java.util.Comparator.comparing(LocationId::value));
        positions.forEach(position -> byLocation.put(position.locationId(), position));
        // A location expecting stock it has no position for yet still shows, with nothing on hand.
        expected.keySet()
                .forEach(location -> byLocation.putIfAbsent(location, StockPosition.of(location, wanted, 0, 0, 0)));
        int total = 0;
        int totalOn = 0;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StockPosition position : byLocation.values()) {
            int incoming =
                    expected.getOrDefault(position.locationId(), Map.of()).getOrDefault(wanted, 0);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("locationId", position.locationId());
            row.put("onHand", position.onHand());
            row.put("reserved", position.reserved());
            row.put("safetyStock", position.safetyStock());
            row.put("available", position.available());
            row.put("inbound", incoming);
            if (on != null) {
                row.put("availableOn", position.available() + incoming);
            }
            row.put("stockAsOf", freshness.get(position.locationId().value()));
            rows.add(row);
            total += position.available();
            totalOn += position.available() + incoming;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("sku", sku);
        response.put("available", total);
        if (on != null) {
            response.put("date", on);
            response.put("availableOn", totalOn);
        }
        response.put("locations", rows);
        return response;
    }

    @GetMapping("/api/v1/locations/{id}/stock/{sku}/movements")
    @Operation(summary = "The latest ledger movements of one position, newest first")
    List<StockMovement> movements(
            @PathVariable String id,
            @PathVariable String sku,
            @Parameter(
                            description = "Movements per page, at most 1000",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "100"))
                    @RequestParam(defaultValue = "100")
                    int limit) {
        RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE);
        return ledger.movements(new LocationId(id), new Sku(sku), limit);
    }

    private static Object plain(JsonNode node) {
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            node.forEach(element -> values.add(plain(element)));
            return values;
        }
        if (node.isObject()) {
            Map<String, Object> values = new LinkedHashMap<>();
            node.properties().forEach(entry -> values.put(entry.getKey(), plain(entry.getValue())));
            return values;
        }
        return "";
    }
}

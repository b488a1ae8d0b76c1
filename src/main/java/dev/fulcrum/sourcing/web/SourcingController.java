package dev.fulcrum.sourcing.web;

import dev.fulcrum.inventory.Locations;
import dev.fulcrum.order.Hold;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.SourcingManagement;
import dev.fulcrum.sourcing.internal.BatchAllocations;
import dev.fulcrum.sourcing.internal.Decisions;
import dev.fulcrum.sourcing.internal.NoteTagger;
import dev.fulcrum.sourcing.internal.Profiles;
import dev.fulcrum.sourcing.internal.Simulations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sourcing decisions of orders, sourcing profiles and their versions, and the note tagger's rules. */
@RestController
@Tag(name = "Sourcing")
class SourcingController {

    private final Decisions decisions;
    private final Profiles profiles;
    private final NoteTagger tagger;
    private final BatchAllocations batches;
    private final Simulations simulations;
    private final SourcingManagement sourcing;
    private final OrderManagement orders;
    private final Locations locations;
    private final JsonMapper json;

    SourcingController(
            Decisions decisions,
            Profiles profiles,
            NoteTagger tagger,
            BatchAllocations batches,
            Simulations simulations,
            SourcingManagement sourcing,
            OrderManagement orders,
            Locations locations,
            JsonMapper json) {
        this.json = json;
        this.orders = orders;
        this.locations = locations;
        this.decisions = decisions;
        this.profiles = profiles;
        this.tagger = tagger;
        this.batches = batches;
        this.simulations = simulations;
        this.sourcing = sourcing;
    }

    @PostMapping("/api/v1/sourcing/batches")
    @Operation(
            summary = "Allocate a scope of unallocated orders together",
            description =
                    "Body (optional): {\"orderIds\": [...]} (at most fulcrum.sourcing.batch.max-orders, 20000 by default) or a backlog scope {\"channel\": \"web\", "
                            + "\"placedFrom\": \"2026-11-01T00:00:00Z\", \"placedTo\": \"2026-11-02T00:00:00Z\"} (each optional; none: "
                            + "every paid order left without stock), \"timeLimitSeconds\": 10, \"shipDays\": 1. Serves as many orders (or "
                            + "units, by profile) as possible, then at the least cost, within stock and each ship day's capacity, per "
                            + "independent group; reports unserved orders by reason, the bound and gap per group and the time by "
                            + "phase. A scope over the configured budget is refused with 422 before any work.")
    BatchAllocations.BatchReport batch(@RequestBody(required = false) JsonNode body) {
        JsonFields fields =
                new JsonFields(body, "orderIds", "channel", "placedFrom", "placedTo", "timeLimitSeconds", "shipDays");
        BatchAllocations.Limits limits = batches.limits();
        // Ids beyond the batch's order cap could never be allocated together: refuse them before reading any order.
        List<OrderId> ids = orderIds(fields, limits.maxOrders());
        String channel = fields.text("channel", false);
        Instant placedFrom = fields.instant("placedFrom", false);
        Instant placedTo = fields.instant("placedTo", false);
        Integer seconds = fields.integer(
                "timeLimitSeconds", false, 1, limits.maxTimeLimit().toSeconds());
        Integer shipDays = fields.integer("shipDays", false, 1, limits.maxShipDays());
        if (ids != null && (channel != null || placedFrom != null || placedTo != null)) {
            fields.problem("orderIds", "give orderIds or a backlog scope (channel, placedFrom, placedTo), not both");
        }
        if (placedFrom != null && placedTo != null && !placedTo.isAfter(placedFrom)) {
            fields.problem("placedTo", "must be after placedFrom");
        }
        fields.throwIfInvalid();
        return batches.allocate(
                new BatchAllocations.Scope(ids, channel, placedFrom, placedTo),
                Duration.ofSeconds(seconds == null ? 10 : seconds),
                shipDays == null ? 1 : shipDays);
    }

    @PostMapping("/api/v1/sourcing/simulations")
    @Operation(
            summary = "Replay past orders through a profile version without reserving anything",
            description =
                    "Body: {\"profile\": \"default\", \"version\": 2, \"orderIds\": [...]} or {..., \"from\": \"2026-11-01T00:00:00Z\", "
                            + "\"to\": \"2026-11-22T00:00:00Z\"}. Compares cost, shipments per order, promised days, carbon and "
                            + "unfillable orders with what was decided, and lists the orders decided differently. At most "
                            + "1000 orderIds, and at most 1000 orders decided between from and to (a wider window is "
                            + "refused with 400, not cut short).")
    Map<String, Object> simulate(@RequestBody JsonNode body) {
        JsonFields fields = new JsonFields(body, "profile", "version", "orderIds", "from", "to");
        String profile = fields.text("profile", true);
        Integer version = fields.integer("version", true, 1, Integer.MAX_VALUE);
        List<OrderId> ids = orderIds(fields);
        Instant from = fields.instant("from", false);
        Instant to = fields.instant("to", false);
        if (ids == null && (from == null || to == null)) {
            fields.problem("orderIds", "give orderIds, or from and to");
        }
        fields.throwIfInvalid();
        // Both are required: throwIfInvalid() refused the request if either was missing.
        return simulations.simulate(
                java.util.Objects.requireNonNull(profile),
                java.util.Objects.requireNonNull(version),
                ids == null ? List.of() : ids,
                from == null ? Instant.EPOCH : from,
                to == null ? Instant.EPOCH : to);
    }

    private static @Nullable List<OrderId> orderIds(JsonFields fields) {
        return orderIds(fields, Simulations.MAX_ORDERS);
    }

    private static @Nullable List<OrderId> orderIds(JsonFields fields, int most) {
        List<String> values = fields.strings("orderIds");
        if (values == null) {
            return null;
        }
        if (values.size() > most) {
            fields.problem("orderIds", RequestLimits.overCap(values.size(), most, "ids per call"));
            return List.of();
        }
        List<OrderId> ids = new java.util.ArrayList<>();
        for (String value : values) {
            OrderId.parse(value)
                    .ifPresentOrElse(ids::add, () -> fields.problem("orderIds", "'" + value + "' is not an order id"));
        }
        return ids;
    }

    @GetMapping("/api/v1/orders/{id}/sourcing")
    @Operation(
            summary = "The sourcing decision of an order with its trace",
            description = "Status, the profile version "
                    + "that decided, shipments (location, carrier service, lines, ship-by, deliver-by, cost, carbon), the lines "
                    + "not allocated and why, and the trace: intent, strategy selection, every candidate and its verdict, "
                    + "what the other presets would have chosen.")
    @Transactional(readOnly = true)
    public SourcingDecision decision(@PathVariable String id) {
        OrderId orderId = OrderId.parse(id).orElseThrow(() -> ApiProblem.invalid("id", "must be an order id (UUID)"));
        return decisions.current(orderId).orElseThrow(() -> ApiProblem.notFound(whyNoDecision(orderId)));
    }

    /** The one reason that applies to an order without a decision, so that the caller knows what to do next. */
    private String whyNoDecision(OrderId orderId) {
        Order order = orders.find(orderId).orElse(null);
        String subject = "order " + orderId;
        if (order == null) {
            return subject + " does not exist";
        }
        // Described from the ledger, not decided from the status: cancelled and completed orders have nothing open.
        if (order.lines().stream().allMatch(line -> line.quantities().open() == 0)) {
            return subject + " has no sourcing decision: it is "
                    + order.status().wireName()
                    + " and has nothing open to source (every line is shipped or cancelled)";
        }
        if (!locations.anyActive()) {
            return subject + " has no sourcing decision: the tenant has no active location yet "
                    + "(add one with PUT /api/v1/locations/{id})";
        }
        List<String> holds = order.holds().stream()
                .map(Hold::type)
                .filter(type -> !type.equals("payment"))
                .toList();
        if (!holds.isEmpty()) {
            return subject + " has no sourcing decision: it is on hold (" + String.join(", ", holds)
                    + ") and held orders are not sourced until released";
        }
        if (order.payment() == null || !order.payment().isCaptured()) {
            return subject + " has no sourcing decision: it is not paid yet (sourcing decides when it is paid)";
        }
        return subject + " has no sourcing decision yet: it was placed before sourcing could decide; "
                + "re-source it with POST /api/v1/sourcing/batches";
    }

    @GetMapping("/api/v1/sourcing/profiles")
    @Operation(summary = "Every version of every sourcing profile, with its status (draft, active, retired)")
    List<Profiles.StoredProfile> profiles() {
        return profiles.list();
    }

    @PutMapping("/api/v1/sourcing/profiles/{name}")
    @Operation(
            summary = "Put a draft version of a profile",
            description = "Replaces the profile's draft or adds a new "
                    + "draft version; active and retired versions never change. Body: {\"strategies\": [{\"name\": \"urgent\", "
                    + "\"when\": \"'urgent' in order.tags\", \"objective\": \"speed-first\", \"maxShipments\": 2}, "
                    + "{\"name\": \"default\", \"objective\": \"balanced\"}], \"fallback\": \"backorder\"}")
    Profiles.StoredProfile putProfile(@PathVariable String name, @RequestBody JsonNode body) {
        SourcingManagement.ProfileVersion draft = sourcing.putDraft(name, body);
        return profiles.get(draft.name(), draft.version());
    }

    @GetMapping("/api/v1/sourcing/profiles/{name}/versions")
    @Operation(
            summary = "Every version of a profile with its history",
            description =
                    "Oldest first: status, who put each version and when, when and by whom it was last " + "activated.")
    List<Profiles.StoredProfile> profileVersions(@PathVariable String name) {
        List<Profiles.StoredProfile> versions = profiles.versions(name);
        if (versions.isEmpty()) {
            throw ApiProblem.notFound("no sourcing profile " + name);
        }
        return versions;
    }

    @GetMapping("/api/v1/sourcing/profiles/{name}/versions/{from}/diff/{to}")
    @Operation(
            summary = "What changed between two versions of a profile",
            description = "Every added, removed or changed value of the definition with its JSON Pointer path.")
    Map<String, Object> profileDiff(@PathVariable String name, @PathVariable int from, @PathVariable int to) {
        JsonNode before = json.valueToTree(profiles.get(name, from).definition());
        JsonNode after = json.valueToTree(profiles.get(name, to).definition());
        return Map.of(
                "name",
                name,
                "from",
                from,
                "to",
                to,
                "changes",
                dev.fulcrum.rollout.VersionDiff.between(before, after));
    }

    @GetMapping("/api/v1/sourcing/profiles/{name}/versions/{version}")
    @Operation(summary = "Read one version of a profile")
    Profiles.StoredProfile profile(@PathVariable String name, @PathVariable int version) {
        return profiles.get(name, version);
    }

    @PostMapping("/api/v1/sourcing/profiles/{name}/versions/{version}/activate")
    @Operation(
            summary = "Activate a profile version",
            description = "Future decisions use it; past decisions keep "
                    + "naming the version that made them. The previously active version is retired; a retired "
                    + "version can be activated again. Completes a running canary rollout of the profile.")
    Profiles.StoredProfile activate(@PathVariable String name, @PathVariable int version) {
        return profiles.activateInFull(name, version);
    }

    @GetMapping("/api/v1/sourcing/tagger")
    @Operation(summary = "The note tagger's rules: tag → keywords")
    Map<String, List<String>> taggerRules() {
        return tagger.rules();
    }

    @PutMapping("/api/v1/sourcing/tagger")
    @Operation(
            summary = "Replace the note tagger's rules",
            description = "Body: {\"rules\": {\"urgent\": [\"急\", \"urgent\"]}}")
    Map<String, List<String>> putTaggerRules(@RequestBody JsonNode body) {
        JsonFields fields = new JsonFields(body, "rules");
        JsonNode rules = fields.node("rules");
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        if (rules == null || !rules.isObject() || rules.isEmpty()) {
            fields.problem("rules", "must be an object of tag → keywords");
        } else {
            JsonFields ruleFields = fields.nested("rules", rules);
            for (String tag : rules.propertyNames()) {
                List<String> keywords = ruleFields.strings(tag);
                if (!tag.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                    ruleFields.problem(tag, "tags are lower-case letters, digits and '-'");
                } else if (keywords == null || keywords.isEmpty()) {
                    ruleFields.problem(tag, "must list at least one keyword");
                } else {
                    parsed.put(tag, keywords);
                }
            }
        }
        fields.throwIfInvalid();
        return tagger.replace(parsed);
    }
}

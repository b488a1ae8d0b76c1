package dev.fulcrum.twin.web;

import dev.fulcrum.database.IdempotencyKeys;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.twin.ScenarioRequest;
import dev.fulcrum.twin.TwinScenarios;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/** The digital twin's API: simulate a scenario of disruptions, read it again, apply chosen reroutes. */
@RestController
@Tag(name = "Digital twin")
class TwinController {

    static final int MAX_PAGE_SIZE = 100;

    private final TwinScenarios scenarios;
    private final IdempotencyKeys idempotencyKeys;
    private final JsonMapper json;

    TwinController(TwinScenarios scenarios, IdempotencyKeys idempotencyKeys, JsonMapper json) {
        this.scenarios = scenarios;
        this.idempotencyKeys = idempotencyKeys;
        this.json = json;
    }

    @PostMapping("/api/v1/twin/scenarios")
    @Operation(
            summary = "Simulate a scenario of disruptions (nothing changes)",
            description = "Body: {\"name\": \"...\", \"runs\": 1000, \"seed\": 42, \"riskThreshold\": 0.2, "
                    + "\"disruptions\": [{\"type\": \"location-closed\", \"location\": \"WH-SH\", \"from\": "
                    + "\"2026-12-07\", \"to\": \"2026-12-09\"}]}; types location-closed, location-capacity "
                    + "(capacityPercent), carrier-delay (carrier, extraDays), region-unreachable (country, region), "
                    + "demand-surge (skus, factor, location). Answers per affected order the probability of missing "
                    + "its promise, the expected delay and reroute options; totals; notice drafts. Caps: at most 50 "
                    + "disruptions, 10,000 runs, 2,000 affected orders (422 scenario-over-budget). Honours "
                    + "Idempotency-Key.")
    ResponseEntity<JsonNode> simulate(
            @RequestBody(required = false) @Nullable JsonNode body,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        ScenarioRequest request = scenarios.parse(body);
        if (idempotencyKey == null) {
            JsonNode answer = json.valueToTree(scenarios.simulate(request));
            return ResponseEntity.created(location(answer)).body(answer);
        }
        IdempotencyKeys.StoredResponse response = idempotencyKeys.run(
                "POST /api/v1/twin/scenarios",
                idempotencyKey,
                json.writeValueAsString(body),
                () -> new IdempotencyKeys.StoredResponse(201, json.valueToTree(scenarios.simulate(request))));
        return ResponseEntity.status(response.status())
                .location(location(response.body()))
                .body(response.body());
    }

    @GetMapping("/api/v1/twin/scenarios/{id}")
    @Operation(summary = "A stored scenario with its answer and the reroutes applied since")
    JsonNode get(@PathVariable String id) {
        return scenarios.get(scenarioId(id));
    }

    @GetMapping("/api/v1/twin/scenarios")
    @Operation(summary = "The newest scenarios with their totals (not their order lists)")
    Map<String, Object> list(@RequestParam(defaultValue = "20") int limit) {
        RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE);
        return Map.of("items", scenarios.newest(limit));
    }

    @PostMapping("/api/v1/twin/scenarios/{id}/apply")
    @Operation(
            summary = "Apply the scenario's reroutes of chosen orders",
            description = "Body: {\"orders\": [\"<order id>\", ...]}. Each order is re-sourced as usual (audited, "
                    + "order.allocated published) avoiding what its proposal avoided; one whose allocation changed "
                    + "since is skipped with the reason. 400 naming each order without a reroute in the scenario.")
    Map<String, Object> apply(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        UUID scenario = scenarioId(id);
        JsonFields fields = new JsonFields(body, "orders");
        JsonNode array = fields.node("orders");
        List<OrderId> orders = new ArrayList<>();
        if (array == null || !array.isArray() || array.isEmpty()) {
            fields.problem("orders", "must be a non-empty array of order ids");
        } else {
            for (int i = 0; i < array.size(); i++) {
                JsonNode node = array.get(i);
                var parsed = node.isString() ? OrderId.parse(node.asString()) : java.util.Optional.<OrderId>empty();
                if (parsed.isEmpty()) {
                    fields.problem("orders[" + i + "]", "must be an order id (a UUID)");
                } else {
                    orders.add(parsed.get());
                }
            }
        }
        fields.throwIfInvalid();
        return scenarios.apply(scenario, orders);
    }

    private static UUID scenarioId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.invalid("id", "must be a scenario id (a UUID)");
        }
    }

    private static URI location(JsonNode answer) {
        return URI.create("/api/v1/twin/scenarios/" + answer.path("id").asString());
    }
}

package dev.fulcrum.order.web;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.order.FlowActions;
import dev.fulcrum.order.FlowDeadlines;
import dev.fulcrum.order.FlowDefinition;
import dev.fulcrum.order.FlowRef;
import dev.fulcrum.order.Flows;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.rollout.VersionDiff;
import dev.fulcrum.shared.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Order flows: list every version, publish a new version (orders placed before keep theirs), stop a flow from applying
 * to new orders, read the flows shipped with Fulcrum, and run any action of an order's flow.
 */
@RestController
@Tag(name = "Flows")
class FlowController {

    private final Flows flows;
    private final FlowActions actions;
    private final FlowDeadlines deadlines;
    private final OrderManagement orders;
    private final AuditLog audit;
    private final JsonMapper json;

    FlowController(
            Flows flows,
            FlowActions actions,
            FlowDeadlines deadlines,
            OrderManagement orders,
            AuditLog audit,
            JsonMapper json) {
        this.flows = flows;
        this.actions = actions;
        this.deadlines = deadlines;
        this.orders = orders;
        this.audit = audit;
        this.json = json;
    }

    @GetMapping("/api/v1/flows")
    @Operation(summary = "Every stored flow version of the tenant")
    List<Flows.StoredFlow> list() {
        flows.activeStandardFlow();
        return flows.list();
    }

    @PutMapping("/api/v1/flows/{name}")
    @Transactional
    @Operation(
            summary = "Publish a new version of a flow and make it active",
            description = "Body: a flow definition: states (order statuses, and states of the flow's own with a "
                    + "statusCode 0-4 and deadlines), an optional CEL selector and priority, start entries, and "
                    + "transitions with action, from, to, performs, CEL guards and effects. See docs/guide/flows.md. "
                    + "With ?activate=false the version is stored as a draft: roll it out with "
                    + "POST /api/v1/flows/{name}/versions/{version}/rollout or activate it later.")
    FlowRef publish(
            @PathVariable String name,
            @RequestBody JsonNode body,
            @RequestParam(defaultValue = "true") boolean activate) {
        FlowDefinition definition;
        try {
            definition = json.treeToValue(body, FlowDefinition.class);
        } catch (RuntimeException unreadable) {
            throw ApiProblem.invalid("body", "is not a flow definition: " + unreadable.getMessage());
        }
        if (definition == null) {
            throw ApiProblem.invalid("body", "is not a flow definition");
        }
        FlowRef published = flows.publish(definition.named(name), activate);
        audit.record(
                activate ? "flow.published" : "flow.drafted", "flow", name, Map.of("version", published.version()));
        return published;
    }

    @PostMapping("/api/v1/flows/{name}/versions/{version}/activate")
    @Transactional
    @Operation(
            summary = "Make a stored flow version the active one",
            description = "Re-activates a version that was active before too; orders placed before keep their "
                    + "version. Completes a running canary rollout of the flow. 404 for an unknown version.")
    FlowRef activate(@PathVariable String name, @PathVariable int version) {
        FlowRef activated = flows.activateInFull(name, version);
        audit.record("flow.activated", "flow", name, Map.of("version", version));
        return activated;
    }

    @GetMapping("/api/v1/flows/{name}/versions")
    @Operation(
            summary = "Every version of a flow with its history",
            description = "Oldest first: who stored each version and when, whether it is active, and when and by whom "
                    + "it was last activated.")
    List<Flows.FlowVersion> versions(@PathVariable String name) {
        if (name.equals(Flows.STANDARD)) {
            flows.activeStandardFlow();
        }
        List<Flows.FlowVersion> versions = flows.versions(name);
        if (versions.isEmpty()) {
            throw ApiProblem.notFound("no flow " + name);
        }
        return versions;
    }

    @GetMapping("/api/v1/flows/{name}/versions/{from}/diff/{to}")
    @Operation(
            summary = "What changed between two versions of a flow",
            description = "Every added, removed or changed value of the definition with its JSON Pointer path.")
    Map<String, Object> diff(@PathVariable String name, @PathVariable int from, @PathVariable int to) {
        List<Flows.FlowVersion> versions = versions(name);
        JsonNode before = json.valueToTree(definitionOf(versions, name, from));
        JsonNode after = json.valueToTree(definitionOf(versions, name, to));
        return Map.of("name", name, "from", from, "to", to, "changes", VersionDiff.between(before, after));
    }

    private static FlowDefinition definitionOf(List<Flows.FlowVersion> versions, String name, int version) {
        return versions.stream()
                .filter(one -> one.version() == version)
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("flow " + name + " has no version " + version))
                .definition();
    }

    @DeleteMapping("/api/v1/flows/{name}")
    @Transactional
    @Operation(
            summary = "Stop a flow from applying to new orders",
            description = "Orders already on the flow keep it. The standard flow cannot be deactivated.")
    ResponseEntity<Void> deactivate(@PathVariable String name) {
        flows.deactivate(name);
        audit.record("flow.deactivated", "flow", name, Map.of());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/flows/shipped/{name}")
    @Operation(
            summary = "A flow shipped with Fulcrum",
            description = "standard, and the examples presale and b2b: PUT one to /api/v1/flows/{name} to use it.")
    FlowDefinition shipped(@PathVariable String name) {
        return flows.shipped(name);
    }

    @PostMapping("/api/v1/orders/{id}/actions/{action}")
    @Operation(
            summary = "Run an action of the order's flow",
            description = "Any action of the flow the order runs on: built-in (pay, hold, release, ship, deliver, "
                    + "cancel) or the flow's own (pay_balance, approve, …). Body (optional): what the action performs "
                    + "reads: method, amount, type, reason, lines, carrier, trackingNumber. 200 with the order after "
                    + "it; 409 naming the reason when the flow does not allow it now; 404 for an action the flow does "
                    + "not have.")
    Order run(
            @PathVariable String id,
            @PathVariable String action,
            @RequestBody(required = false) @Nullable JsonNode body) {
        ActionFields fields =
                new ActionFields(body, "method", "amount", "type", "reason", "lines", "carrier", "trackingNumber");
        String method = fields.text("method", false);
        BigDecimal amount = fields.amount("amount");
        String type = fields.text("type", false);
        String reason = fields.text("reason", false);
        List<LineQuantity> lines = fields.lineQuantities("lines");
        String carrier = fields.text("carrier", false);
        String tracking = fields.text("trackingNumber", false);
        fields.throwIfInvalid();
        return actions.run(
                OrderController.orderId(id),
                action,
                new FlowActions.Parameters(method, amount, type, reason, lines, carrier, tracking));
    }

    @GetMapping("/api/v1/orders/{id}/deadlines")
    @Operation(
            summary = "The flow deadlines of an order",
            description = "Pending and fired, soonest first: the state that set each, its action, when it is due, "
                    + "and when it fired with what outcome (fired, or refused: the reason).")
    Map<String, Object> deadlines(@PathVariable String id) {
        Order order = orders.get(OrderController.orderId(id));
        return Map.of("orderId", id, "deadlines", deadlines.of(order.id()));
    }
}

package dev.fulcrum.order.web;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.order.FlowDefinition;
import dev.fulcrum.order.FlowRef;
import dev.fulcrum.order.Flows;
import dev.fulcrum.shared.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Order flows: list every version, publish a new version (orders placed before keep theirs). */
@RestController
@Tag(name = "Flows")
class FlowController {

    private final Flows flows;
    private final AuditLog audit;
    private final JsonMapper json;

    FlowController(Flows flows, AuditLog audit, JsonMapper json) {
        this.flows = flows;
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
            description = "Body: a flow definition (states, transitions with action, from, CEL guards and actions).")
    FlowRef publish(@PathVariable String name, @RequestBody JsonNode body) {
        FlowDefinition definition;
        try {
            definition = json.treeToValue(body, FlowDefinition.class);
        } catch (RuntimeException unreadable) {
            throw ApiProblem.invalid("body", "is not a flow definition: " + unreadable.getMessage());
        }
        if (definition.transitions() == null || definition.states() == null) {
            throw ApiProblem.invalid("transitions", "states and transitions are required");
        }
        FlowDefinition named =
                new FlowDefinition(name, definition.description(), definition.states(), definition.transitions());
        FlowRef published = flows.publish(named);
        audit.record("flow.published", "flow", name, Map.of("version", published.version()));
        return published;
    }
}

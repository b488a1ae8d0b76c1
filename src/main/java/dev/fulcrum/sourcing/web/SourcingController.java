package dev.fulcrum.sourcing.web;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.internal.Decisions;
import dev.fulcrum.sourcing.internal.NoteTagger;
import dev.fulcrum.sourcing.internal.ProfileDefinition;
import dev.fulcrum.sourcing.internal.Profiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final JsonMapper json;

    SourcingController(Decisions decisions, Profiles profiles, NoteTagger tagger, JsonMapper json) {
        this.decisions = decisions;
        this.profiles = profiles;
        this.tagger = tagger;
        this.json = json;
    }

    @GetMapping("/api/v1/orders/{id}/sourcing")
    @Operation(summary = "The sourcing decision of an order with its trace", description = "Status, the profile version "
            + "that decided, shipments (location, carrier service, lines, ship-by, deliver-by, cost, carbon), the lines "
            + "not allocated and why, and the trace: intent, strategy selection, every candidate and its verdict, "
            + "what the other presets would have chosen.")
    @Transactional(readOnly = true)
    public SourcingDecision decision(@PathVariable String id) {
        OrderId orderId = OrderId.parse(id).orElseThrow(() -> ApiProblem.invalid("id", "must be an order id (UUID)"));
        return decisions.current(orderId).orElseThrow(() -> ApiProblem.notFound("order " + id
                + " has no sourcing decision: it does not exist, is not paid yet, or has nothing open"));
    }

    @GetMapping("/api/v1/sourcing/profiles")
    @Operation(summary = "Every version of every sourcing profile, with its status (draft, active, retired)")
    List<Profiles.StoredProfile> profiles() {
        return profiles.list();
    }

    @PutMapping("/api/v1/sourcing/profiles/{name}")
    @Operation(summary = "Put a draft version of a profile", description = "Replaces the profile's draft or adds a new "
            + "draft version; active and retired versions never change. Body: {\"strategies\": [{\"name\": \"urgent\", "
            + "\"when\": \"'urgent' in order.tags\", \"objective\": \"speed-first\", \"maxShipments\": 2}, "
            + "{\"name\": \"default\", \"objective\": \"balanced\"}], \"fallback\": \"backorder\"}")
    Profiles.StoredProfile putProfile(@PathVariable String name, @RequestBody JsonNode body) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw ApiProblem.invalid("name", "must be lower-case letters, digits and '-' (at most 63)");
        }
        ProfileDefinition definition;
        try {
            definition = json.treeToValue(body, ProfileDefinition.class);
        } catch (RuntimeException unreadable) {
            throw ApiProblem.invalid("body", "is not a sourcing profile: " + firstLine(unreadable.getMessage()));
        }
        if (definition.fallback() == null) {
            definition = new ProfileDefinition(definition.description(), definition.strategies(), "backorder");
        }
        return profiles.putDraft(name, definition);
    }

    @GetMapping("/api/v1/sourcing/profiles/{name}/versions/{version}")
    @Operation(summary = "Read one version of a profile")
    Profiles.StoredProfile profile(@PathVariable String name, @PathVariable int version) {
        return profiles.get(name, version);
    }

    @PostMapping("/api/v1/sourcing/profiles/{name}/versions/{version}/activate")
    @Operation(summary = "Activate a profile version", description = "Future decisions use it; past decisions keep "
            + "naming the version that made them. The previously active version is retired.")
    Profiles.StoredProfile activate(@PathVariable String name, @PathVariable int version) {
        return profiles.activate(name, version);
    }

    @GetMapping("/api/v1/sourcing/tagger")
    @Operation(summary = "The note tagger's rules: tag → keywords")
    Map<String, List<String>> taggerRules() {
        return tagger.rules();
    }

    @PutMapping("/api/v1/sourcing/tagger")
    @Operation(summary = "Replace the note tagger's rules", description = "Body: {\"rules\": {\"urgent\": [\"急\", \"urgent\"]}}")
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

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}

package dev.fulcrum.risk.web;

import dev.fulcrum.order.OrderContract;
import dev.fulcrum.risk.Risk;
import dev.fulcrum.risk.RiskAssessment;
import dev.fulcrum.risk.RiskListEntry;
import dev.fulcrum.risk.RiskPolicy;
import dev.fulcrum.risk.RiskReview;
import dev.fulcrum.risk.internal.ListStore;
import dev.fulcrum.risk.internal.Signals;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The risk API: an order's assessment and outcome, scoring without placing, lists, policies and reviews. */
@RestController
@Tag(name = "Risk")
class RiskController {

    static final int MAX_RULES = 200;
    static final int MAX_PAGE_SIZE = 500;
    static final int MAX_DRY_RUN_ORDERS = 50_000;
    private static final Pattern RULE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern CARD_BIN = Pattern.compile("[0-9]{6,8}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final Risk risk;

    RiskController(Risk risk) {
        this.risk = risk;
    }

    @GetMapping("/api/v1/orders/{id}/risk")
    @Operation(
            summary = "The order's risk assessment",
            description = "Score 0-100, decision (accept, review, reject), model and policy versions, the features "
                    + "(name to number) and the explanation: base plus every factor's contribution is the score.")
    RiskAssessment assessment(@PathVariable String id) {
        OrderId orderId = orderId(id);
        return risk.assessment(orderId)
                .orElseThrow(() -> ApiProblem.notFound("order " + id + " has no risk assessment"));
    }

    @PostMapping("/api/v1/orders/{id}/risk/outcome")
    @Operation(
            summary = "Record what became of an order",
            description = "Body: {\"outcome\": \"fraud\" | \"chargeback\" | \"legitimate\"}; a later outcome replaces "
                    + "an earlier one. Outcomes are what a learned score is trained on.")
    Map<String, Object> outcome(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        OrderId orderId = orderId(id);
        JsonFields fields = new JsonFields(required(body), "outcome");
        String outcome = fields.oneOf("outcome", Risk.OUTCOMES, null);
        if (fields.node("outcome") == null) {
            fields.problem("outcome", "is required: one of " + Risk.OUTCOMES);
        }
        fields.throwIfInvalid();
        risk.recordOutcome(orderId, java.util.Objects.requireNonNull(outcome));
        return Map.of("orderId", orderId.toString(), "outcome", outcome);
    }

    @PostMapping("/api/v1/risk/score")
    @Operation(
            summary = "Score an order without placing it",
            description = "Body: an order as POST /api/v1/orders takes it. Answers the assessment intake would make "
                    + "now under the active policy; nothing is placed and no counter changes.")
    RiskAssessment score(@RequestBody(required = false) @Nullable JsonNode body) {
        return risk.score(OrderContract.parse(body));
    }

    // Lists

    @PutMapping("/api/v1/risk/lists/{kind}/{*value}")
    @Operation(
            summary = "Put a value on the allow or deny list",
            description = "Kinds: email, email-domain, phone, device, ip (an address or a CIDR block such as "
                    + "10.0.0.0/8), address, customer, card-bin. Body: {\"list\": \"deny\", \"reason\": \"...\", "
                    + "\"expiresAt\": \"2027-01-01T00:00:00Z\"}. A deny match rejects the order, an allow match skips "
                    + "scoring.")
    RiskListEntry putListEntry(
            @PathVariable String kind,
            @PathVariable String value,
            @RequestBody(required = false) @Nullable JsonNode body) {
        String listKind = kind(kind);
        String normalised = normalised(listKind, value);
        JsonFields fields = new JsonFields(required(body), "list", "reason", "expiresAt");
        String list = fields.oneOf("list", RiskListEntry.LISTS, null);
        if (fields.node("list") == null) {
            fields.problem("list", "is required: allow or deny");
        }
        String reason = fields.text("reason", true);
        if (reason != null && reason.length() > 500) {
            fields.problem("reason", "must be at most 500 characters");
        }
        Instant expiresAt = fields.instant("expiresAt", false);
        fields.throwIfInvalid();
        return risk.putListEntry(
                listKind,
                normalised,
                java.util.Objects.requireNonNull(list),
                java.util.Objects.requireNonNull(reason),
                expiresAt);
    }

    @GetMapping("/api/v1/risk/lists/{kind}/{*value}")
    @Operation(summary = "A list entry")
    RiskListEntry listEntry(@PathVariable String kind, @PathVariable String value) {
        String listKind = kind(kind);
        String normalised = normalised(listKind, value);
        return risk.listEntry(listKind, normalised)
                .orElseThrow(() -> ApiProblem.notFound(listKind + " " + normalised + " is on no list"));
    }

    @DeleteMapping("/api/v1/risk/lists/{kind}/{*value}")
    @Operation(summary = "Take a value off its list")
    ResponseEntity<Void> deleteListEntry(@PathVariable String kind, @PathVariable String value) {
        String listKind = kind(kind);
        String normalised = normalised(listKind, value);
        if (!risk.deleteListEntry(listKind, normalised)) {
            throw ApiProblem.notFound(listKind + " " + normalised + " is on no list");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/risk/lists")
    @Operation(summary = "List entries, by kind and value", description = "Filter: kind. limit at most 500.")
    Map<String, Object> listEntries(
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable Integer limit) {
        return Map.of("items", risk.listEntries(kind == null ? null : kind(kind), pageSize(limit)));
    }

    // Policies

    @GetMapping("/api/v1/risk/policies")
    @Operation(summary = "Every policy version, newest first, and the shipped default (version 0)")
    Map<String, Object> policies() {
        return Map.of("items", risk.policies(), "active", risk.activePolicy().version());
    }

    @GetMapping("/api/v1/risk/policies/{version}")
    @Operation(summary = "A policy version (0: the shipped default)")
    RiskPolicy.Version policy(@PathVariable String version) {
        int number = version(version);
        return risk.policy(number)
                .orElseThrow(() -> ApiProblem.notFound("risk policy version " + number + " does not exist"));
    }

    @PutMapping("/api/v1/risk/policies/{version}")
    @Operation(
            summary = "Store a draft policy version",
            description = "Body: {\"base\": 5, \"reviewAt\": 55, \"rejectAt\": 90, \"modelVersion\": \"rules-v1\", "
                    + "\"highRiskCategories\": [], \"rules\": [{\"name\": \"device_velocity\", \"when\": "
                    + "\"features.deviceOrders1h >= 6.0\", \"points\": 60}], \"reviewSlaMinutes\": 60, \"onOverdue\": "
                    + "\"escalate\"}. Every rule is checked on a sample order. Activate with POST .../activate.")
    RiskPolicy.Version putPolicy(@PathVariable String version, @RequestBody(required = false) @Nullable JsonNode body) {
        return risk.putPolicy(version(version), policyOf(body));
    }

    @PostMapping("/api/v1/risk/policies/{version}/activate")
    @Operation(summary = "Activate a policy version; the active one is retired")
    RiskPolicy.Version activate(@PathVariable String version) {
        return risk.activatePolicy(version(version));
    }

    @PostMapping("/api/v1/risk/policies/{version}/dry-run")
    @Operation(
            summary = "Replay the last N days of assessments under a policy version",
            description = "Body: {\"days\": 30, \"limit\": 10000}. Answers how many orders each decision would change "
                    + "(\"accept->review\": 3), the decisions it would make, and up to ten examples.")
    Risk.DryRun dryRun(@PathVariable String version, @RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "days", "limit");
        Integer days = fields.integer("days", false, 1, 365);
        Integer limit = fields.integer("limit", false, 1, MAX_DRY_RUN_ORDERS);
        fields.throwIfInvalid();
        return risk.dryRun(version(version), days == null ? 30 : days, limit == null ? 10_000 : limit);
    }

    // Reviews

    @GetMapping("/api/v1/risk/reviews")
    @Operation(
            summary = "Review cases",
            description = "Filter: status (open, approved, rejected). Open cases soonest due first. limit at most 500.")
    Map<String, Object> reviews(
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable Integer limit) {
        if (status != null && !List.of("open", "approved", "rejected").contains(status)) {
            throw ApiProblem.invalid("status", "must be one of open, approved, rejected");
        }
        return Map.of("items", risk.reviews(status, pageSize(limit)));
    }

    @GetMapping("/api/v1/risk/reviews/{id}")
    @Operation(summary = "A review case")
    RiskReview review(@PathVariable String id) {
        return risk.review(reviewId(id));
    }

    @PostMapping("/api/v1/risk/reviews/{id}/approve")
    @Operation(
            summary = "Approve a case: release the risk hold",
            description = "Body (optional): {\"reason\": \"...\"}. The order goes on to sourcing; the stock it kept "
                    + "frozen is allocated. 409 when decided already.")
    RiskReview approve(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        return risk.approve(reviewId(id), reason(body));
    }

    @PostMapping("/api/v1/risk/reviews/{id}/reject")
    @Operation(
            summary = "Reject a case: cancel the order",
            description = "Body (optional): {\"reason\": \"...\"}. The order is cancelled with the reason and its "
                    + "stock is available again. 409 when decided already.")
    RiskReview reject(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        return risk.reject(reviewId(id), reason(body));
    }

    private static @Nullable String reason(@Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "reason");
        String reason = fields.text("reason", false);
        if (reason != null && reason.length() > 500) {
            fields.problem("reason", "must be at most 500 characters");
        }
        fields.throwIfInvalid();
        return reason;
    }

    static RiskPolicy policyOf(@Nullable JsonNode body) {
        JsonFields fields = new JsonFields(
                required(body),
                "base",
                "reviewAt",
                "rejectAt",
                "modelVersion",
                "highRiskCategories",
                "rules",
                "reviewSlaMinutes",
                "onOverdue");
        RiskPolicy standard = RiskPolicy.standard();
        Integer base = fields.integer("base", false, 0, 100);
        Integer reviewAt = fields.integer("reviewAt", false, 0, 100);
        Integer rejectAt = fields.integer("rejectAt", false, 0, 100);
        String modelVersion = fields.text("modelVersion", false);
        List<String> categories = fields.strings("highRiskCategories");
        Integer sla = fields.integer("reviewSlaMinutes", false, 1, 10_080);
        String onOverdue = fields.oneOf("onOverdue", RiskPolicy.ON_OVERDUE, "escalate");
        int review = reviewAt == null ? standard.reviewAt() : reviewAt;
        int reject = rejectAt == null ? standard.rejectAt() : rejectAt;
        if (reject < review) {
            fields.problem("rejectAt", "must be at least reviewAt (" + review + ")");
        }
        List<RiskPolicy.Rule> rules = new ArrayList<>();
        JsonNode array = fields.node("rules");
        RequestLimits.atMost("rules", array == null ? 0 : array.size(), MAX_RULES, "rules per policy");
        if (array != null && !array.isArray()) {
            fields.problem("rules", "must be an array");
        } else if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                JsonFields rule =
                        fields.nested("rules[" + i + "]", array.get(i), "name", "when", "points", "description");
                String name = rule.text("name", true);
                if (name != null && !RULE_NAME.matcher(name).matches()) {
                    rule.problem(
                            "name", "must be lower-case letters, digits and _ (at most 64), starting with a letter");
                }
                String when = rule.text("when", true);
                if (when != null && when.length() > 2000) {
                    rule.problem("when", "must be at most 2,000 characters");
                }
                Integer points = rule.integer("points", true, -100, 100);
                String description = rule.text("description", false);
                rules.add(new RiskPolicy.Rule(
                        name == null ? "" : name, when == null ? "" : when, points == null ? 0 : points, description));
            }
        }
        fields.throwIfInvalid();
        return new RiskPolicy(
                base == null ? standard.base() : base,
                review,
                reject,
                modelVersion == null ? standard.modelVersion() : modelVersion,
                categories == null ? List.of() : categories,
                array == null ? standard.rules() : rules,
                sla == null ? standard.reviewSlaMinutes() : sla,
                onOverdue == null ? "escalate" : onOverdue);
    }

    private static String kind(String kind) {
        if (!RiskListEntry.KINDS.contains(kind)) {
            throw ApiProblem.invalid("kind", "must be one of " + RiskListEntry.KINDS);
        }
        return kind;
    }

    /** The value as orders are matched: lower-case e-mail and domain, a phone's digits, an address's hash. */
    static String normalised(String kind, String raw) {
        String value = raw.startsWith("/") ? raw.substring(1) : raw;
        if (value.isBlank() || value.length() > 500) {
            throw ApiProblem.invalid("value", "must be 1 to 500 characters");
        }
        String problem = null;
        String normalised = value.strip();
        switch (kind) {
            case "email" -> {
                normalised = Signals.normalisedEmail(value);
                problem = normalised == null ? "is not an e-mail address" : null;
            }
            case "email-domain" -> {
                normalised = value.strip().toLowerCase(Locale.ROOT);
                problem = normalised.contains("@") || !normalised.contains(".") ? "is not a domain" : null;
            }
            case "phone" -> {
                normalised = Signals.normalisedPhone(value);
                problem = normalised == null ? "must have at least five digits" : null;
            }
            case "ip" -> {
                normalised = value.strip().toLowerCase(Locale.ROOT);
                boolean address = com.google.common.net.InetAddresses.isInetAddress(normalised);
                problem = address || ListStore.isBlock(normalised) ? null : "is not an IP address or CIDR block";
            }
            case "card-bin" -> problem = CARD_BIN.matcher(normalised).matches() ? null : "must be 6 to 8 digits";
            case "address" -> {
                if (!HASH.matcher(normalised).matches()) {
                    // Plain text "line1|line2|city|postal code|country" is hashed as orders' addresses are.
                    String[] parts = normalised.split("\\|", -1);
                    if (parts.length != 5) {
                        problem = "must be the address hash (64 hex digits) or line1|line2|city|postalCode|country";
                    } else {
                        normalised = Signals.addressHash(new dev.fulcrum.order.Address(
                                "", null, parts[0], parts[1], parts[2], null, parts[3], parts[4], null, null));
                    }
                }
            }
            default -> {
                // device, customer: as given
            }
        }
        if (problem != null || normalised == null) {
            throw ApiProblem.invalid("value", problem == null ? "is not valid" : problem);
        }
        return normalised;
    }

    private static int version(String text) {
        try {
            int version = Integer.parseInt(text);
            if (version < 0 || version > 1_000_000) {
                throw ApiProblem.invalid("version", "must be 0 to 1,000,000");
            }
            return version;
        } catch (NumberFormatException notANumber) {
            throw ApiProblem.invalid("version", "must be a whole number");
        }
    }

    private static int pageSize(@Nullable Integer limit) {
        if (limit == null) {
            return 100;
        }
        if (limit < 1) {
            throw ApiProblem.invalid("limit", "must be at least 1");
        }
        RequestLimits.atMost("limit", limit, MAX_PAGE_SIZE, "items per page");
        return limit;
    }

    private static JsonNode required(@Nullable JsonNode body) {
        if (body == null || body.isNull()) {
            throw ApiProblem.invalid("body", "is required");
        }
        return body;
    }

    private static OrderId orderId(String id) {
        return OrderId.parse(id).orElseThrow(() -> ApiProblem.notFound("order " + id + " does not exist"));
    }

    private static UUID reviewId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("review " + id + " does not exist");
        }
    }
}

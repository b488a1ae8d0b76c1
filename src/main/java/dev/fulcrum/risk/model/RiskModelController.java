package dev.fulcrum.risk.model;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The learned score's API: train a model in the background, follow it, list the versions, activate one. */
@RestController
@Tag(name = "Risk models")
class RiskModelController {

    static final int MAX_PAGE_SIZE = 500;

    private final RiskModels models;

    RiskModelController(RiskModels models) {
        this.models = models;
    }

    @PostMapping("/api/v1/risk/models")
    @Operation(
            summary = "Train a learned risk model from the tenant's labelled orders",
            description =
                    "Body (optional): {\"threshold\": 60, \"heldBackPercent\": 20}. Reads the assessed orders with"
                            + " an outcome (at most fulcrum.risk.model.max-examples, 50,000 by default: a tenant with more is"
                            + " refused with 422 too-many-examples), holds back the latest heldBackPercent (5-50, default 20) and"
                            + " trains a logistic regression on the rest in the background. Answers 202 with the run; follow"
                            + " GET /api/v1/risk/models/{version} until status is done (with the held-back slice's AUC, and its"
                            + " precision and recall at threshold, the review threshold on the 0-100 score, default 60) or"
                            + " failed. 422 not-enough-examples or one-class when the examples cannot make a model; 409"
                            + " training-in-progress; 503 training-busy when this instance is training already.")
    ResponseEntity<RiskModel> train(@RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "threshold", "heldBackPercent");
        Double threshold = fields.decimal("threshold", false, 0, 100);
        Integer heldBackPercent = fields.integer("heldBackPercent", false, 5, 50);
        fields.throwIfInvalid();
        RiskModel run = models.train(
                threshold == null ? RiskModels.DEFAULT_THRESHOLD : threshold,
                heldBackPercent == null ? RiskModels.DEFAULT_HELD_BACK_PERCENT : heldBackPercent);
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/risk/models/" + run.version()))
                .body(run);
    }

    @GetMapping("/api/v1/risk/models")
    @Operation(
            summary = "The tenant's learned models, newest first",
            description = "Without the fitted weights (read one model for them). Follow `nextBefore` for older ones.")
    Map<String, Object> list(
            @Parameter(description = "Only versions below this one: the previous page's nextBefore")
                    @RequestParam(required = false)
                    @Nullable
                    Integer before,
            @Parameter(
                            description = "Models per page, at most 500",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
                    @RequestParam(defaultValue = "50")
                    int limit) {
        RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE);
        List<RiskModel> items = models.list(before, limit);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items);
        page.put("nextBefore", items.size() < limit ? null : items.getLast().version());
        return page;
    }

    @GetMapping("/api/v1/risk/models/{version}")
    @Operation(
            summary = "One learned model: status, progress, examples, backtest and, once done, its weights",
            description = "status is training, done or failed; a run without progress for"
                    + " fulcrum.risk.model.stall-timeout (10 minutes) is shown failed.")
    RiskModel get(@PathVariable String version) {
        return models.get(version(version));
    }

    @PostMapping("/api/v1/risk/models/{version}/activate")
    @Operation(
            summary = "Make a done model the tenant's active learned score",
            description = "New assessments carry its modelVersion from now on. 409 model-not-done for a model that is"
                    + " training or failed.")
    RiskModel activate(@PathVariable String version) {
        return models.activate(version(version));
    }

    private static int version(String text) {
        try {
            String digits = text.strip();
            int version = Integer.parseInt(digits.startsWith("learned-") ? digits.substring(8) : digits);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw ApiProblem.invalid("version", "must be a model version (3 or learned-3), got " + text);
    }
}

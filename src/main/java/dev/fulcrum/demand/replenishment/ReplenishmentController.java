package dev.fulcrum.demand.replenishment;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.shared.Sku;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Replenishment proposals: what to order per SKU and location, explained, and their approval into inbound stock. */
@RestController
@Tag(name = "Replenishment")
class ReplenishmentController {

    /** The most proposals one page lists. */
    static final int MAX_PAGE_SIZE = 500;

    private final ReplenishmentProposals proposals;

    ReplenishmentController(ReplenishmentProposals proposals) {
        this.proposals = proposals;
    }

    @GetMapping("/api/v1/replenishment/proposals")
    @Operation(
            summary = "Compute and list replenishment proposals",
            description =
                    "Recomputes from the latest forecast, on hand, reserved and inbound stock, the location's lead "
                            + "time and review period and the service level; lists the positions due an order by location and "
                            + "SKU (all=true: every position), each with its explanation. At most 10000 positions per computation "
                            + "(fulcrum.replenishment.max-positions: narrow with locationId or sku) and 500 proposals a page.")
    ReplenishmentProposals.Listing list(
            @RequestParam(required = false) @Nullable String locationId,
            @RequestParam(required = false) @Nullable String sku,
            @RequestParam(defaultValue = "false") boolean all,
            @RequestParam(required = false) @Nullable String cursor,
            @Parameter(
                            description = "Proposals per page, at most 500",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "100"))
                    @RequestParam(defaultValue = "100")
                    int limit) {
        RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE);
        return proposals.list(
                locationId == null || locationId.isBlank() ? null : new LocationId(locationId),
                sku == null || sku.isBlank() ? null : new Sku(sku),
                all,
                cursor,
                limit);
    }

    @GetMapping("/api/v1/replenishment/proposals/{id}")
    @Operation(summary = "Read a replenishment proposal, open or approved")
    ReplenishmentProposal get(@PathVariable String id) {
        return proposals
                .find(id(id))
                .orElseThrow(() -> ApiProblem.notFound("replenishment proposal " + id + " does not exist"));
    }

    @PostMapping("/api/v1/replenishment/proposals/{id}/approve")
    @Operation(
            summary = "Approve a replenishment proposal",
            description =
                    "Optional body: {\"quantity\": 120, \"expectedOn\": \"2026-12-10\"} to change what is ordered. "
                            + "Creates an inbound line at the location, expected on the proposal's date (today plus the location's "
                            + "lead time), which raises availability from that date on. 409 when approved already.")
    ReplenishmentProposal approve(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        UUID proposalId = id(id);
        Integer quantity = null;
        LocalDate expectedOn = null;
        if (body != null && !body.isNull()) {
            JsonFields fields = new JsonFields(body, "quantity", "expectedOn");
            quantity = fields.integer("quantity", false, 1, 100_000_000);
            String date = fields.text("expectedOn", false);
            if (date != null) {
                try {
                    expectedOn = LocalDate.parse(date);
                } catch (DateTimeParseException notADate) {
                    fields.problem("expectedOn", "must be an ISO 8601 date such as 2026-12-10");
                }
            }
            fields.throwIfInvalid();
        }
        return proposals.approve(proposalId, quantity, expectedOn);
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notUuid) {
            throw ApiProblem.invalid("id", "must be a proposal id");
        }
    }
}

package dev.fulcrum.approvals.web;

import dev.fulcrum.approvals.Approval;
import dev.fulcrum.approvals.Approvals;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.ListQueries;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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

/** The approvals API: the inbox, one approval, approving and rejecting its current step, and approval roles. */
@RestController
@Tag(name = "Approvals")
class ApprovalController {

    /** The most approvals one page lists; follow {@code nextCursor} for more. */
    static final int MAX_PAGE_SIZE = 500;

    static final int MAX_ROLE_MEMBERS = 500;

    private final Approvals approvals;

    ApprovalController(Approvals approvals) {
        this.approvals = approvals;
    }

    @GetMapping("/api/v1/approvals")
    @Operation(
            summary = "Approvals, oldest first",
            description =
                    "Filters: status (pending, escalated, approved, rejected, or open for pending and escalated), "
                            + "role (the current step's role or escalation target), user (a principal who may decide the "
                            + "current step: user:alice, key:finance-bot; a bare name is a console user). limit 1 to 500 "
                            + "(100 by default); follow nextCursor for the next page.")
    Map<String, Object> list(
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String role,
            @RequestParam(required = false) @Nullable String user,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "100") int limit) {
        RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE);
        if (status != null && !status.equals("open") && !Approval.STATUSES.contains(status)) {
            throw ApiProblem.invalid("status", "must be one of open, " + String.join(", ", Approval.STATUSES));
        }
        if (role != null && !Approvals.ROLE.matcher(role).matches()) {
            throw ApiProblem.invalid("role", "must match " + Approvals.ROLE.pattern());
        }
        if (user != null && !Approvals.validPrincipal(user)) {
            throw ApiProblem.invalid("user", "must be a user name or a principal (user:alice, key:finance-bot)");
        }
        List<Approval> page = approvals.list(status, role, user, ListQueries.cursor(cursor), limit + 1);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", page.size() > limit ? page.subList(0, limit) : page);
        answer.put(
                "nextCursor",
                page.size() > limit
                        ? new ListQueries.Cursor(
                                        page.get(limit - 1).requestedAt(),
                                        page.get(limit - 1).id())
                                .encode()
                        : null);
        return answer;
    }

    @GetMapping("/api/v1/approvals/{id}")
    @Operation(summary = "An approval, with its steps and decisions")
    Approval get(@PathVariable String id) {
        return approvals.get(approvalId(id));
    }

    @PostMapping("/api/v1/approvals/{id}/approve")
    @Operation(
            summary = "Approve the current step",
            description = "Body (optional): {\"comment\": \"...\"}. The caller (the API key or console user) must be "
                    + "one of the step's users or hold its role (or the escalation target's): 403 otherwise. After "
                    + "the last applicable step the order's approval hold is released and the order goes on to "
                    + "sourcing. 409 when decided already.")
    Approval approve(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        return approvals.approve(approvalId(id), comment(body));
    }

    @PostMapping("/api/v1/approvals/{id}/reject")
    @Operation(
            summary = "Reject the approval",
            description = "Body (optional): {\"comment\": \"...\"}. Deciders as for approve. The order is cancelled "
                    + "with the reason (its stock is available again), or moved to the flow state the request named. "
                    + "409 when decided already.")
    Approval reject(@PathVariable String id, @RequestBody(required = false) @Nullable JsonNode body) {
        return approvals.reject(approvalId(id), comment(body));
    }

    @GetMapping("/api/v1/approval-roles")
    @Operation(summary = "Approval roles and their members")
    Map<String, List<String>> roles() {
        return approvals.roles();
    }

    @GetMapping("/api/v1/approval-roles/{role}")
    @Operation(summary = "The members of an approval role")
    Map<String, Object> role(@PathVariable String role) {
        return Map.of("role", checkedRole(role), "members", approvals.members(role));
    }

    @PutMapping("/api/v1/approval-roles/{role}")
    @Operation(
            summary = "Set the members of an approval role",
            description = "Body: {\"members\": [\"user:alice\", \"key:finance-bot\"]}: principals as the audit log "
                    + "names them (a bare name is a console user). Needs the approval-roles:write scope (an admin key "
                    + "has it), so a key that may decide approvals cannot make itself an approver.")
    Map<String, Object> putRole(@PathVariable String role, @RequestBody(required = false) @Nullable JsonNode body) {
        String checked = checkedRole(role);
        JsonFields fields = new JsonFields(body, "members");
        List<String> members = fields.strings("members");
        if (members == null) {
            fields.problem("members", "is required: a list of principals");
        } else {
            if (members.size() > MAX_ROLE_MEMBERS) {
                fields.problem("members", RequestLimits.overCap(members.size(), MAX_ROLE_MEMBERS, "members per role"));
            }
            for (int i = 0; i < members.size(); i++) {
                if (!Approvals.validPrincipal(members.get(i))) {
                    fields.problem("members[" + i + "]", "must be a user name or a principal (user:, key:)");
                }
            }
        }
        fields.throwIfInvalid();
        return Map.of(
                "role", checked, "members", approvals.putMembers(checked, java.util.Objects.requireNonNull(members)));
    }

    private static String checkedRole(String role) {
        if (!Approvals.ROLE.matcher(role).matches()) {
            throw ApiProblem.invalid("role", "must match " + Approvals.ROLE.pattern());
        }
        return role;
    }

    private static @Nullable String comment(@Nullable JsonNode body) {
        if (body == null || body.isNull()) {
            return null;
        }
        JsonFields fields = new JsonFields(body, "comment");
        String comment = fields.text("comment", false);
        if (comment != null && comment.length() > Approvals.MAX_COMMENT) {
            fields.problem("comment", "must be at most " + Approvals.MAX_COMMENT + " characters");
        }
        fields.throwIfInvalid();
        return comment == null || comment.isBlank() ? null : comment.strip();
    }

    private static UUID approvalId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("approval " + id + " does not exist");
        }
    }
}

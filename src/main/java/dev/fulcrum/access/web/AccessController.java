package dev.fulcrum.access.web;

import dev.fulcrum.access.ApiKeys;
import dev.fulcrum.access.AuditLog;
import dev.fulcrum.access.PlatformAdmins;
import dev.fulcrum.access.Users;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Managing API keys and users of the caller's tenant (scope {@code api-keys:write} / {@code users:write} or admin). */
@RestController
@Tag(name = "Access")
class AccessController {

    private final ApiKeys apiKeys;
    private final Users users;
    private final AuditLog audit;

    AccessController(ApiKeys apiKeys, Users users, AuditLog audit) {
        this.apiKeys = apiKeys;
        this.users = users;
        this.audit = audit;
    }

    @PostMapping("/api/v1/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    @Operation(
            summary = "Create an API key",
            description = "Body: {\"name\": \"ERP\", \"scopes\": [\"orders:read\", \"orders:write\"]}. "
                    + "The key is in the response once and never again.")
    ApiKeys.CreatedApiKey createKey(@RequestBody JsonNode body) {
        String name = requiredText(body, "name");
        List<String> scopes = new ArrayList<>();
        JsonNode scopeNodes = body.get("scopes");
        if (scopeNodes == null || !scopeNodes.isArray() || scopeNodes.isEmpty()) {
            throw ApiProblem.invalid("scopes", "must be a non-empty array such as [\"orders:read\"]");
        }
        scopeNodes.values().forEach(scope -> scopes.add(scope.isString() ? scope.stringValue() : scope.toString()));
        if (scopes.stream().anyMatch(scope -> scope.startsWith("platform:"))
                && !PlatformAdmins.holds(SecurityContextHolder.getContext().getAuthentication())) {
            throw ApiProblem.forbidden("only a platform admin may create a key with a platform scope");
        }
        ApiKeys.CreatedApiKey created = apiKeys.create(name, scopes);
        audit.record("api-key.created", "api-key", created.id().toString(), Map.of("name", name, "scopes", scopes));
        return created;
    }

    @GetMapping("/api/v1/api-keys")
    @Operation(summary = "List API keys (never their secrets)")
    List<ApiKeys.ApiKeyInfo> listKeys() {
        return apiKeys.list();
    }

    @DeleteMapping("/api/v1/api-keys/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    @Operation(summary = "Revoke an API key")
    void revokeKey(@PathVariable String id) {
        UUID keyId;
        try {
            keyId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("API key " + id + " does not exist");
        }
        apiKeys.revoke(keyId);
        audit.record("api-key.revoked", "api-key", id, Map.of());
    }

    @PostMapping("/api/v1/users")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    @Operation(
            summary = "Create a console user",
            description = "Body: {\"username\": \"li.na\", \"displayName\": \"李娜\", "
                    + "\"password\": \"...\", \"role\": \"operator\"}; roles: admin, operator, viewer")
    Map<String, Object> createUser(@RequestBody JsonNode body) {
        String username = requiredText(body, "username");
        String password = requiredText(body, "password");
        String role = requiredText(body, "role");
        String displayName =
                body.hasNonNull("displayName") ? body.get("displayName").asString() : username;
        UUID id = users.create(username, displayName, password, role);
        audit.record("user.created", "user", id.toString(), Map.of("username", username, "role", role));
        return Map.of("id", id, "username", username, "displayName", displayName, "role", role);
    }

    private static String requiredText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isString() || node.stringValue().isBlank()) {
            throw ApiProblem.invalid(List.of(new FieldProblem(field, "is required and must be a non-empty string")));
        }
        return node.stringValue().strip();
    }
}

package dev.fulcrum.access.web;

import dev.fulcrum.access.Tenants;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.TenantId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The platform admin's API: tenants of the installation. Only keys of the default tenant with scope {@code admin} or
 * {@code platform:write} ({@code platform:read} for listing) get past the security filter (ADR 0092).
 */
@RestController
@Tag(name = "Platform", description = "Tenants of the installation, for platform admins")
class PlatformController {

    private final Tenants tenants;

    PlatformController(Tenants tenants) {
        this.tenants = tenants;
    }

    @PostMapping("/api/v1/platform/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create a tenant with its admin user and first API key",
            description = "The answer holds the admin user's password and the API key once and never again. "
                    + "The slug and the username must be unused (409 otherwise).",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(mediaType = "application/json", examples = @ExampleObject(value = """
                                    {"slug": "acme-tea", "name": "Acme Tea Co.", "adminUsername": "ops@acme-tea"}"""))))
    Tenants.CreatedTenant create(@RequestBody(required = false) JsonNode body) {
        List<FieldProblem> problems = new ArrayList<>();
        String slug = text(body, "slug", problems);
        String name = text(body, "name", problems);
        String adminUsername = text(body, "adminUsername", problems);
        if (!slug.isEmpty() && !Tenants.SLUG.matcher(slug).matches()) {
            problems.add(new FieldProblem(
                    "slug", "must be 2 to 40 lower-case letters, digits or '-', starting with a letter"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        return tenants.createWithAdmin(slug, name, adminUsername);
    }

    @GetMapping("/api/v1/platform/tenants")
    @Operation(summary = "List every tenant of the installation with its status")
    List<Tenants.TenantInfo> list() {
        return tenants.list();
    }

    @PostMapping("/api/v1/platform/tenants/{id}/suspend")
    @Operation(
            summary = "Suspend a tenant",
            description = "Its API keys and users get 403 from now on (other instances within "
                    + "fulcrum.api-keys.cache-ttl, 10 s by default); its data is kept. The default tenant cannot be "
                    + "suspended.")
    Tenants.TenantInfo suspend(@PathVariable String id) {
        return tenants.suspend(tenantId(id));
    }

    @PostMapping("/api/v1/platform/tenants/{id}/reactivate")
    @Operation(summary = "Reactivate a suspended tenant")
    Tenants.TenantInfo reactivate(@PathVariable String id) {
        return tenants.reactivate(tenantId(id));
    }

    private static TenantId tenantId(String id) {
        try {
            return new TenantId(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("tenant " + id + " does not exist");
        }
    }

    private static String text(
            @org.jspecify.annotations.Nullable JsonNode body, String field, List<FieldProblem> problems) {
        JsonNode node = body == null ? null : body.get(field);
        if (node == null || !node.isString() || node.stringValue().isBlank()) {
            problems.add(new FieldProblem(field, "is required and must be a non-empty string"));
            return "";
        }
        return node.stringValue().strip();
    }
}

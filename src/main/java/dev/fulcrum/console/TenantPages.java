package dev.fulcrum.console;

import dev.fulcrum.access.PlatformAdmins;
import dev.fulcrum.access.Tenants;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.TenantId;
import java.util.UUID;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The platform admin's page: every tenant with its status, a form to create one (its admin's password and first API
 * key shown once), and suspend or reactivate with a confirmation. Only for admins of the default tenant (ADR 0092);
 * everyone else gets 403.
 */
@Controller
class TenantPages {

    private final Tenants tenants;

    TenantPages(Tenants tenants) {
        this.tenants = tenants;
    }

    @GetMapping("/platform/tenants")
    String list(Model model) {
        requirePlatformAdmin();
        model.addAttribute("tenants", tenants.list());
        model.addAttribute("defaultTenant", TenantId.DEFAULT);
        return "console/tenants";
    }

    @PostMapping("/platform/tenants")
    String create(
            @RequestParam(defaultValue = "") String slug,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String adminUsername,
            Model model) {
        requirePlatformAdmin();
        try {
            model.addAttribute("created", tenants.createWithAdmin(slug.strip(), name.strip(), adminUsername.strip()));
        } catch (ApiProblem refused) {
            model.addAttribute("refusal", refused);
            model.addAttribute("form", new TenantForm(slug, name, adminUsername));
        }
        return list(model);
    }

    @PostMapping("/platform/tenants/{id}/suspend")
    String suspend(@PathVariable String id, @RequestParam(defaultValue = "") String confirm, Model model) {
        return changeStatus(id, confirm, true, model);
    }

    @PostMapping("/platform/tenants/{id}/reactivate")
    String reactivate(@PathVariable String id, @RequestParam(defaultValue = "") String confirm, Model model) {
        return changeStatus(id, confirm, false, model);
    }

    private String changeStatus(String id, String confirm, boolean suspend, Model model) {
        requirePlatformAdmin();
        TenantId tenant = tenantId(id);
        if (!"yes".equals(confirm)) {
            model.addAttribute("unconfirmed", tenant);
            return list(model);
        }
        try {
            model.addAttribute("changed", suspend ? tenants.suspend(tenant) : tenants.reactivate(tenant));
        } catch (ApiProblem refused) {
            model.addAttribute("refusal", refused);
        }
        return list(model);
    }

    /** Values of a refused create form, shown again so that nothing has to be typed twice. */
    record TenantForm(String slug, String name, String adminUsername) {}

    private static void requirePlatformAdmin() {
        if (!PlatformAdmins.holds(SecurityContextHolder.getContext().getAuthentication())) {
            throw ApiProblem.forbidden("only a platform admin (an admin of the default tenant) may manage tenants");
        }
    }

    private static TenantId tenantId(String id) {
        try {
            return new TenantId(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("tenant " + id + " does not exist");
        }
    }
}

package dev.fulcrum.console;

import dev.fulcrum.access.ApiKeys;
import dev.fulcrum.access.AuditEntry;
import dev.fulcrum.access.AuditLog;
import dev.fulcrum.access.Scopes;
import dev.fulcrum.access.Users;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.OrderId;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Users, API keys and the audit log. Everyone may look; operators and admins create and revoke API keys (a new key
 * is shown once, on the page that created it); admins create users. Changes are audited as the API audits them.
 */
@Controller
class AccessPages {

    /** The scopes the console offers when creating a key: every resource of the API, read or write, and admin. */
    static final List<String> SCOPES = List.of(
            Scopes.ORDERS_READ,
            Scopes.ORDERS_WRITE,
            Scopes.EVENTS_READ,
            "channels:read",
            "channels:write",
            "locations:read",
            "locations:write",
            "stock:write",
            "items:read",
            "items:write",
            "carriers:read",
            "carriers:write",
            "sourcing:read",
            "sourcing:write",
            "subscriptions:read",
            "subscriptions:write",
            "usage:read",
            Scopes.ADMIN);

    static final int AUDIT_PAGE = 200;

    private final ApiKeys apiKeys;
    private final Users users;
    private final AuditLog audit;
    private final ConsoleFormat format;
    private final OrderManagement orders;

    AccessPages(ApiKeys apiKeys, Users users, AuditLog audit, ConsoleFormat format, OrderManagement orders) {
        this.orders = orders;
        this.apiKeys = apiKeys;
        this.users = users;
        this.audit = audit;
        this.format = format;
    }

    @GetMapping("/users")
    String users(Model model) {
        model.addAttribute("users", users.list());
        model.addAttribute("roles", Users.ROLES);
        model.addAttribute("isAdmin", ConsoleRoles.isAdmin());
        return "console/users";
    }

    @PostMapping("/users")
    @Transactional
    String createUser(
            @RequestParam(defaultValue = "") String username,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String role,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        ConsoleRoles.requireAdmin();
        List<FieldProblem> problems = new ArrayList<>();
        if (!username.strip().matches("[A-Za-z0-9._@-]{2,64}")) {
            problems.add(new FieldProblem("username", "must be 2 to 64 letters, digits, '.', '_', '@' or '-'"));
        }
        if (password.length() < 8) {
            problems.add(new FieldProblem("password", "must be at least 8 characters long"));
        }
        if (!Users.ROLES.contains(role)) {
            problems.add(new FieldProblem("role", "must be one of " + Users.ROLES));
        }
        try {
            if (!problems.isEmpty()) {
                throw ApiProblem.invalid(problems);
            }
            String name = displayName.isBlank() ? username.strip() : displayName.strip();
            UUID id = users.create(username.strip(), name, password, role);
            audit.record("user.created", "user", id.toString(), Map.of("username", username.strip(), "role", role));
        } catch (ApiProblem refused) {
            return refusedUser(refused, model, response);
        } catch (org.springframework.dao.DuplicateKeyException taken) {
            return refusedUser(ApiProblem.invalid("username", "is taken"), model, response);
        }
        redirect.addFlashAttribute("created", username.strip());
        return "redirect:/users";
    }

    private String refusedUser(ApiProblem refused, Model model, HttpServletResponse response) {
        response.setStatus(refused.status());
        model.addAttribute("outcome", ActionOutcome.refused(refused));
        return users(model);
    }

    @GetMapping("/api-keys")
    String apiKeys(Model model, HttpServletResponse response) {
        if (model.containsAttribute("createdKey")) {
            // The page with a new key must not be kept by a cache or the browser's history.
            response.setHeader("Cache-Control", "no-store");
        }
        return apiKeysPage(model);
    }

    private String apiKeysPage(Model model) {
        model.addAttribute("keys", apiKeys.list());
        model.addAttribute("scopes", SCOPES);
        model.addAttribute("canAct", ConsoleRoles.mayAct());
        return "console/api-keys";
    }

    @PostMapping("/api-keys")
    @Transactional
    String createKey(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(name = "scope", required = false) @Nullable List<String> scopes,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        ConsoleRoles.requireMayAct();
        List<FieldProblem> problems = new ArrayList<>();
        if (name.isBlank() || name.strip().length() > 100) {
            problems.add(new FieldProblem("name", "is required (at most 100 characters)"));
        }
        List<String> chosen =
                scopes == null ? List.of() : scopes.stream().distinct().toList();
        if (chosen.isEmpty()) {
            problems.add(new FieldProblem("scope", "choose at least one scope"));
        } else if (!SCOPES.containsAll(chosen)) {
            problems.add(new FieldProblem("scope", "must be among " + SCOPES));
        }
        if (!problems.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("outcome", ActionOutcome.refused(ApiProblem.invalid(problems)));
            return apiKeysPage(model);
        }
        ApiKeys.CreatedApiKey created = apiKeys.create(name.strip(), chosen);
        audit.record(
                "api-key.created", "api-key", created.id().toString(), Map.of("name", name.strip(), "scopes", chosen));
        // Shown once: the key travels in the session's flash map to the next page view and is gone after it, so a
        // reload shows the list without it (and does not post the form again).
        redirect.addFlashAttribute("createdKey", created);
        return "redirect:/api-keys";
    }

    @PostMapping("/api-keys/{id}/revoke")
    @Transactional
    String revokeKey(@PathVariable String id, RedirectAttributes redirect) {
        ConsoleRoles.requireMayAct();
        UUID keyId;
        try {
            keyId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("API key " + id + " does not exist");
        }
        apiKeys.revoke(keyId);
        audit.record("api-key.revoked", "api-key", id, Map.of());
        redirect.addFlashAttribute("revoked", id);
        return "redirect:/api-keys";
    }

    /** The audit log's search form, as the page sends it; dates are whole days in the console's time zone. */
    record AuditFilter(
            @Nullable String actor,
            @Nullable String action,
            @Nullable String order,
            @Nullable String from,
            @Nullable String to) {}

    @GetMapping("/audit")
    String audit(@ModelAttribute("filter") AuditFilter filter, Model model, HttpServletResponse response) {
        List<FieldProblem> problems = new ArrayList<>();
        @Nullable LocalDate from = day(filter.from(), "from", problems);
        @Nullable LocalDate to = day(filter.to(), "to", problems);
        @Nullable String order = orderIdOf(OrderActionPages.blankToNull(filter.order()), problems);
        if (from != null && to != null && to.isBefore(from)) {
            problems.add(new FieldProblem("to", "must not be before from"));
        }
        List<AuditEntry> entries = List.of();
        if (problems.isEmpty()) {
            entries = audit.search(new AuditLog.Search(
                    OrderActionPages.blankToNull(filter.actor()),
                    OrderActionPages.blankToNull(filter.action()),
                    order == null ? null : "order",
                    order,
                    from == null ? null : from.atStartOfDay(format.zone()).toInstant(),
                    to == null
                            ? null
                            : to.plusDays(1).atStartOfDay(format.zone()).toInstant(),
                    AUDIT_PAGE));
        } else {
            response.setStatus(400);
            model.addAttribute("outcome", ActionOutcome.refused(ApiProblem.invalid(problems)));
        }
        model.addAttribute("entries", entries);
        model.addAttribute("auditLimit", AUDIT_PAGE);
        return "console/audit";
    }

    /** An order id as it is, or the id of the one order whose number (external id) this is. */
    private @Nullable String orderIdOf(@Nullable String text, List<FieldProblem> problems) {
        if (text == null) {
            return null;
        }
        if (OrderId.parse(text).isPresent()) {
            return text;
        }
        List<String> matching =
                orders.list(new OrderQuery(null, null, null, null, null, null, text, null, 20)).items().stream()
                        .filter(summary -> summary.externalId().equals(text))
                        .map(summary -> summary.id().toString())
                        .toList();
        if (matching.size() != 1) {
            problems.add(new FieldProblem(
                    "order",
                    matching.isEmpty()
                            ? "no order has this id or number"
                            : "several orders have this number: use the order id"));
            return null;
        }
        return matching.getFirst();
    }

    private static @Nullable LocalDate day(@Nullable String value, String field, List<FieldProblem> problems) {
        @Nullable String text = OrderActionPages.blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException malformed) {
            problems.add(new FieldProblem(field, "is not a date such as 2026-11-20"));
            return null;
        }
    }
}

package dev.fulcrum.console;

import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.SourcingManagement;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriUtils;

/**
 * The sourcing decision of an order with its trace, and the sourcing page: profiles and their versions, editing a
 * draft, a shadow simulation of a version and activating a draft. Everything goes through
 * {@link SourcingManagement}; this class only reads forms and chooses what to show.
 */
@Controller
class SourcingPages {

    static final int DEFAULT_SIMULATION_ORDERS = 100;

    private final SourcingManagement sourcing;
    private final OrderManagement orders;
    private final ConsoleFormat format;
    private final SourcingFormat sourcingFormat;

    SourcingPages(
            SourcingManagement sourcing, OrderManagement orders, ConsoleFormat format, SourcingFormat sourcingFormat) {
        this.sourcing = sourcing;
        this.orders = orders;
        this.format = format;
        this.sourcingFormat = sourcingFormat;
    }

    @org.springframework.web.bind.annotation.ModelAttribute("sf")
    SourcingFormat sourcingFormat() {
        return sourcingFormat;
    }

    /** The whole page, or only the decision when htmx loads it into the order page. */
    @GetMapping("/orders/{id}/sourcing")
    String decision(
            @PathVariable String id,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        OrderId orderId = OrderId.parse(id).orElseThrow(() -> ApiProblem.notFound("order " + id + " does not exist"));
        model.addAttribute("order", orders.get(orderId));
        Optional<SourcingDecision> decision = sourcing.decision(orderId);
        model.addAttribute("decision", decision.orElse(null));
        model.addAttribute(
                "trace", decision.map(d -> SourcingTrace.of(d.trace())).orElse(null));
        boolean fragment = "true".equals(htmx);
        model.addAttribute("standalone", !fragment);
        response.setHeader("Vary", "HX-Request");
        return fragment ? "console/order-sourcing :: decision" : "console/order-sourcing";
    }

    @GetMapping("/sourcing")
    String profiles(Model model) {
        List<SourcingManagement.ProfileVersion> versions = sourcing.profiles();
        model.addAttribute("versions", versions);
        model.addAttribute(
                "active",
                versions.stream()
                        .filter(SourcingManagement.ProfileVersion::isActive)
                        .findFirst()
                        .orElse(null));
        model.addAttribute("presets", SourcingManagement.presets());
        return "console/sourcing";
    }

    @GetMapping("/sourcing/profiles/{name}/versions/{version}")
    String profile(@PathVariable String name, @PathVariable int version, Model model) {
        SourcingManagement.ProfileVersion profile = sourcing.profile(name, version);
        return profilePage(model, profile, profile.definitionJson(), List.of());
    }

    /**
     * Saves the text as the profile's draft and shows the draft; a definition that does not validate comes back with
     * each problem next to the text as it was typed.
     */
    @PostMapping("/sourcing/profiles/{name}/draft")
    String putDraft(
            @PathVariable String name,
            @RequestParam String definition,
            @RequestParam int from,
            Model model,
            HttpServletResponse response) {
        try {
            SourcingManagement.ProfileVersion draft = sourcing.putDraft(name, definition);
            return "redirect:" + versionUri(draft.name(), draft.version()) + "?saved";
        } catch (ApiProblem invalid) {
            if (invalid.status() != 400) {
                throw invalid;
            }
            response.setStatus(400);
            return profilePage(model, sourcing.profile(name, from), definition, problems(invalid));
        }
    }

    /** Simulates the version over the last {@code count} orders, or those decided between two days (both included). */
    @PostMapping("/sourcing/profiles/{name}/versions/{version}/simulation")
    String simulate(
            @PathVariable String name,
            @PathVariable int version,
            @RequestParam(defaultValue = "latest") String scope,
            @RequestParam(required = false) @Nullable String count,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
            Model model,
            HttpServletResponse response) {
        SourcingManagement.ProfileVersion profile = sourcing.profile(name, version);
        SimulationForm form = new SimulationForm(scope, count, from, to);
        model.addAttribute("simulationForm", form);
        try {
            Map<String, Object> result = "range".equals(scope)
                    ? sourcing.simulate(name, version, List.of(), form.fromInstant(format), form.toInstant(format))
                    : sourcing.simulateLatest(name, version, form.countOrDefault());
            model.addAttribute("simulation", result);
        } catch (ApiProblem invalid) {
            if (invalid.status() != 400) {
                throw invalid;
            }
            response.setStatus(400);
            model.addAttribute("simulationErrors", problems(invalid));
        }
        response.setHeader("Vary", "HX-Request");
        if ("true".equals(htmx)) {
            model.addAttribute("profile", profile);
            return "console/sourcing-profile :: simulation";
        }
        return profilePage(model, profile, profile.definitionJson(), List.of());
    }

    /** Activates a draft once the confirmation box is ticked. */
    @PostMapping("/sourcing/profiles/{name}/versions/{version}/activate")
    String activate(
            @PathVariable String name,
            @PathVariable int version,
            @RequestParam(required = false) @Nullable String confirm,
            Model model,
            HttpServletResponse response) {
        if (!"yes".equals(confirm)) {
            response.setStatus(400);
            model.addAttribute("activationUnconfirmed", true);
            SourcingManagement.ProfileVersion profile = sourcing.profile(name, version);
            return profilePage(model, profile, profile.definitionJson(), List.of());
        }
        sourcing.activate(name, version);
        return "redirect:" + versionUri(name, version) + "?activated";
    }

    private String profilePage(
            Model model, SourcingManagement.ProfileVersion profile, String definition, List<FieldProblem> errors) {
        List<SourcingManagement.ProfileVersion> versions = sourcing.profiles().stream()
                .filter(v -> v.name().equals(profile.name()))
                .toList();
        model.addAttribute("profile", profile);
        model.addAttribute("versions", versions);
        model.addAttribute(
                "draft",
                versions.stream()
                        .filter(SourcingManagement.ProfileVersion::isDraft)
                        .findFirst()
                        .orElse(null));
        model.addAttribute("definition", definition);
        model.addAttribute("errors", errors);
        model.addAttribute("presets", SourcingManagement.presets());
        if (!model.containsAttribute("simulationForm")) {
            model.addAttribute("simulationForm", new SimulationForm("latest", null, null, null));
        }
        return "console/sourcing-profile";
    }

    private static List<FieldProblem> problems(ApiProblem problem) {
        return problem.errors().isEmpty()
                ? List.of(new FieldProblem("body", String.valueOf(problem.getMessage())))
                : problem.errors();
    }

    static String versionUri(String name, int version) {
        return "/sourcing/profiles/" + UriUtils.encodePathSegment(name, java.nio.charset.StandardCharsets.UTF_8)
                + "/versions/" + version;
    }

    /** The simulation form as sent: the last N orders, or whole days in the console's time zone. */
    record SimulationForm(
            String scope,
            @Nullable String count,
            @Nullable String from,
            @Nullable String to) {

        int countOrDefault() {
            if (count == null || count.isBlank()) {
                return DEFAULT_SIMULATION_ORDERS;
            }
            try {
                return Integer.parseInt(count.strip());
            } catch (NumberFormatException notANumber) {
                throw ApiProblem.invalid("count", "must be a whole number");
            }
        }

        java.time.Instant fromInstant(ConsoleFormat format) {
            return day("from", from).atStartOfDay(format.zone()).toInstant();
        }

        java.time.Instant toInstant(ConsoleFormat format) {
            return day("to", to).plusDays(1).atStartOfDay(format.zone()).toInstant();
        }

        private static LocalDate day(String field, @Nullable String value) {
            if (value == null || value.isBlank()) {
                throw ApiProblem.invalid(field, "is required for a time range");
            }
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeParseException malformed) {
                throw ApiProblem.invalid(field, "must be a date (YYYY-MM-DD)");
            }
        }
    }
}

package dev.fulcrum.console;

import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.twin.Disruption;
import dev.fulcrum.twin.ScenarioRequest;
import dev.fulcrum.twin.TwinScenarios;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The digital twin: define a scenario of one disruption (a form that builds the API's request), see its impact chart
 * (ECharts: orders due per promised day, expected late with and without the scenario) and the affected orders, and
 * apply chosen reroutes. Every rule stays in the twin module; refusals come back as problems the page shows.
 */
@Controller
class TwinPages {

    static final int RECENT = 10;

    private final TwinScenarios scenarios;
    private final Locations locations;
    private final JsonMapper json;
    private final Clock clock;
    private final MessageSource messages;

    TwinPages(TwinScenarios scenarios, Locations locations, JsonMapper json, Clock clock, MessageSource messages) {
        this.messages = messages;
        this.scenarios = scenarios;
        this.locations = locations;
        this.json = json;
        this.clock = clock;
    }

    /** One affected order as the page lists it. */
    record OrderRow(
            String orderId,
            String externalId,
            String locations,
            String deliverBy,
            int latePercent,
            int baselinePercent,
            double expectedDelayDays,
            boolean atRisk,
            @Nullable Reroute reroute,
            @Nullable String rerouteNote) {}

    /** A proposed reroute as the page shows it. */
    record Reroute(
            String locations,
            String carrierServices,
            String cost,
            String extraCost,
            String currency,
            String deliverBy) {}

    /** One applied reroute's outcome. */
    record Applied(
            String orderId,
            String outcome,
            @Nullable String reason,
            @Nullable String locations) {}

    @GetMapping("/twin")
    String twin(@RequestParam(required = false) @Nullable String id, Model model) {
        UUID scenarioId = null;
        if (id != null && !id.isBlank()) {
            try {
                scenarioId = UUID.fromString(id.strip());
            } catch (IllegalArgumentException notAnId) {
                throw ApiProblem.notFound("no scenario " + id);
            }
        }
        show(model, scenarioId == null ? null : scenarios.get(scenarioId), Map.of());
        return "console/twin";
    }

    @PostMapping("/twin")
    String simulate(@RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response) {
        ConsoleRoles.requireMayAct();
        try {
            ScenarioRequest request = scenarios.parse(request(form));
            Map<String, Object> answer = scenarios.simulate(request);
            return "redirect:/twin?id=" + answer.get("id");
        } catch (ApiProblem refused) {
            response.setStatus(refused.status());
            model.addAttribute("problem", refused);
            show(model, null, form.toSingleValueMap());
            return "console/twin";
        }
    }

    @PostMapping("/twin/{id}/apply")
    String apply(
            @PathVariable String id,
            @RequestParam(name = "orders", required = false) @Nullable List<String> orders,
            Model model,
            HttpServletResponse response) {
        ConsoleRoles.requireMayAct();
        UUID scenarioId;
        try {
            scenarioId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("no scenario " + id);
        }
        List<OrderId> chosen = new ArrayList<>();
        for (String order : orders == null ? List.<String>of() : orders) {
            OrderId.parse(order).ifPresent(chosen::add);
        }
        try {
            Map<String, Object> answer = scenarios.apply(scenarioId, chosen);
            List<Applied> applied = new ArrayList<>();
            for (Object result : (List<?>) java.util.Objects.requireNonNull(answer.get("results"))) {
                Map<?, ?> one = (Map<?, ?>) result;
                Object located = one.get("locations");
                applied.add(new Applied(
                        String.valueOf(one.get("orderId")),
                        String.valueOf(one.get("outcome")),
                        one.get("reason") == null ? null : String.valueOf(one.get("reason")),
                        located == null
                                ? null
                                : String.join(
                                        ", ",
                                        ((List<?>) located)
                                                .stream().map(String::valueOf).toList())));
            }
            model.addAttribute("applied", applied);
        } catch (ApiProblem refused) {
            response.setStatus(refused.status());
            model.addAttribute("problem", refused);
        }
        show(model, scenarios.get(scenarioId), Map.of());
        return "console/twin";
    }

    /** The API's request for the form's one disruption. */
    private ObjectNode request(MultiValueMap<String, String> form) {
        ObjectNode body = json.createObjectNode();
        text(form, "name").ifPresent(name -> body.put("name", name));
        integer(form, "runs", body, "runs");
        integer(form, "seed", body, "seed");
        ArrayNode disruptions = body.putArray("disruptions");
        ObjectNode disruption = disruptions.addObject();
        String type = text(form, "type").orElse(Disruption.LOCATION_CLOSED);
        disruption.put("type", type);
        text(form, "from").ifPresent(from -> disruption.put("from", from));
        text(form, "to").ifPresent(to -> disruption.put("to", to));
        switch (type) {
            case Disruption.LOCATION_CLOSED -> text(form, "location").ifPresent(v -> disruption.put("location", v));
            case Disruption.LOCATION_CAPACITY -> {
                text(form, "location").ifPresent(v -> disruption.put("location", v));
                integer(form, "capacityPercent", disruption, "capacityPercent");
            }
            case Disruption.CARRIER_DELAY -> {
                text(form, "carrier").ifPresent(v -> disruption.put("carrier", v));
                integer(form, "extraDays", disruption, "extraDays");
            }
            case Disruption.REGION_UNREACHABLE -> {
                text(form, "country").ifPresent(v -> disruption.put("country", v));
                text(form, "region").ifPresent(v -> disruption.put("region", v));
            }
            default -> {
                text(form, "location").ifPresent(v -> disruption.put("location", v));
                ArrayNode skus = disruption.putArray("skus");
                text(form, "skus")
                        .ifPresent(v -> Arrays.stream(v.split("[,\\s]+"))
                                .filter(s -> !s.isBlank())
                                .forEach(skus::add));
                text(form, "factor").ifPresent(v -> {
                    try {
                        disruption.put("factor", Double.parseDouble(v));
                    } catch (NumberFormatException notANumber) {
                        disruption.put("factor", v);
                    }
                });
            }
        }
        return body;
    }

    private static java.util.Optional<String> text(MultiValueMap<String, String> form, String name) {
        String value = form.getFirst(name);
        return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(value.strip());
    }

    /** A whole number from the form, or the text as typed so that the twin names the field when it is not one. */
    private static void integer(MultiValueMap<String, String> form, String name, ObjectNode into, String field) {
        text(form, name).ifPresent(value -> {
            try {
                into.put(field, Long.parseLong(value));
            } catch (NumberFormatException notANumber) {
                into.put(field, value);
            }
        });
    }

    private void show(Model model, @Nullable JsonNode scenario, Map<String, String> form) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        model.addAttribute("types", Disruption.TYPES);
        model.addAttribute(
                "locations", locations.list(true).stream().map(Location::id).toList());
        model.addAttribute("form", form);
        model.addAttribute("defaultFrom", today.toString());
        model.addAttribute("defaultTo", today.plusDays(2).toString());
        model.addAttribute("limits", scenarios.limits());
        model.addAttribute("canAct", ConsoleRoles.mayAct());
        List<Map<?, ?>> recent = new ArrayList<>();
        scenarios.newest(RECENT).forEach(one -> recent.add(json.convertValue(one, Map.class)));
        model.addAttribute("recent", recent);
        model.addAttribute("echartsScript", UsagePage.ECHARTS_SCRIPT);
        model.addAttribute("scenario", scenario);
        if (scenario != null) {
            List<OrderRow> rows = new ArrayList<>();
            scenario.path("orders").forEach(order -> rows.add(row(order)));
            model.addAttribute("rows", rows);
            model.addAttribute("totals", json.convertValue(scenario.path("totals"), Map.class));
            model.addAttribute("notices", json.convertValue(scenario.path("notices"), List.class));
            model.addAttribute("scenarioId", scenario.path("id").asString());
            model.addAttribute("scenarioName", scenario.path("name").asString(""));
            // Inside a script element: "</" would end it early.
            model.addAttribute(
                    "chartData", json.writeValueAsString(scenario.path("daily")).replace("</", "<\\/"));
            model.addAttribute(
                    "chartLabels",
                    json.writeValueAsString(Map.of(
                                    "due",
                                    text("twin.due"),
                                    "late",
                                    text("twin.chartLate"),
                                    "baseline",
                                    text("twin.chartBaseline")))
                            .replace("</", "<\\/"));
        }
    }

    private String text(String code) {
        String message = messages.getMessage(code, null, code, LocaleContextHolder.getLocale());
        return message != null ? message : code;
    }

    private static OrderRow row(JsonNode order) {
        JsonNode reroutes = order.path("reroutes");
        Reroute reroute = null;
        if (!reroutes.isEmpty()) {
            JsonNode first = reroutes.get(0);
            reroute = new Reroute(
                    joined(first.path("locations")),
                    joined(first.path("carrierServices")),
                    first.path("cost").asString(),
                    first.path("extraCost").asString(),
                    first.path("currency").asString(),
                    first.path("deliverBy").asString());
        }
        JsonNode note = order.get("rerouteNote");
        return new OrderRow(
                order.path("orderId").asString(),
                order.path("externalId").asString(),
                joined(order.path("locations")),
                order.path("deliverBy").asString(),
                (int) Math.round(order.path("lateProbability").asDouble() * 100),
                (int) Math.round(order.path("baselineLateProbability").asDouble() * 100),
                order.path("expectedDelayDays").asDouble(),
                order.path("atRisk").asBoolean(),
                reroute,
                note == null || note.isNull() ? null : note.asString());
    }

    private static String joined(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return String.join(", ", values);
    }
}

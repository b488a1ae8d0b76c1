package dev.fulcrum.compliance.web;

import dev.fulcrum.compliance.CompliancePolicies;
import dev.fulcrum.compliance.CompliancePolicy;
import dev.fulcrum.compliance.DataResidency;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The compliance API: the versioned intake policy and the tenant's data residency. See docs/guide/compliance.md. */
@RestController
@Tag(name = "Compliance")
class ComplianceController {

    /** The most countries one list of a policy names (there are 249 ISO 3166-1 codes). */
    static final int MAX_COUNTRIES = 250;

    /** The most cross-border limits one policy lists, and the most regions one data residency allows. */
    static final int MAX_ENTRIES = 500;

    private final CompliancePolicies policies;
    private final DataResidency residency;

    ComplianceController(CompliancePolicies policies, DataResidency residency) {
        this.policies = policies;
        this.residency = residency;
    }

    @GetMapping("/api/v1/compliance/policies")
    @Operation(summary = "Every version of the compliance policy, newest first; version 0 is the one Fulcrum ships")
    Map<String, Object> list() {
        List<CompliancePolicy.Version> versions = policies.list();
        return Map.of("active", policies.active().version(), "versions", versions);
    }

    @GetMapping("/api/v1/compliance/policies/{version}")
    @Operation(summary = "One version of the compliance policy; 'active' for the one intake uses now")
    CompliancePolicy.Version get(@PathVariable String version) {
        return version.equals("active") ? policies.active() : policies.get(versionNumber(version));
    }

    @PutMapping("/api/v1/compliance/policies/{version}")
    @Operation(
            summary = "Write a draft version of the compliance policy",
            description =
                    "Body (fields left out keep the shipped policy's value): {\"homeCountries\": [\"DE\"] (empty: "
                            + "the countries of the active locations), \"restrictedItems\": true, \"hazardousBlockedCountries\": "
                            + "[\"*\"] (* = every cross-border destination), \"blockedDestinations\": [\"KP\"], "
                            + "\"crossBorderLimits\": [{\"destination\": \"CN\", \"currency\": \"CNY\", \"perOrder\": \"5000.00\", "
                            + "\"perPersonPerYear\": \"26000.00\"}], \"identityNumberRequired\": [\"CN\"]}. Country lists hold "
                            + "at most 250 ISO 3166-1 alpha-2 codes, crossBorderLimits at most 500 entries. A version once "
                            + "activated never changes (409): write a new one. Intake uses it once activated.")
    CompliancePolicy.Version put(@PathVariable String version, @RequestBody(required = false) @Nullable JsonNode body) {
        int number = versionNumber(version);
        return policies.put(number, policyOf(body));
    }

    @PostMapping("/api/v1/compliance/policies/{version}/activate")
    @Operation(summary = "Make a version the policy intake checks orders against (0: back to the shipped policy)")
    CompliancePolicy.Version activate(@PathVariable String version) {
        return policies.activate(versionNumber(version));
    }

    @GetMapping("/api/v1/compliance/data-residency")
    @Operation(summary = "Where the tenant's personal data lives and where it may go")
    DataResidency.Declaration dataResidency() {
        return residency.current();
    }

    @PutMapping("/api/v1/compliance/data-residency")
    @Operation(
            summary = "Declare where the tenant's personal data lives and where it may go",
            description = "Body: {\"region\": \"cn\", \"allowedTransfers\": [\"eu\"]} (* allows every region). Webhook "
                    + "subscriptions and the Kafka topic declared in a region neither the tenant's nor allowed receive "
                    + "events with personal fields masked. allowedTransfers lists at most 500 regions.")
    DataResidency.Declaration declare(@RequestBody(required = false) @Nullable JsonNode body) {
        JsonFields fields = new JsonFields(body, "region", "allowedTransfers");
        // Both fields' formats are checked by DataResidency.declare, which names every bad one at once.
        String region = fields.text("region", false);
        List<String> allowed = fields.strings("allowedTransfers");
        if (allowed != null) {
            RequestLimits.atMost("allowedTransfers", allowed.size(), MAX_ENTRIES, "regions");
        }
        fields.throwIfInvalid();
        return residency.declare(region, allowed == null ? List.of() : allowed);
    }

    private static int versionNumber(String version) {
        try {
            int number = Integer.parseInt(version);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ApiProblem.invalid("version", "must be a version number (0 or more) or 'active'");
    }

    /** The policy a body describes; every field left out keeps the shipped policy's value. */
    static CompliancePolicy policyOf(@Nullable JsonNode body) {
        CompliancePolicy standard = CompliancePolicy.standard();
        JsonFields fields = new JsonFields(
                body,
                "homeCountries",
                "restrictedItems",
                "hazardousBlockedCountries",
                "blockedDestinations",
                "crossBorderLimits",
                "identityNumberRequired");
        List<String> home = countries(fields, "homeCountries", false, standard.homeCountries());
        boolean restricted = fields.bool("restrictedItems", standard.restrictedItems());
        List<String> hazardous =
                countries(fields, "hazardousBlockedCountries", true, standard.hazardousBlockedCountries());
        List<String> blocked = countries(fields, "blockedDestinations", false, standard.blockedDestinations());
        List<String> identity = countries(fields, "identityNumberRequired", false, standard.identityNumberRequired());
        List<CompliancePolicy.CrossBorderLimit> limits = standard.crossBorderLimits();
        JsonNode limitsNode = fields.node("crossBorderLimits");
        if (limitsNode != null) {
            if (!limitsNode.isArray()) {
                fields.problem("crossBorderLimits", "must be an array of limits");
            } else {
                RequestLimits.atMost("crossBorderLimits", limitsNode.size(), MAX_ENTRIES, "limits");
                limits = new ArrayList<>();
                for (int i = 0; i < limitsNode.size(); i++) {
                    JsonFields limit = fields.nested(
                            "crossBorderLimits[" + i + "]",
                            limitsNode.get(i),
                            "destination",
                            "currency",
                            "perOrder",
                            "perPersonPerYear");
                    String destination = limit.text("destination", true);
                    if (destination != null && !destination.matches("[A-Z]{2}")) {
                        limit.problem("destination", "must be an ISO 3166-1 alpha-2 code such as CN");
                    }
                    String currency = limit.text("currency", true);
                    if (currency != null && !isCurrency(currency)) {
                        limit.problem("currency", "must be an ISO 4217 code such as CNY");
                    }
                    BigDecimal perOrder = limit.amount("perOrder", false);
                    BigDecimal perPerson = limit.amount("perPersonPerYear", false);
                    if (destination != null && currency != null) {
                        limits.add(new CompliancePolicy.CrossBorderLimit(destination, currency, perOrder, perPerson));
                    }
                }
                long distinct = limits.stream()
                        .map(limit -> limit.destination() + limit.currency())
                        .distinct()
                        .count();
                if (distinct < limits.size()) {
                    fields.problem("crossBorderLimits", "names a destination and currency twice");
                }
            }
        }
        fields.throwIfInvalid();
        return new CompliancePolicy(home, restricted, hazardous, blocked, limits, identity);
    }

    private static List<String> countries(JsonFields fields, String name, boolean star, List<String> fallback) {
        List<String> countries = fields.strings(name);
        if (countries == null) {
            return fallback;
        }
        RequestLimits.atMost(name, countries.size(), MAX_COUNTRIES, "countries");
        for (int i = 0; i < countries.size(); i++) {
            String country = countries.get(i);
            if (!country.matches("[A-Z]{2}") && !(star && country.equals("*"))) {
                fields.problem(
                        name + "[" + i + "]", "must be an ISO 3166-1 alpha-2 code such as CN" + (star ? ", or *" : ""));
            }
        }
        return countries.stream().distinct().toList();
    }

    private static boolean isCurrency(String code) {
        try {
            return Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException notACurrency) {
            return false;
        }
    }
}

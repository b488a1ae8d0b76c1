package dev.fulcrum.sourcing.web;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.sourcing.engine.CarrierService;
import dev.fulcrum.sourcing.engine.RateLine;
import dev.fulcrum.sourcing.internal.Carriers;
import dev.fulcrum.sourcing.internal.DeliveryPreferences;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Carrier services, their rate cards (CSV), and customers' delivery preferences. */
@RestController
@Tag(name = "Carriers")
class CarrierController {

    private final Carriers carriers;
    private final DeliveryPreferences preferences;
    private final RequestLimits limits;

    CarrierController(Carriers carriers, DeliveryPreferences preferences, RequestLimits limits) {
        this.carriers = carriers;
        this.preferences = preferences;
        this.limits = limits;
    }

    @PutMapping("/api/v1/carriers/{code}")
    @Operation(
            summary = "Create or replace a carrier service",
            description = "Body: {\"carrier\": \"SF\", "
                    + "\"serviceLevel\": \"express\", \"mode\": \"air\", \"temperatureControlled\": false}")
    CarrierService put(@PathVariable String code, @RequestBody JsonNode body) {
        JsonFields fields = new JsonFields(body, "carrier", "serviceLevel", "mode", "temperatureControlled");
        if (!code.matches("[A-Za-z0-9._-]{1,64}")) {
            fields.problem("code", "must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String carrier = fields.text("carrier", true);
        String level = fields.text("serviceLevel", false);
        String mode = fields.oneOf("mode", Carriers.MODES, "road");
        boolean cold = fields.bool("temperatureControlled", false);
        fields.throwIfInvalid();
        return carriers.put(new CarrierService(
                code, java.util.Objects.requireNonNull(carrier), level == null ? "standard" : level, mode, cold));
    }

    @GetMapping("/api/v1/carriers")
    @Operation(summary = "List carrier services")
    List<CarrierService> list() {
        return carriers.list();
    }

    @PutMapping(
            path = "/api/v1/carriers/{code}/rates",
            consumes = {"text/csv", "text/plain"})
    @Operation(
            summary = "Replace the rate card of a carrier service (CSV)",
            description = "First line: origin,destCountry,"
                    + "destRegion,destPostalPrefix,minKg,maxKg,ratePerKg,minimumCharge,transitDaysTypical,transitDaysP90,"
                    + "emissionFactor. origin is a location id or *; emissionFactor (g CO2e per tonne-km) may be empty. "
                    + "At most 50000 rows (fulcrum.limits.rate-card-rows) and 10 MB: more is refused with 413 "
                    + "before any row is parsed.")
    Map<String, Object> putRates(@PathVariable String code, @RequestBody String csv) {
        long rows = csv.lines().filter(line -> !line.isBlank()).count() - 1;
        if (rows > limits.rateCardRows()) {
            throw ApiProblem.tooLarge(
                    "body",
                    RequestLimits.overCap(rows, limits.rateCardRows(), "rows per rate card")
                            + " (fulcrum.limits.rate-card-rows)");
        }
        return Map.of("carrierService", code, "lanes", carriers.replaceRates(code, csv));
    }

    @GetMapping("/api/v1/carriers/{code}/rates")
    @Operation(summary = "The lanes of a carrier service's rate card")
    List<RateLine> rates(@PathVariable String code) {
        return carriers.rates(code);
    }

    @PutMapping("/api/v1/customers/{id}/delivery-preferences")
    @Operation(
            summary = "Store a customer's delivery preferences",
            description = "Body: {\"preferredCarrier\": \"SF\", " + "\"noWeekendDelivery\": true}")
    DeliveryPreferences.Preferences putPreferences(@PathVariable String id, @RequestBody JsonNode body) {
        JsonFields fields = new JsonFields(body, "preferredCarrier", "noWeekendDelivery");
        String carrier = fields.text("preferredCarrier", false);
        boolean noWeekend = fields.bool("noWeekendDelivery", false);
        fields.throwIfInvalid();
        return preferences.put(new DeliveryPreferences.Preferences(id, carrier, noWeekend));
    }

    @GetMapping("/api/v1/customers/{id}/delivery-preferences")
    @Operation(summary = "Read a customer's delivery preferences")
    DeliveryPreferences.Preferences preferences(@PathVariable String id) {
        return preferences
                .find(id)
                .orElseThrow(() -> ApiProblem.notFound("customer " + id + " has no delivery preferences"));
    }
}

package dev.fulcrum.sourcing;

import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Money;
import dev.fulcrum.sourcing.engine.EngineOrder;
import dev.fulcrum.sourcing.engine.Quote;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.internal.Carriers;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Carrier services and their rate cards for other modules (the console, returns), in shapes that name no internal
 * type. The rules (the CSV columns, what a valid lane is, how a lane is priced) stay in the module.
 */
@Service
public class CarrierRateCards {

    /** A sender that is no location (a customer's address) matches only rate card lanes from any origin. */
    private static final LocationId ANY_ORIGIN = new LocationId("*");

    private final Carriers carriers;
    private final Locations locations;

    CarrierRateCards(Carriers carriers, Locations locations) {
        this.carriers = carriers;
        this.locations = locations;
    }

    /** An address a parcel leaves from: its country, and where known its region, postal code and coordinates. */
    public record Place(
            String country,
            @Nullable String region,
            @Nullable String postalCode,
            @Nullable Double latitude,
            @Nullable Double longitude) {}

    /**
     * What moving one parcel costs with one carrier service, in the currency asked for, rounded to its minor unit.
     *
     * @param estimated true when no rate card covers the lane and the amount is the documented distance estimate
     */
    public record ShippingQuote(
            String serviceCode, String carrier, Money amount, int transitDaysTypical, boolean estimated) {}

    /**
     * The cheapest quote for a parcel sent from an address to one of the tenant's locations (a customer sending a
     * return back): priced as sourcing prices a shipment (the engine's rate card lanes, weight bands, minimum charges,
     * temperature control), on the lanes from any origin ({@code *}) into the location's country, region and postal
     * code, since the sender is no location; where no suitable rate card covers the lane, the documented distance
     * estimate over the great-circle distance (0 km when the address has no coordinates).
     *
     * @return empty when the location does not exist
     */
    @Transactional(readOnly = true)
    public Optional<ShippingQuote> cheapestInbound(
            Place from, LocationId to, double weightKg, boolean temperatureControlled, Currency currency) {
        Optional<Location> found = locations.find(to);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Location location = found.get();
        Double latitude = from.latitude();
        Double longitude = from.longitude();
        double distanceKm = latitude == null || longitude == null
                ? 0
                : Distances.km(latitude, longitude, location.latitude(), location.longitude());
        EngineOrder.Destination destination = new EngineOrder.Destination(
                location.country(),
                location.region(),
                location.postalCode(),
                location.latitude(),
                location.longitude());
        Site sender = new Site(
                ANY_ORIGIN,
                "address",
                latitude == null ? location.latitude() : latitude,
                longitude == null ? location.longitude() : longitude,
                from.country(),
                from.region(),
                ZoneOffset.UTC,
                Set.of(),
                false,
                0,
                0,
                0,
                0,
                LocalTime.MIDNIGHT,
                Set.of(),
                Set.of(),
                null,
                Map.of(),
                Map.of());
        return carriers
                .lanesInto(location.country())
                .to(destination, currency)
                .quotes(sender, distanceKm, Math.max(weightKg, 0.001), temperatureControlled)
                .stream()
                .filter(quote -> !temperatureControlled || quote.temperatureControlled())
                .min(Comparator.comparingLong((Quote quote) -> quote.freight().minorUnits())
                        .thenComparing(Quote::serviceCode))
                .map(quote -> new ShippingQuote(
                        quote.serviceCode(),
                        quote.carrier(),
                        quote.freight(),
                        quote.transitDaysTypical(),
                        quote.estimate()));
    }

    /** A carrier's service: mode is road, rail, air, sea or courier. */
    public record Carrier(
            String code, String carrier, String serviceLevel, String mode, boolean temperatureControlled) {}

    /**
     * One weight band of a lane: from an origin ({@code *}: any) to a destination zone, with price and transit days.
     * The amounts are exact decimals read in the currency of the order being priced.
     */
    public record Lane(
            String origin,
            String destCountry,
            @Nullable String destRegion,
            @Nullable String destPostalPrefix,
            double minKg,
            double maxKg,
            BigDecimal ratePerKg,
            BigDecimal minimumCharge,
            int transitDaysTypical,
            int transitDaysP90,
            @Nullable Double emissionFactor) {}

    /** The columns a rate card CSV starts with, in order (the last, emissionFactor, may be empty). */
    public static List<String> csvColumns() {
        return Carriers.CSV_COLUMNS;
    }

    @Transactional(readOnly = true)
    public List<Carrier> carriers() {
        return carriers.list().stream()
                .map(service -> new Carrier(
                        service.code(),
                        service.carrier(),
                        service.serviceLevel(),
                        service.mode(),
                        service.temperatureControlled()))
                .toList();
    }

    @Transactional(readOnly = true)
    public List<Lane> lanes(String code) {
        return carriers.rates(code).stream()
                .map(rate -> new Lane(
                        rate.origin(),
                        rate.destCountry(),
                        rate.destRegion(),
                        rate.destPostalPrefix(),
                        rate.minKg(),
                        rate.maxKg(),
                        rate.ratePerKg(),
                        rate.minimumCharge(),
                        rate.transitDaysTypical(),
                        rate.transitDaysP90(),
                        rate.emissionFactor()))
                .toList();
    }

    /**
     * Replaces the service's rate card with the lanes of a CSV text (audited); nothing changes when a cell is wrong.
     *
     * @return how many lanes the card has now
     * @throws dev.fulcrum.shared.ApiProblem 400 naming each wrong cell as {@code line N.column}, 404 for an unknown
     *     service
     */
    @Transactional
    public int replace(String code, String csv) {
        return carriers.replaceRates(code, csv);
    }
}

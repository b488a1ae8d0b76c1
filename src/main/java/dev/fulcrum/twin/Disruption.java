package dev.fulcrum.twin;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One disruption of a scenario, in force from {@code from} to {@code to} (local days, both included). By
 * {@code type}: {@code location-closed} ({@code location}), {@code location-capacity} ({@code location},
 * {@code capacityPercent} of its daily order capacity), {@code carrier-delay} ({@code carrier}: a carrier or a service
 * code, {@code extraDays} added to the transit of parcels leaving in the window), {@code region-unreachable}
 * ({@code country}, {@code region}; null region: the whole country), {@code demand-surge} ({@code skus},
 * {@code factor} on their forecast demand, {@code location}; null: every location).
 */
public record Disruption(
        String type,
        LocalDate from,
        LocalDate to,
        @Nullable LocationId location,
        @Nullable Integer capacityPercent,
        @Nullable String carrier,
        @Nullable Integer extraDays,
        @Nullable String country,
        @Nullable String region,
        List<Sku> skus,
        @Nullable Double factor) {

    public static final String LOCATION_CLOSED = "location-closed";
    public static final String LOCATION_CAPACITY = "location-capacity";
    public static final String CARRIER_DELAY = "carrier-delay";
    public static final String REGION_UNREACHABLE = "region-unreachable";
    public static final String DEMAND_SURGE = "demand-surge";
    public static final List<String> TYPES =
            List.of(LOCATION_CLOSED, LOCATION_CAPACITY, CARRIER_DELAY, REGION_UNREACHABLE, DEMAND_SURGE);

    public Disruption {
        skus = List.copyOf(skus);
    }

    public boolean covers(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    /** Whether this disruption's carrier is the parcel's carrier or service (case-insensitive). */
    public boolean delaysCarrier(String carrierName, String serviceCode) {
        return type.equals(CARRIER_DELAY)
                && carrier != null
                && (carrier.equalsIgnoreCase(carrierName) || carrier.equalsIgnoreCase(serviceCode));
    }

    /** Whether deliveries to the destination are cut off by this disruption (region-unreachable only). */
    public boolean cutsOff(String destCountry, @Nullable String destRegion) {
        return type.equals(REGION_UNREACHABLE)
                && country != null
                && country.equalsIgnoreCase(destCountry)
                && (region == null
                        || (destRegion != null
                                && region.toUpperCase(Locale.ROOT).equals(destRegion.toUpperCase(Locale.ROOT))));
    }

    /** Whether this disruption takes capacity away from the location (closed or reduced). */
    public boolean limits(String locationId) {
        return (type.equals(LOCATION_CLOSED) || type.equals(LOCATION_CAPACITY))
                && location != null
                && location.value().equals(locationId);
    }

    /** Whether this surge raises the demand for the SKU at the location. */
    public boolean surges(String locationId, String sku) {
        return type.equals(DEMAND_SURGE)
                && (location == null || location.value().equals(locationId))
                && skus.stream().anyMatch(s -> s.value().equals(sku));
    }
}

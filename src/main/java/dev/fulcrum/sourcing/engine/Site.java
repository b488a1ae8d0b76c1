package dev.fulcrum.sourcing.engine;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A candidate location with what the engine needs: type, place, calendar, costs, capacity left today, the SKUs it may
 * ship ({@code assortment}, null: any) and available-to-promise per SKU. {@code loadFraction} is today's orders over
 * its daily capacity (0 when it has none); {@code atCapacity} says it takes no more orders today.
 */
public record Site(
        LocationId id,
        String type,
        double latitude,
        double longitude,
        String country,
        @Nullable String region,
        ZoneId zone,
        Set<String> capabilities,
        boolean atCapacity,
        double loadFraction,
        double handlingPerOrder,
        double handlingPerUnit,
        int processingHours,
        LocalTime cutoff,
        Set<DayOfWeek> workingDays,
        Set<LocalDate> holidays,
        @Nullable Set<Sku> assortment,
        Map<Sku, Integer> available,
        Map<String, Object> attributes) {

    /** The same location with another load and available-to-promise (a batch deducting what earlier orders took). */
    public Site withState(boolean atCapacity, double loadFraction, Map<Sku, Integer> available) {
        return new Site(
                id,
                type,
                latitude,
                longitude,
                country,
                region,
                zone,
                capabilities,
                atCapacity,
                loadFraction,
                handlingPerOrder,
                handlingPerUnit,
                processingHours,
                cutoff,
                workingDays,
                holidays,
                assortment,
                available,
                attributes);
    }

    public int availableOf(Sku sku) {
        Integer units = available.get(sku);
        return units == null ? 0 : units;
    }
}

package dev.fulcrum.inventory;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A place stock ships from. {@code type} is {@code warehouse}, {@code store} or {@code supplier};
 * {@code capabilities} are what it can handle ({@code chilled}, {@code frozen}, {@code hazardous}, {@code pickup});
 * {@code assortment} lists the SKUs it may ship (null: any); {@code workingDays} are {@code MON} … {@code SUN};
 * {@code stockAsOf} is the time of its latest stock feed (null: never fed). {@code leadTimeDays} is how long an order
 * placed with its suppliers takes to arrive and {@code reviewPeriodDays} how often it orders, both for replenishment
 * (defaults 7 and 7).
 */
public record Location(
        String id,
        String name,
        String type,
        double latitude,
        double longitude,
        String country,
        @Nullable String region,
        @Nullable String postalCode,
        String timeZone,
        List<String> capabilities,
        @Nullable Integer dailyOrderCapacity,
        BigDecimal handlingCostPerOrder,
        BigDecimal handlingCostPerUnit,
        int processingHours,
        LocalTime cutoffTime,
        List<String> workingDays,
        List<LocalDate> holidays,
        @Nullable List<String> assortment,
        Map<String, Object> attributes,
        boolean active,
        @Nullable Instant stockAsOf,
        int leadTimeDays,
        int reviewPeriodDays) {

    public static final List<String> TYPES = List.of("warehouse", "store", "supplier");
    public static final int DEFAULT_LEAD_TIME_DAYS = 7;
    public static final int DEFAULT_REVIEW_PERIOD_DAYS = 7;
    public static final List<String> WEEKDAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    public Location {
        capabilities = List.copyOf(capabilities);
        workingDays = List.copyOf(workingDays);
        holidays = List.copyOf(holidays);
        assortment = assortment == null ? null : List.copyOf(assortment);
        attributes = Map.copyOf(attributes);
    }
}

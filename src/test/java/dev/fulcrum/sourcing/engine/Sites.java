package dev.fulcrum.sourcing.engine;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sites, orders and strategies for engine tests and benchmarks. */
public final class Sites {

    public static final Set<DayOfWeek> MON_TO_FRI = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    public static final Currency CNY = Currency.getInstance("CNY");

    private Sites() {}

    /** A warehouse with handling 2.00 per order + 0.30 per unit, 4 h processing, cut-off 16:00, Monday to Friday. */
    public static Site site(String id, double latitude, double longitude, Map<String, Integer> available) {
        return new Site(
                new LocationId(id),
                "warehouse",
                latitude,
                longitude,
                "CN",
                "SH",
                SHANGHAI,
                Set.of("chilled", "frozen"),
                false,
                0,
                2.0,
                0.3,
                4,
                LocalTime.of(16, 0),
                MON_TO_FRI,
                Set.of(),
                null,
                skus(available),
                Map.of());
    }

    public static Site site(
            String id,
            ZoneId zone,
            int processingHours,
            LocalTime cutoff,
            Set<DayOfWeek> days,
            Set<LocalDate> holidays) {
        return new Site(
                new LocationId(id),
                "warehouse",
                31.2,
                121.5,
                "CN",
                "SH",
                zone,
                Set.of(),
                false,
                0,
                2.0,
                0.3,
                processingHours,
                cutoff,
                days,
                holidays,
                null,
                Map.of(),
                Map.of());
    }

    public static EngineOrder order(Instant at, String... skuAndQuantity) {
        List<EngineOrder.Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            lines.add(new EngineOrder.Line(
                    lines.size() + 1,
                    new Sku(skuAndQuantity[i]),
                    Integer.parseInt(skuAndQuantity[i + 1]),
                    500,
                    List.of(),
                    List.of()));
        }
        return new EngineOrder(
                "O-1", lines, new EngineOrder.Destination("CN", "SH", "200001", 31.23, 121.47), at, null, false, CNY);
    }

    public static Strategy strategy(String preset, int maxShipments) {
        return new Strategy(
                "test", null, maxShipments, true, true, Strategy.SiteFilter.NONE, preset, Weights.preset(preset));
    }

    public static Map<String, Integer> stock(Object... skuAndUnits) {
        Map<String, Integer> stock = new HashMap<>();
        for (int i = 0; i < skuAndUnits.length; i += 2) {
            stock.put((String) skuAndUnits[i], (Integer) skuAndUnits[i + 1]);
        }
        return stock;
    }

    /** Units per SKU keyed by the engine's typed SKU. */
    public static Map<Sku, Integer> skus(Map<String, Integer> unitsBySku) {
        Map<Sku, Integer> typed = new HashMap<>();
        unitsBySku.forEach((sku, units) -> typed.put(new Sku(sku), units));
        return typed;
    }

    public static LaneBook estimatesOnly() {
        return new RateCardLanes(List.of(), List.of());
    }
}

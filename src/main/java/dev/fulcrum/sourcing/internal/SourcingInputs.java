package dev.fulcrum.sourcing.internal;

import dev.fulcrum.catalog.Catalog;
import dev.fulcrum.catalog.Item;
import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.inventory.StockPosition;
import dev.fulcrum.order.Flows;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderLine;
import dev.fulcrum.shared.Expressions;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.sourcing.engine.EngineOrder;
import dev.fulcrum.sourcing.engine.LaneBook;
import dev.fulcrum.sourcing.engine.Promises;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.engine.Strategy;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Gathers what the engine needs for one order from catalogue, inventory, carriers, tagger, preferences and the profile:
 * the engine's order, candidate sites with their available-to-promise and load, the lanes and the strategy that
 * applies, with the first steps of the decision trace (intent, strategy selection).
 */
@Component
public class SourcingInputs {

    private final Catalog catalog;
    private final Locations locations;
    private final InventoryLedger ledger;
    private final Carriers carriers;
    private final NoteTagger tagger;
    private final DeliveryPreferences preferences;
    private final Clock clock;

    SourcingInputs(
            Catalog catalog,
            Locations locations,
            InventoryLedger ledger,
            Carriers carriers,
            NoteTagger tagger,
            DeliveryPreferences preferences,
            Clock clock) {
        this.catalog = catalog;
        this.locations = locations;
        this.ledger = ledger;
        this.carriers = carriers;
        this.tagger = tagger;
        this.preferences = preferences;
        this.clock = clock;
    }

    /**
     * Everything the engine needs to decide one order (its order, candidate sites, lanes and strategy) and the trace
     * so far (intent, strategies tried). The trace is the caller's to copy and extend.
     */
    public record DecisionInput(
            EngineOrder order, List<Site> sites, LaneBook lanes, Strategy strategy, DecisionTrace trace) {}

    /** The input for deciding the open units of an order with a profile; reads the current tenant's data. */
    public DecisionInput prepare(Order order, ProfileDefinition profile, Map<String, Integer> addBack) {
        return prepare(order, profile, new LiveQueries(addBack));
    }

    /** The input for deciding the open units of one order of a batch from the batch's snapshot (no query). */
    public DecisionInput prepare(Order order, ProfileDefinition profile, Batch batch) {
        return prepare(order, profile, (InputSource) batch);
    }

    private DecisionInput prepare(Order order, ProfileDefinition profile, InputSource source) {
        DecisionTrace trace = new DecisionTrace();
        List<String> noteTags = source.noteTags(order.notes());
        Set<String> tags = new LinkedHashSet<>(order.tags());
        tags.addAll(noteTags);
        DeliveryPreferences.Preferences prefs =
                source.preferences(order.customer().id());
        boolean avoidWeekend = tags.contains("avoid-weekend") || (prefs != null && prefs.noWeekendDelivery());
        String preferredCarrier = prefs == null ? null : prefs.preferredCarrier();
        Map<String, Object> orderView = new LinkedHashMap<>(Flows.celView(order));
        orderView.put("tags", List.copyOf(tags));
        orderView.put("notes", order.notes() == null ? "" : order.notes());
        Map<String, Object> customer = new LinkedHashMap<>(castMap(orderView.get("customer")));
        customer.put(
                "preferences",
                Map.of(
                        "preferredCarrier",
                        preferredCarrier == null ? "" : preferredCarrier,
                        "noWeekendDelivery",
                        prefs != null && prefs.noWeekendDelivery()));
        orderView.put("customer", customer);
        orderView.put("attributes", celSafe(order.attributes()));
        trace.intent(List.copyOf(tags), noteTags, preferredCarrier, avoidWeekend);

        ProfileDefinition.StrategyDefinition chosen = null;
        Map<String, Object> variables = Map.of("order", orderView);
        for (ProfileDefinition.StrategyDefinition strategy : profile.strategies()) {
            boolean matched;
            String error = null;
            try {
                matched = strategy.when() == null
                        || Expressions.condition(strategy.when(), List.of("order"))
                                .test(variables);
            } catch (Expressions.InvalidExpression failed) {
                matched = false;
                error = failed.getMessage();
            }
            trace.strategy(strategy.name(), strategy.when() == null ? "always" : strategy.when(), matched, error);
            if (matched) {
                chosen = strategy;
                break;
            }
        }
        if (chosen == null) {
            chosen = ProfileDefinition.standard().strategies().getLast();
            trace.strategy(chosen.name(), "no strategy of the profile matched: built-in balanced", true, null);
        }

        Map<String, Item> items = source.items(
                order.lines().stream().map(OrderLine::sku).distinct().toList());
        List<EngineOrder.Line> lines = new ArrayList<>();
        for (OrderLine line : order.lines()) {
            int open = line.quantities().open();
            if (open <= 0) {
                continue;
            }
            Item item = java.util.Objects.requireNonNull(items.get(line.sku())); // items() maps every SKU asked for
            Double lineWeight = line.weightGrams();
            lines.add(new EngineOrder.Line(
                    line.lineNo(),
                    new Sku(line.sku()),
                    open,
                    lineWeight != null ? lineWeight : item.weightGrams(),
                    item.requiredCapabilities(),
                    item.restrictedCountries()));
        }
        var address = order.shippingAddress();
        EngineOrder engineOrder = new EngineOrder(
                order.id().toString(),
                lines,
                new EngineOrder.Destination(
                        address.country(),
                        address.region(),
                        address.postalCode(),
                        address.latitude(),
                        address.longitude()),
                clock.instant(),
                preferredCarrier,
                avoidWeekend,
                Currency.getInstance(order.currency()));
        List<Site> sites = source.sites(
                lines.stream().map(line -> line.sku().value()).distinct().toList());
        String filter = chosen.locationFilter();
        Strategy.SiteFilter siteFilter = filter == null
                ? Strategy.SiteFilter.NONE
                : site -> {
                    try {
                        return Expressions.condition(filter, List.of("location", "order"))
                                        .test(Map.of("location", locationView(site), "order", orderView))
                                ? null
                                : "location filter is false: " + filter;
                    } catch (Expressions.InvalidExpression failed) {
                        return "location filter failed: " + failed.getMessage();
                    }
                };
        Strategy strategy = new Strategy(
                chosen.name(),
                chosen.locationTypes() == null ? null : Set.copyOf(chosen.locationTypes()),
                chosen.maxShipmentsOrDefault(),
                !Boolean.FALSE.equals(chosen.respectCapacity()),
                !Boolean.FALSE.equals(chosen.usePreferredCarrier()),
                siteFilter,
                chosen.objectiveOrDefault(),
                chosen.weightsOrPreset());
        return new DecisionInput(
                engineOrder, sites, source.lanes(address.country(), profile.requiresRateCard()), strategy, trace);
    }

    /**
     * Active locations as engine sites with the available-to-promise of these SKUs (plus units to add back) and the
     * load of the day a shipment decided now would leave on (after processing time, cut-off and calendar).
     */
    public List<Site> sites(List<String> skus, Map<String, Integer> addBack) {
        Map<String, Map<Sku, Integer>> available = new HashMap<>();
        for (StockPosition position : ledger.positions(typed(skus))) {
            available
                    .computeIfAbsent(position.locationId().value(), id -> new HashMap<>())
                    .put(position.sku(), position.available());
        }
        addBack.forEach((key, units) -> {
            String[] parts = key.split("\u0000", 2);
            available.computeIfAbsent(parts[0], id -> new HashMap<>()).merge(new Sku(parts[1]), units, Integer::sum);
        });
        Instant now = clock.instant();
        Map<LocalDate, Map<String, Integer>> loads = new HashMap<>();
        List<Site> sites = new ArrayList<>();
        for (Location location : locations.list(true)) {
            Site site = site(location);
            int load =
                    loads.computeIfAbsent(shipDay(site, now), locations::loadOn).getOrDefault(location.id(), 0);
            sites.add(withLoad(
                    site, location.dailyOrderCapacity(), load, available.getOrDefault(location.id(), Map.of())));
        }
        return sites;
    }

    /** The location as an engine site with nothing available and no load yet. */
    private static Site site(Location location) {
        Set<DayOfWeek> workingDays = new HashSet<>();
        location.workingDays().forEach(d -> workingDays.add(DayOfWeek.of(Location.WEEKDAYS.indexOf(d) + 1)));
        return new Site(
                new LocationId(location.id()),
                location.type(),
                location.latitude(),
                location.longitude(),
                location.country(),
                location.region(),
                ZoneId.of(location.timeZone()),
                Set.copyOf(location.capabilities()),
                false,
                0,
                location.handlingCostPerOrder().doubleValue(),
                location.handlingCostPerUnit().doubleValue(),
                location.processingHours(),
                location.cutoffTime(),
                workingDays,
                Set.copyOf(location.holidays()),
                location.assortment() == null
                        ? null
                        : location.assortment().stream().map(Sku::new).collect(Collectors.toUnmodifiableSet()),
                Map.of(),
                location.attributes());
    }

    private static Site withLoad(Site site, @Nullable Integer capacity, int load, Map<Sku, Integer> available) {
        return site.withState(
                capacity != null && load >= capacity,
                capacity == null || capacity == 0 ? 0 : (double) load / capacity,
                available);
    }

    /** Where {@link #prepare} reads the tenant's data: live queries for one order, or the snapshot of a batch. */
    private interface InputSource {

        List<String> noteTags(@Nullable String note);

        DeliveryPreferences.@Nullable Preferences preferences(@Nullable String customerId);

        Map<String, Item> items(List<String> skus);

        List<Site> sites(List<String> skus);

        LaneBook lanes(String country, boolean requireRateCard);
    }

    /** Reads everything when it is asked for, in the current transaction. */
    private final class LiveQueries implements InputSource {

        private final Map<String, Integer> addBack;

        LiveQueries(Map<String, Integer> addBack) {
            this.addBack = addBack;
        }

        @Override
        public List<String> noteTags(@Nullable String note) {
            return tagger.tags(note);
        }

        @Override
        public DeliveryPreferences.@Nullable Preferences preferences(@Nullable String customerId) {
            return preferences.find(customerId).orElse(null);
        }

        @Override
        public Map<String, Item> items(List<String> skus) {
            return itemsBySku(catalog, skus);
        }

        @Override
        public List<Site> sites(List<String> skus) {
            return SourcingInputs.this.sites(skus, addBack);
        }

        @Override
        public LaneBook lanes(String country, boolean requireRateCard) {
            return carriers.lanesInto(country, requireRateCard);
        }
    }

    /**
     * Reads what the orders placed together need once (active locations, today's loads, tagger rules, their
     * customers' preferences, catalogue items and stock positions of their SKUs), null when the tenant has no active
     * location. Lanes are read per destination country the first time one is asked for.
     */
    public @Nullable Batch batch(List<Order> orders) {
        List<Location> active = locations.list(true);
        if (active.isEmpty()) {
            return null;
        }
        List<String> skus = orders.stream()
                .flatMap(order -> order.lines().stream())
                .map(OrderLine::sku)
                .distinct()
                .toList();
        Map<String, Map<String, Integer>> available = new HashMap<>();
        for (StockPosition position : ledger.positions(typed(skus))) {
            available
                    .computeIfAbsent(position.locationId().value(), id -> new HashMap<>())
                    .put(position.sku().value(), position.available());
        }
        Instant now = clock.instant();
        List<Site> sites = active.stream().map(SourcingInputs::site).toList();
        Map<String, LocalDate> days = new HashMap<>();
        sites.forEach(site -> days.put(site.id().value(), shipDay(site, now)));
        Map<LocalDate, Map<String, Integer>> loads = locations.loadsOn(Set.copyOf(days.values()));
        Map<String, Integer> load = new HashMap<>();
        days.forEach((id, day) -> load.put(id, loads.getOrDefault(day, Map.of()).getOrDefault(id, 0)));
        Map<String, Integer> capacities = new HashMap<>();
        active.forEach(location -> capacities.put(location.id(), location.dailyOrderCapacity()));
        return new Batch(
                tagger.rules(),
                preferences.findAll(orders.stream()
                        .<@Nullable String>map(order -> order.customer().id())
                        .toList()),
                itemsBySku(catalog, skus),
                sites,
                capacities,
                days,
                load,
                available);
    }

    /** A batch over no location and no order. */
    public Batch emptyBatch() {
        return new Batch(Map.of(), Map.of(), Map.of(), List.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * The snapshot a batch decides on, kept current in memory: what each order of the batch takes is deducted from the
     * available-to-promise and added to the locations' loads before the next order is decided.
     */
    public final class Batch implements InputSource {

        private final Map<String, List<String>> rules;
        private final Map<String, DeliveryPreferences.Preferences> preferences;
        private final Map<String, Item> items;
        private final List<Site> sites;
        private final Map<String, Integer> capacities;
        private final Map<String, LocalDate> days;
        private final Map<String, Integer> loads;
        private final Map<String, Map<String, Integer>> available;
        private final Map<String, LaneBook> lanes = new HashMap<>();

        private Batch(
                Map<String, List<String>> rules,
                Map<String, DeliveryPreferences.Preferences> preferences,
                Map<String, Item> items,
                List<Site> sites,
                Map<String, Integer> capacities,
                Map<String, LocalDate> days,
                Map<String, Integer> loads,
                Map<String, Map<String, Integer>> available) {
            this.rules = rules;
            this.preferences = preferences;
            this.items = items;
            this.sites = sites;
            this.capacities = capacities;
            this.days = days;
            this.loads = loads;
            this.available = available;
        }

        @Override
        public List<String> noteTags(@Nullable String note) {
            return NoteTagger.tags(note, rules);
        }

        @Override
        public DeliveryPreferences.@Nullable Preferences preferences(@Nullable String customerId) {
            return customerId == null ? null : preferences.get(customerId);
        }

        @Override
        public Map<String, Item> items(List<String> skus) {
            Map<String, Item> found = new LinkedHashMap<>();
            skus.forEach(sku -> found.put(sku, items.computeIfAbsent(sku, Item::unknown)));
            return found;
        }

        @Override
        public List<Site> sites(List<String> skus) {
            List<Site> current = new ArrayList<>(sites.size());
            for (Site site : sites) {
                String id = site.id().value();
                Map<String, Integer> stock = available.getOrDefault(id, Map.of());
                Map<Sku, Integer> ofOrder = new HashMap<>();
                skus.forEach(sku -> {
                    Integer units = stock.get(sku);
                    if (units != null) {
                        ofOrder.put(new Sku(sku), units);
                    }
                });
                current.add(withLoad(site, capacities.get(id), loads.getOrDefault(id, 0), ofOrder));
            }
            return current;
        }

        @Override
        public LaneBook lanes(String country, boolean requireRateCard) {
            return lanes.computeIfAbsent(
                    country + (requireRateCard ? "\u0000strict" : ""),
                    key -> carriers.lanesInto(country, requireRateCard));
        }

        /** The active locations as sites, before any order's stock or load is applied. */
        public List<Site> locations() {
            return sites;
        }

        /** Available-to-promise of the SKU at the location, after what the batch took so far. */
        public int available(String locationId, String sku) {
            return available.getOrDefault(locationId, Map.of()).getOrDefault(sku, 0);
        }

        /** Whether the location can still take an order today (as {@link Locations#takeCapacity} would answer). */
        public boolean hasCapacity(String locationId) {
            Integer capacity = capacities.get(locationId);
            return capacity == null || (capacity > 0 && loads.getOrDefault(locationId, 0) < capacity);
        }

        /** The location's daily order capacity; null: unlimited. */
        public @Nullable Integer capacity(String locationId) {
            return capacities.get(locationId);
        }

        /** The local day an order decided now counts against the location's capacity (the day it would ship). */
        public LocalDate day(String locationId) {
            return java.util.Objects.requireNonNull(
                    days.get(locationId), locationId + " is not a location of the batch");
        }

        /** Deducts units the batch reserved at the location. */
        public void take(String locationId, String sku, int units) {
            available.computeIfAbsent(locationId, id -> new HashMap<>()).merge(sku, -units, Integer::sum);
        }

        /** Counts one more order against the location's capacity today (locations with a capacity only). */
        public void takeCapacity(String locationId) {
            if (capacities.get(locationId) != null) {
                loads.merge(locationId, 1, Integer::sum);
            }
        }
    }

    /** The local day a site counts an order decided now against its capacity: the day it would ship. */
    public LocalDate localDay(Site site) {
        return shipDay(site, clock.instant());
    }

    /** The local day a shipment decided at {@code now} leaves the site (capacity is counted on that day). */
    static LocalDate shipDay(Site site, Instant now) {
        return Promises.shipBy(site, now).toLocalDate();
    }

    static Map<String, Object> locationView(Site site) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", site.id().value());
        view.put("type", site.type());
        view.put("country", site.country());
        view.put("region", site.region() == null ? "" : site.region());
        view.put("capabilities", List.copyOf(site.capabilities()));
        view.put("attributes", celSafe(site.attributes()));
        view.put("load", site.loadFraction());
        return view;
    }

    /** CEL knows int64 and double, not Integer or BigDecimal: convert numbers inside maps and lists. */
    static Object celSafe(@Nullable Object value) {
        return switch (value) {
            case null -> "";
            case Integer number -> number.longValue();
            case Short number -> number.longValue();
            case Float number -> number.doubleValue();
            case java.math.BigDecimal number -> number.doubleValue();
            case java.math.BigInteger number -> number.longValue();
            case Map<?, ?> map -> {
                Map<String, Object> converted = new LinkedHashMap<>();
                map.forEach((key, element) -> converted.put(String.valueOf(key), celSafe(element)));
                yield converted;
            }
            case List<?> list -> list.stream().map(SourcingInputs::celSafe).toList();
            default -> value;
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(@Nullable Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The catalogue's items keyed by the plain SKU strings the engine works with. */
    private static Map<String, Item> itemsBySku(Catalog catalog, List<String> skus) {
        Map<String, Item> items = new java.util.LinkedHashMap<>();
        catalog.findAll(typed(skus)).forEach((sku, item) -> items.put(sku.value(), item));
        return items;
    }

    private static List<Sku> typed(List<String> skus) {
        return skus.stream().map(Sku::new).toList();
    }
}

package dev.fulcrum.sourcing;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Reservation;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderLine;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.sourcing.engine.EngineOrder;
import dev.fulcrum.sourcing.engine.Geo;
import dev.fulcrum.sourcing.engine.LaneBook;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.Quote;
import dev.fulcrum.sourcing.engine.RateCardLanes;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.engine.SourcingEngine;
import dev.fulcrum.sourcing.engine.Strategy;
import dev.fulcrum.sourcing.internal.Decisions;
import dev.fulcrum.sourcing.internal.OrderSourcing;
import dev.fulcrum.sourcing.internal.Profiles;
import dev.fulcrum.sourcing.internal.SourcingInputs;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-sourcing that avoids some locations and carriers, for what-if planning (the digital twin): the routes of open
 * orders with the transit days of their lanes (typical and 90th percentile, from the rate cards or the documented
 * distance estimate), what the active profile would choose instead in simulation (nothing reserved), and the reroute
 * itself, which is the ordinary re-sourcing of {@link SourcingManagement#resource} with those locations and carriers
 * left out: released, decided again, reserved, recorded on the order (audited) and published as
 * {@code order.allocated}.
 */
@Service
public class Rerouting {

    /** Orders with an allocation read at most when looking for the ones a disruption touches. */
    public static final int MAX_SCANNED_ORDERS = 50_000;

    private static final int CHUNK = 5_000;

    private final Decisions decisions;
    private final OrderManagement orders;
    private final Profiles profiles;
    private final SourcingInputs inputs;
    private final InventoryLedger ledger;
    private final OrderSourcing orderSourcing;
    private final SourcingEngine engine = new SourcingEngine();

    Rerouting(
            Decisions decisions,
            OrderManagement orders,
            Profiles profiles,
            SourcingInputs inputs,
            InventoryLedger ledger,
            OrderSourcing orderSourcing) {
        this.decisions = decisions;
        this.orders = orders;
        this.profiles = profiles;
        this.inputs = inputs;
        this.ledger = ledger;
        this.orderSourcing = orderSourcing;
    }

    /**
     * What a reroute leaves out: locations, and carriers named by carrier ({@code SF}) or service code
     * ({@code SF-EXPRESS}), case-insensitive. {@code reason} is what the decision's trace says of an avoided location.
     */
    public record Avoid(Set<LocationId> locations, Set<String> carriers, String reason) {

        public Avoid {
            locations = Set.copyOf(locations);
            carriers = carriers.stream()
                    .map(name -> name.toUpperCase(Locale.ROOT))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }

        boolean avoidsCarrier(Quote quote) {
            return carriers.contains(quote.carrier().toUpperCase(Locale.ROOT))
                    || carriers.contains(quote.serviceCode().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One shipment of a route: where it leaves from, with which service, the local day it ships and its promise, the
     * transit days of its lane, and the SKUs and units it carries.
     */
    public record Leg(
            LocationId location,
            String carrierService,
            String carrier,
            LocalDate shipDay,
            Instant shipBy,
            LocalDate deliverBy,
            int transitDaysTypical,
            int transitDaysP90,
            List<Sku> skus,
            int units) {}

    /**
     * An order's route: the current allocation ({@code decisionId} set) or a proposed one (null). {@code cost} is in
     * the order's currency; {@code complete} is false when some open units would stay unallocated.
     */
    public record Route(
            OrderId orderId,
            String externalId,
            @Nullable UUID decisionId,
            List<Leg> legs,
            Money cost,
            @Nullable LocalDate deliverBy,
            boolean complete,
            String destinationCountry,
            @Nullable String destinationRegion,
            @Nullable String customerName,
            @Nullable String customerEmail) {}

    /** Which routes a caller wants: true when an open shipment (its location, service, destination, SKUs) matters. */
    @FunctionalInterface
    public interface RouteFilter {

        boolean touches(
                String locationId,
                String carrierService,
                String carrier,
                String destCountry,
                @Nullable String region,
                List<String> skus);
    }

    /** What became of a reroute: {@code rerouted} with the new decision, or {@code skipped} with the reason. */
    public record Outcome(
            String outcome,
            @Nullable String reason,
            @Nullable SourcingDecision decision) {}

    /**
     * The routes of orders holding an allocation (decision allocated or backordered) with units not shipped yet, of
     * which at least one open shipment the filter touches; at most {@code limit} + 1 (one more tells the caller its cap
     * is exceeded).
     *
     * @throws ApiProblem 422 {@code scenario-over-budget} when the tenant has more than {@link #MAX_SCANNED_ORDERS}
     *     allocated orders to look through
     */
    @Transactional(readOnly = true)
    public List<Route> openRoutes(RouteFilter filter, int limit) {
        List<OrderId> ids = decisions.ordersWithStatus(List.of("allocated", "backordered"), MAX_SCANNED_ORDERS + 1);
        if (ids.size() > MAX_SCANNED_ORDERS) {
            throw ApiProblem.unprocessable(
                    "scenario-over-budget",
                    "more than " + MAX_SCANNED_ORDERS + " allocated orders to look through: ship or settle some first");
        }
        List<Order> matched = new ArrayList<>();
        Map<OrderId, SourcingDecision> decided = new HashMap<>();
        for (int start = 0; start < ids.size() && matched.size() <= limit; start += CHUNK) {
            List<OrderId> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
            Map<OrderId, Order> byId = new HashMap<>();
            orders.findAll(chunk).forEach(order -> byId.put(order.id(), order));
            for (SourcingDecision decision : decisions.current(chunk)) {
                Order order = byId.get(decision.orderId());
                if (order == null || matched.size() > limit) {
                    continue;
                }
                List<SourcingDecision.Shipment> open = openShipments(order, decision);
                var address = order.shippingAddress();
                if (open.stream()
                        .anyMatch(shipment -> filter.touches(
                                shipment.locationId(),
                                shipment.carrierService(),
                                shipment.carrier(),
                                address.country(),
                                address.region(),
                                shipment.lines().stream()
                                        .map(SourcingDecision.Line::sku)
                                        .toList()))) {
                    matched.add(order);
                    decided.put(order.id(), decision);
                }
            }
        }
        if (matched.isEmpty()) {
            return List.of();
        }
        SourcingInputs.Batch batch = inputs.batch(matched);
        if (batch == null) {
            return List.of();
        }
        Profiles.StoredProfile profile = profiles.active();
        Map<String, Site> sites = sitesById(batch);
        List<Route> routes = new ArrayList<>(matched.size());
        for (Order order : matched) {
            SourcingDecision decision = java.util.Objects.requireNonNull(decided.get(order.id()));
            SourcingInputs.DecisionInput input = inputs.prepare(order, profile.definition(), batch);
            routes.add(currentRoute(order, decision, input, sites));
        }
        return routes;
    }

    /**
     * What the active profile would choose for each route's order with the given locations and carriers left out,
     * decided one after the other on one snapshot of stock and capacity (each proposal takes what it uses, so the
     * proposals fit together), in the order given. Reserves nothing. An order absent from the answer has no route.
     */
    @Transactional(readOnly = true)
    public Map<OrderId, Route> propose(List<Route> routes, Function<Route, Avoid> avoidFor) {
        List<Order> found = orders.findAll(routes.stream().map(Route::orderId).toList());
        Map<OrderId, Order> byId = new HashMap<>();
        found.forEach(order -> byId.put(order.id(), order));
        SourcingInputs.Batch batch = inputs.batch(found);
        Map<OrderId, Route> proposals = new LinkedHashMap<>();
        if (batch == null) {
            return proposals;
        }
        Profiles.StoredProfile profile = profiles.active();
        for (Route route : routes) {
            Order order = byId.get(route.orderId());
            if (order == null) {
                continue;
            }
            SourcingInputs.DecisionInput input =
                    avoiding(inputs.prepare(order, profile.definition(), batch), avoidFor.apply(route));
            Plan plan = engine.decide(input.order(), input.sites(), input.lanes(), input.strategy(), false);
            if (plan.shipments().isEmpty()) {
                continue;
            }
            plan.shipments().forEach(shipment -> {
                shipment.lines()
                        .forEach(line -> batch.take(
                                shipment.locationId().value(), line.sku().value(), line.quantity()));
                batch.takeCapacity(shipment.locationId().value());
            });
            proposals.put(order.id(), proposedRoute(order, plan));
        }
        return proposals;
    }

    /**
     * Reroutes one order: when its current decision is still {@code expectedDecision} and the active profile finds a
     * complete allocation without the avoided locations and carriers, releases what it holds and sources it again with
     * them left out, as {@link SourcingManagement#resource} does (audited on the order, published as
     * {@code order.allocated}). Otherwise nothing changes and the outcome says why.
     */
    @Transactional
    public Outcome reroute(OrderId orderId, UUID expectedDecision, Avoid avoid) {
        Optional<SourcingDecision> current = decisions.current(orderId);
        if (current.isEmpty() || !current.get().id().equals(expectedDecision)) {
            return new Outcome("skipped", "its allocation changed since the scenario was simulated", null);
        }
        Order order = orders.get(orderId);
        Map<String, Integer> addBack = new HashMap<>();
        for (Reservation reservation : ledger.reservations(orderId)) {
            addBack.merge(
                    reservation.locationId() + "\u0000" + reservation.sku(), reservation.quantity(), Integer::sum);
        }
        SourcingInputs.DecisionInput input =
                avoiding(inputs.prepare(order, profiles.active().definition(), addBack), avoid);
        Plan plan = engine.decide(input.order(), input.sites(), input.lanes(), input.strategy(), false);
        if (!plan.complete()) {
            return new Outcome("skipped", "no complete allocation avoids " + avoid.reason() + " now", null);
        }
        orderSourcing.release(orderId, "released", "rerouted: " + avoid.reason());
        Optional<SourcingDecision> decided = orderSourcing.reconcile(orderId, next -> avoiding(next, avoid));
        return decided.map(decision -> new Outcome("rerouted", null, decision))
                .orElseGet(() -> new Outcome("skipped", "nothing to source", null));
    }

    /** The decision's input with the avoided locations rejected (saying why in the trace) and carriers left out. */
    private static SourcingInputs.DecisionInput avoiding(SourcingInputs.DecisionInput input, Avoid avoid) {
        Strategy strategy = input.strategy();
        Strategy.SiteFilter original = strategy.filter();
        Strategy.SiteFilter filter =
                site -> avoid.locations().contains(site.id()) ? "avoided: " + avoid.reason() : original.reject(site);
        Strategy adjusted = new Strategy(
                strategy.name(),
                strategy.locationTypes(),
                strategy.maxShipments(),
                strategy.respectCapacity(),
                strategy.usePreferredCarrier(),
                filter,
                strategy.objective(),
                strategy.weights());
        LaneBook lanes = input.lanes();
        // Where the avoided carriers were the only ones on a lane, the lane is priced as a lane no rate card covers:
        // by the distance estimate, unless the profile requires a rate card.
        boolean estimates = !(lanes instanceof RateCardLanes cards && cards.requireRateCard());
        LaneBook withoutCarriers = (destination, currency) -> {
            LaneBook.Lanes inner = lanes.to(destination, currency);
            return (origin, distanceKm, weightKg, cold) -> {
                List<Quote> all = inner.quotes(origin, distanceKm, weightKg, cold);
                List<Quote> kept = all.stream()
                        .filter(quote -> !avoid.avoidsCarrier(quote))
                        .toList();
                return kept.isEmpty() && !all.isEmpty() && estimates
                        ? List.of(RateCardLanes.estimate(distanceKm, weightKg, cold, currency))
                        : kept;
            };
        };
        return new SourcingInputs.DecisionInput(input.order(), input.sites(), withoutCarriers, adjusted, input.trace());
    }

    /** The shipments of the decision that still carry allocated units of the order. */
    private static List<SourcingDecision.Shipment> openShipments(Order order, SourcingDecision decision) {
        Map<Integer, Integer> allocated = new HashMap<>();
        for (OrderLine line : order.lines()) {
            allocated.put(line.lineNo(), line.quantities().allocated());
        }
        return decision.shipments().stream()
                .filter(shipment ->
                        shipment.lines().stream().anyMatch(line -> allocated.getOrDefault(line.lineNo(), 0) > 0))
                .toList();
    }

    private Route currentRoute(
            Order order, SourcingDecision decision, SourcingInputs.DecisionInput input, Map<String, Site> sites) {
        EngineOrder engineOrder = input.order();
        LaneBook.Lanes lanes = input.lanes().to(engineOrder.destination(), engineOrder.currency());
        Map<Integer, EngineOrder.Line> lines = new HashMap<>();
        engineOrder.lines().forEach(line -> lines.put(line.lineNo(), line));
        List<Leg> legs = new ArrayList<>();
        for (SourcingDecision.Shipment shipment : openShipments(order, decision)) {
            Site site = sites.get(shipment.locationId());
            ZoneId zone = site == null ? ZoneOffset.UTC : site.zone();
            LocalDate shipDay = shipment.shipBy().atZone(zone).toLocalDate();
            int p90 = (int) Math.max(0, ChronoUnit.DAYS.between(shipDay, shipment.deliverBy()));
            int typical = p90;
            if (site != null) {
                double grams = 0;
                boolean cold = false;
                for (SourcingDecision.Line line : shipment.lines()) {
                    EngineOrder.Line engineLine = lines.get(line.lineNo());
                    if (engineLine != null) {
                        grams += engineLine.unitWeightGrams() * line.quantity();
                        cold |= engineLine.needsTemperatureControl();
                    }
                }
                double km = distance(site, engineOrder.destination());
                for (Quote quote : lanes.quotes(site, km, Math.max(grams / 1000.0, 0.001), cold)) {
                    if (quote.serviceCode().equals(shipment.carrierService())) {
                        typical = quote.transitDaysTypical();
                        p90 = quote.transitDaysP90();
                    }
                }
            }
            legs.add(new Leg(
                    new LocationId(shipment.locationId()),
                    shipment.carrierService(),
                    shipment.carrier(),
                    shipDay,
                    shipment.shipBy(),
                    shipment.deliverBy(),
                    typical,
                    p90,
                    shipment.lines().stream()
                            .map(line -> new Sku(line.sku()))
                            .distinct()
                            .toList(),
                    shipment.lines().stream()
                            .mapToInt(SourcingDecision.Line::quantity)
                            .sum()));
        }
        var address = order.shippingAddress();
        return new Route(
                order.id(),
                order.externalId(),
                decision.id(),
                legs,
                Money.of(decision.cost(), order.currency()),
                order.deliverBy() != null
                        ? order.deliverBy()
                        : decision.promise() == null ? null : decision.promise().deliverBy(),
                decision.unallocated().isEmpty(),
                address.country(),
                address.region(),
                order.customer().name(),
                order.customer().email());
    }

    private static Route proposedRoute(Order order, Plan plan) {
        List<Leg> legs = plan.shipments().stream()
                .map(shipment -> new Leg(
                        shipment.locationId(),
                        shipment.quote().serviceCode(),
                        shipment.quote().carrier(),
                        shipment.shipBy().toLocalDate(),
                        shipment.shipBy().toInstant(),
                        shipment.deliverBy(),
                        shipment.quote().transitDaysTypical(),
                        shipment.quote().transitDaysP90(),
                        shipment.lines().stream()
                                .map(Plan.PlanLine::sku)
                                .distinct()
                                .toList(),
                        shipment.lines().stream()
                                .mapToInt(Plan.PlanLine::quantity)
                                .sum()))
                .toList();
        var address = order.shippingAddress();
        return new Route(
                order.id(),
                order.externalId(),
                null,
                legs,
                plan.cost(),
                plan.deliverBy(),
                plan.complete(),
                address.country(),
                address.region(),
                order.customer().name(),
                order.customer().email());
    }

    private static Map<String, Site> sitesById(SourcingInputs.Batch batch) {
        Map<String, Site> sites = new HashMap<>();
        batch.locations().forEach(site -> sites.put(site.id().value(), site));
        return sites;
    }

    /** As the engine measures it: great-circle km, or 800 km within a country and 5,000 across without coordinates. */
    private static double distance(Site site, EngineOrder.Destination destination) {
        Double latitude = destination.latitude();
        Double longitude = destination.longitude();
        if (latitude != null && longitude != null) {
            return Geo.haversineKm(site.latitude(), site.longitude(), latitude, longitude);
        }
        return site.country().equals(destination.country()) ? 800 : 5000;
    }
}

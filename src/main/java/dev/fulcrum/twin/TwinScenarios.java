package dev.fulcrum.twin;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.demand.DemandForecasts;
import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.sourcing.Rerouting;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.twin.internal.MonteCarlo;
import dev.fulcrum.twin.internal.ScenarioStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The digital twin's API: simulates a scenario of disruptions over the open orders and the forecast orders of its
 * window without changing anything but the stored scenario, reads stored scenarios, and applies chosen reroutes (the
 * ordinary re-sourcing of those orders). See docs/guide/twin.md for the model and its caps.
 */
@Service
public class TwinScenarios {

    /** Disruptions per scenario at most. */
    public static final int MAX_DISRUPTIONS = 50;
    /** Days a disruption may last at most, and how far ahead of today it may start. */
    public static final int MAX_WINDOW_DAYS = 90;
    /** SKUs one demand surge may name. */
    public static final int MAX_SURGE_SKUS = 1000;
    /** At-risk orders, riskiest first, that get a reroute proposal. */
    public static final int MAX_REROUTES = 500;
    /** SKU-location forecast series one scenario reads at most. */
    public static final int MAX_FORECAST_SERIES = 5000;
    /** The probability of missing the promise from which an order counts as "will be late" and gets a notice draft. */
    public static final double WILL_BE_LATE = 0.5;

    private final Rerouting rerouting;
    private final Locations locations;
    private final ObjectProvider<DemandForecasts> forecasts;
    private final ScenarioStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final int maxOrders;
    private final int maxRuns;
    private final int defaultRuns;

    TwinScenarios(
            Rerouting rerouting,
            Locations locations,
            ObjectProvider<DemandForecasts> forecasts,
            ScenarioStore store,
            AuditLog audit,
            Clock clock,
            PlatformTransactionManager transactionManager,
            @Value("${fulcrum.twin.max-orders:2000}") int maxOrders,
            @Value("${fulcrum.twin.max-runs:10000}") int maxRuns,
            @Value("${fulcrum.twin.default-runs:1000}") int defaultRuns) {
        this.rerouting = rerouting;
        this.locations = locations;
        this.forecasts = forecasts;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
        this.maxOrders = maxOrders;
        this.maxRuns = maxRuns;
        this.defaultRuns = Math.min(defaultRuns, maxRuns);
    }

    /** The caps of a scenario, as the answer and the guide state them. */
    public Map<String, Object> limits() {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxOrders", maxOrders);
        limits.put("maxRuns", maxRuns);
        limits.put("defaultRuns", defaultRuns);
        limits.put("maxDisruptions", MAX_DISRUPTIONS);
        limits.put("maxWindowDays", MAX_WINDOW_DAYS);
        limits.put("maxReroutes", MAX_REROUTES);
        limits.put("maxForecastSeries", MAX_FORECAST_SERIES);
        return limits;
    }

    /**
     * Reads a scenario request, collecting every bad field.
     *
     * @throws ApiProblem 400 naming each bad field ({@code disruptions[0].location: is required}, …)
     */
    public ScenarioRequest parse(@Nullable JsonNode body) {
        if (body == null || body.isNull()) {
            throw ApiProblem.invalid("body", "is required: {\"disruptions\": [...]}");
        }
        JsonFields fields = new JsonFields(body, "name", "disruptions", "runs", "seed", "riskThreshold");
        String name = fields.text("name", false);
        Integer runs = fields.integer("runs", false, 1, maxRuns);
        JsonNode seedNode = fields.node("seed");
        long seed = 1;
        if (seedNode != null) {
            if (!seedNode.isIntegralNumber()) {
                fields.problem("seed", "must be a whole number");
            } else {
                seed = seedNode.asLong();
            }
        }
        Double riskThreshold = fields.decimal("riskThreshold", false, 0.01, 1);
        JsonNode array = fields.node("disruptions");
        List<Disruption> disruptions = new ArrayList<>();
        if (array != null && array.isArray()) {
            RequestLimits.atMost("disruptions", array.size(), MAX_DISRUPTIONS, "disruptions per scenario");
        }
        if (array == null || !array.isArray() || array.isEmpty()) {
            fields.problem("disruptions", "must be a non-empty array");
        } else {
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            for (int i = 0; i < array.size(); i++) {
                Disruption disruption = disruption(fields, "disruptions[" + i + "]", array.get(i), today);
                if (disruption != null) {
                    disruptions.add(disruption);
                }
            }
        }
        fields.throwIfInvalid();
        return new ScenarioRequest(
                name,
                disruptions,
                runs == null ? defaultRuns : runs,
                seed,
                riskThreshold == null ? 0.2 : riskThreshold);
    }

    private static @Nullable Disruption disruption(JsonFields parent, String path, JsonNode node, LocalDate today) {
        JsonFields fields = parent.nested(
                path,
                node,
                "type",
                "from",
                "to",
                "location",
                "capacityPercent",
                "carrier",
                "extraDays",
                "country",
                "region",
                "skus",
                "factor");
        String type = fields.oneOf("type", Disruption.TYPES, null);
        if (fields.node("type") == null) {
            fields.problem("type", "is required: one of " + Disruption.TYPES);
        }
        LocalDate from = date(fields, "from");
        LocalDate to = date(fields, "to");
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                fields.problem("to", "must not be before from");
            } else if (ChronoUnit.DAYS.between(from, to) >= MAX_WINDOW_DAYS) {
                fields.problem("to", "a disruption lasts at most " + MAX_WINDOW_DAYS + " days");
            }
            if (to.isBefore(today.minusDays(1))) {
                fields.problem("to", "is in the past: a scenario looks ahead from today");
            }
            if (from.isAfter(today.plusDays(MAX_WINDOW_DAYS))) {
                fields.problem("from", "starts at most " + MAX_WINDOW_DAYS + " days from today");
            }
        }
        String location = null;
        Integer capacityPercent = null;
        String carrier = null;
        Integer extraDays = null;
        String country = null;
        String region = null;
        List<Sku> skus = List.of();
        Double factor = null;
        if (type != null) {
            switch (type) {
                case Disruption.LOCATION_CLOSED -> location = fields.text("location", true);
                case Disruption.LOCATION_CAPACITY -> {
                    location = fields.text("location", true);
                    capacityPercent = fields.integer("capacityPercent", true, 0, 99);
                }
                case Disruption.CARRIER_DELAY -> {
                    carrier = fields.text("carrier", true);
                    extraDays = fields.integer("extraDays", true, 1, 60);
                }
                case Disruption.REGION_UNREACHABLE -> {
                    country = fields.text("country", true);
                    region = fields.text("region", false);
                }
                default -> {
                    location = fields.text("location", false);
                    factor = fields.decimal("factor", true, 0.0, 100.0);
                    List<String> names = fields.strings("skus");
                    if (names == null || names.isEmpty()) {
                        fields.problem("skus", "must name at least one SKU");
                    } else if (names.size() > MAX_SURGE_SKUS) {
                        fields.problem("skus", RequestLimits.overCap(names.size(), MAX_SURGE_SKUS, "SKUs per surge"));
                    } else {
                        skus = names.stream().map(Sku::new).toList();
                    }
                }
            }
        }
        if (!fields.valid() || type == null || from == null || to == null) {
            return null;
        }
        return new Disruption(
                type,
                from,
                to,
                location == null ? null : new LocationId(location),
                capacityPercent,
                carrier,
                extraDays,
                country,
                region,
                skus,
                factor);
    }

    private static @Nullable LocalDate date(JsonFields fields, String name) {
        String text = fields.text(name, true);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException unreadable) {
            fields.problem(name, "must be an ISO date such as 2026-12-07");
            return null;
        }
    }

    /**
     * Simulates the scenario and stores it with its answer. Nothing else is written: no stock, order, decision or event.
     *
     * @throws ApiProblem 422 {@code scenario-over-budget} when it touches more than the orders cap
     */
    @Transactional
    public Map<String, Object> simulate(ScenarioRequest request) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<Disruption> disruptions = request.disruptions();
        List<Rerouting.Route> routes = rerouting.openRoutes(
                (location, service, carrier, country, region, skus) -> disruptions.stream()
                        .anyMatch(d -> touches(d, location, service, carrier, country, region, skus)),
                maxOrders);
        if (routes.size() > maxOrders) {
            throw ApiProblem.unprocessable(
                    "scenario-over-budget",
                    "the disruptions touch more than " + maxOrders + " open orders (fulcrum.twin.max-orders): narrow"
                            + " them (a location, a region, fewer SKUs) or simulate them one at a time");
        }
        LocalDate windowFrom = disruptions.stream()
                .map(Disruption::from)
                .min(Comparator.naturalOrder())
                .orElse(today);
        LocalDate windowTo = disruptions.stream()
                .map(Disruption::to)
                .max(Comparator.naturalOrder())
                .orElse(today);
        Map<String, MonteCarlo.Calendar> calendars = calendars();
        List<String> notes = new ArrayList<>();
        List<MonteCarlo.Demand> demand = forecastDemand(routes, disruptions, windowFrom, windowTo, notes);
        notes.addAll(capacityNotes(disruptions, calendars));

        List<MonteCarlo.OrderRoute> simulated =
                routes.stream().map(TwinScenarios::simulated).toList();
        MonteCarlo.Result scenario = MonteCarlo.run(
                simulated, disruptions, calendars, demand, today, windowFrom, windowTo, request.runs(), request.seed());
        MonteCarlo.Result baseline = MonteCarlo.run(
                simulated, List.of(), calendars, demand, today, windowFrom, windowTo, request.runs(), request.seed());

        List<Integer> byRisk = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            byRisk.add(i);
        }
        byRisk.sort(Comparator.comparingDouble((Integer i) -> -scenario.lateProbability(i))
                .thenComparing(i -> routes.get(i).externalId()));
        List<Rerouting.Route> toPropose = byRisk.stream()
                .filter(i -> scenario.lateProbability(i) >= request.riskThreshold())
                .map(routes::get)
                .filter(route -> !avoid(route, disruptions).locations().isEmpty()
                        || !avoid(route, disruptions).carriers().isEmpty())
                .limit(MAX_REROUTES)
                .toList();
        Map<OrderId, Rerouting.Route> proposals =
                toPropose.isEmpty() ? Map.of() : rerouting.propose(toPropose, route -> avoid(route, disruptions));
        List<Rerouting.Route> proposed = new ArrayList<>(proposals.values());
        MonteCarlo.Result proposalRisk = MonteCarlo.run(
                proposed.stream().map(TwinScenarios::simulated).toList(),
                disruptions,
                calendars,
                List.of(),
                today,
                windowFrom,
                windowTo,
                request.runs(),
                request.seed());
        Map<OrderId, Integer> proposalIndex = new LinkedHashMap<>();
        for (int i = 0; i < proposed.size(); i++) {
            proposalIndex.put(proposed.get(i).orderId(), i);
        }

        UUID id = Ids.timeOrdered();
        Instant now = clock.instant();
        List<Map<String, Object>> orders = new ArrayList<>();
        List<Map<String, Object>> notices = new ArrayList<>();
        Map<String, BigDecimal> extraCost = new TreeMap<>();
        int atRisk = 0;
        int willBeLate = 0;
        double expectedLate = 0;
        double expectedLateBaseline = 0;
        Set<OrderId> considered =
                new HashSet<>(toPropose.stream().map(Rerouting.Route::orderId).toList());
        for (int i : byRisk) {
            Rerouting.Route route = routes.get(i);
            double probability = round(scenario.lateProbability(i));
            expectedLate += scenario.lateProbability(i);
            expectedLateBaseline += baseline.lateProbability(i);
            boolean risky = scenario.lateProbability(i) >= request.riskThreshold();
            atRisk += risky ? 1 : 0;
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("orderId", route.orderId().toString());
            order.put("externalId", route.externalId());
            order.put("decisionId", String.valueOf(route.decisionId()));
            order.put(
                    "locations",
                    route.legs().stream()
                            .map(leg -> leg.location().value())
                            .distinct()
                            .toList());
            order.put(
                    "carrierServices",
                    route.legs().stream()
                            .map(Rerouting.Leg::carrierService)
                            .distinct()
                            .toList());
            order.put(
                    "shipDays",
                    route.legs().stream().map(leg -> leg.shipDay().toString()).toList());
            order.put("deliverBy", String.valueOf(route.deliverBy()));
            order.put("cost", route.cost().toPlainString());
            order.put("currency", route.cost().currency().getCurrencyCode());
            order.put("disruptions", touchedBy(route, disruptions));
            order.put("lateProbability", probability);
            order.put("baselineLateProbability", round(baseline.lateProbability(i)));
            order.put("expectedDelayDays", round(scenario.expectedDelayDays(i)));
            order.put("delayP90Days", scenario.delayP90Days(i));
            order.put("atRisk", risky);
            List<Map<String, Object>> reroutes = new ArrayList<>();
            Rerouting.Route proposal = proposals.get(route.orderId());
            if (proposal != null) {
                int p = java.util.Objects.requireNonNull(proposalIndex.get(route.orderId()));
                Rerouting.Avoid avoided = avoid(route, disruptions);
                Money extra = proposal.cost().minus(route.cost());
                Map<String, Object> reroute = new LinkedHashMap<>();
                reroute.put(
                        "locations",
                        proposal.legs().stream()
                                .map(leg -> leg.location().value())
                                .distinct()
                                .toList());
                reroute.put(
                        "carrierServices",
                        proposal.legs().stream()
                                .map(Rerouting.Leg::carrierService)
                                .distinct()
                                .toList());
                reroute.put("complete", proposal.complete());
                reroute.put("cost", proposal.cost().toPlainString());
                reroute.put("extraCost", extra.toPlainString());
                reroute.put("currency", proposal.cost().currency().getCurrencyCode());
                reroute.put(
                        "shipBy",
                        proposal.legs().stream()
                                .map(Rerouting.Leg::shipBy)
                                .max(Comparator.naturalOrder())
                                .map(Instant::toString)
                                .orElse(null));
                reroute.put("deliverBy", String.valueOf(proposal.deliverBy()));
                reroute.put(
                        "meetsOriginalPromise",
                        proposal.deliverBy() != null
                                && route.deliverBy() != null
                                && !proposal.deliverBy().isAfter(route.deliverBy()));
                reroute.put("lateProbability", round(proposalRisk.lateProbability(p)));
                reroute.put(
                        "avoids",
                        Map.of(
                                "locations",
                                avoided.locations().stream()
                                        .map(LocationId::value)
                                        .sorted()
                                        .toList(),
                                "carriers",
                                avoided.carriers().stream().sorted().toList()));
                reroutes.add(reroute);
                if (risky && proposal.complete()) {
                    extraCost.merge(extra.currency().getCurrencyCode(), extra.amount(), BigDecimal::add);
                }
            }
            order.put("reroutes", reroutes);
            if (proposal == null && risky) {
                order.put(
                        "rerouteNote",
                        !considered.contains(route.orderId())
                                ? (avoid(route, disruptions).locations().isEmpty()
                                                && avoid(route, disruptions)
                                                        .carriers()
                                                        .isEmpty()
                                        ? "no location or carrier of this order can be avoided (region unreachable)"
                                        : "beyond the " + MAX_REROUTES + " riskiest orders that get a proposal")
                                : "no other location or carrier can ship it under the active profile");
            }
            orders.add(order);
            if (scenario.lateProbability(i) >= WILL_BE_LATE && route.deliverBy() != null) {
                willBeLate++;
                notices.add(notice(route, route.deliverBy().plusDays(Math.max(1, scenario.delayP90Days(i)))));
            }
        }

        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("affectedOrders", routes.size());
        totals.put("ordersAtRisk", atRisk);
        totals.put("expectedLateDeliveries", round(expectedLate));
        totals.put("expectedLateDeliveriesBaseline", round(expectedLateBaseline));
        totals.put("willBeLate", willBeLate);
        totals.put("reroutesProposed", proposals.size());
        totals.put(
                "extraCostOfReroutes",
                extraCost.entrySet().stream()
                        .map(entry -> Map.of(
                                "currency",
                                entry.getKey(),
                                "amount",
                                entry.getValue().toPlainString()))
                        .toList());
        totals.put("forecastOrders", round(scenario.forecastOrders()));
        totals.put("forecastOrdersDelayed", round(scenario.forecastOrdersDelayed()));

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id.toString());
        answer.put("name", request.name());
        answer.put("createdAt", now.toString());
        answer.put("runs", request.runs());
        answer.put("seed", request.seed());
        answer.put("riskThreshold", request.riskThreshold());
        answer.put("window", Map.of("from", windowFrom.toString(), "to", windowTo.toString()));
        answer.put(
                "disruptions", disruptions.stream().map(TwinScenarios::describe).toList());
        answer.put("limits", limits());
        answer.put("totals", totals);
        answer.put("daily", daily(routes, scenario, baseline));
        answer.put("orders", orders);
        answer.put("notices", notices);
        answer.put("notes", notes);
        answer.put("applied", List.of());
        store.save(id, request.name(), requestDocument(request), answer, now);
        return answer;
    }

    /** A stored scenario with the reroutes applied since. @throws ApiProblem 404 when there is none */
    @Transactional(readOnly = true)
    public JsonNode get(UUID id) {
        ScenarioStore.Stored stored = java.util.Objects.requireNonNull(transactions.execute(status -> store.find(id)))
                .orElseThrow(() -> ApiProblem.notFound("no scenario " + id));
        tools.jackson.databind.node.ObjectNode answer = (tools.jackson.databind.node.ObjectNode) stored.result();
        answer.set("applied", stored.applied());
        return answer;
    }

    /** The newest scenarios (their totals, not their order lists). */
    @Transactional(readOnly = true)
    public List<JsonNode> newest(int limit) {
        return store.newest(limit).stream().map(ScenarioStore.Stored::result).toList();
    }

    /**
     * Applies the scenario's reroutes of the given orders: each is re-sourced avoiding what its proposal avoided, as
     * an ordinary re-sourcing (its own transaction, audited on the order, published as {@code order.allocated}). An
     * order whose allocation changed since the scenario, or that no longer has a complete reroute, is skipped with the
     * reason.
     *
     * @throws ApiProblem 404 for an unknown scenario, 400 naming each order that has no reroute in it
     */
    public Map<String, Object> apply(UUID id, List<OrderId> orderIds) {
        RequestLimits.atMost("orders", orderIds.size(), maxOrders, "orders per call");
        if (orderIds.isEmpty()) {
            throw ApiProblem.invalid("orders", "must name at least one order of the scenario");
        }
        JsonNode scenario = get(id);
        Map<String, JsonNode> byOrder = new LinkedHashMap<>();
        scenario.path("orders")
                .forEach(order -> byOrder.put(order.path("orderId").asString(), order));
        List<dev.fulcrum.shared.FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < orderIds.size(); i++) {
            JsonNode order = byOrder.get(orderIds.get(i).toString());
            if (order == null || order.path("reroutes").isEmpty()) {
                problems.add(new dev.fulcrum.shared.FieldProblem(
                        "orders[" + i + "]",
                        order == null ? "is not an order of this scenario" : "has no reroute in this scenario"));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (OrderId orderId : new LinkedHashSet<>(orderIds)) {
            JsonNode order = java.util.Objects.requireNonNull(byOrder.get(orderId.toString()));
            JsonNode avoids = order.path("reroutes").get(0).path("avoids");
            Set<LocationId> avoidLocations = new LinkedHashSet<>();
            avoids.path("locations").forEach(node -> avoidLocations.add(new LocationId(node.asString())));
            Set<String> avoidCarriers = new LinkedHashSet<>();
            avoids.path("carriers").forEach(node -> avoidCarriers.add(node.asString()));
            Rerouting.Outcome outcome = rerouting.reroute(
                    orderId,
                    UUID.fromString(order.path("decisionId").asString()),
                    new Rerouting.Avoid(avoidLocations, avoidCarriers, "twin scenario " + id));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("orderId", orderId.toString());
            result.put("outcome", outcome.outcome());
            result.put("reason", outcome.reason());
            SourcingDecision decision = outcome.decision();
            if (decision != null) {
                result.put("status", decision.status());
                result.put(
                        "locations",
                        decision.shipments().stream()
                                .map(SourcingDecision.Shipment::locationId)
                                .distinct()
                                .toList());
                result.put("cost", decision.cost());
                result.put(
                        "deliverBy",
                        decision.promise() == null
                                ? null
                                : decision.promise().deliverBy().toString());
            }
            results.add(result);
        }
        Map<String, Object> applied = new LinkedHashMap<>();
        applied.put("at", clock.instant().toString());
        applied.put("results", results);
        recordApplied(id, applied, results);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("scenarioId", id.toString());
        answer.put("results", results);
        return answer;
    }

    private void recordApplied(UUID id, Map<String, Object> applied, List<Map<String, Object>> results) {
        transactions.executeWithoutResult(status -> {
            store.appendApplied(id, applied);
            audit.record("twin.reroutes-applied", "twin-scenario", id.toString(), Map.of("results", results));
        });
    }

    private static boolean touches(
            Disruption disruption,
            String location,
            String service,
            String carrier,
            String country,
            @Nullable String region,
            List<String> skus) {
        return disruption.limits(location)
                || disruption.delaysCarrier(carrier, service)
                || disruption.cutsOff(country, region)
                || surgeTouches(disruption, location, skus);
    }

    /** A surge at a location touches the orders shipping from it; one without a location, those carrying its SKUs. */
    private static boolean surgeTouches(Disruption disruption, String location, List<String> skus) {
        if (!disruption.type().equals(Disruption.DEMAND_SURGE)) {
            return false;
        }
        LocationId at = disruption.location();
        return at != null
                ? at.value().equals(location)
                : skus.stream().anyMatch(sku -> disruption.surges(location, sku));
    }

    /** The indexes of the scenario's disruptions that touch the order. */
    private static List<Integer> touchedBy(Rerouting.Route route, List<Disruption> disruptions) {
        List<Integer> touched = new ArrayList<>();
        for (int d = 0; d < disruptions.size(); d++) {
            Disruption disruption = disruptions.get(d);
            boolean any = route.legs().stream()
                    .anyMatch(leg -> touches(
                            disruption,
                            leg.location().value(),
                            leg.carrierService(),
                            leg.carrier(),
                            route.destinationCountry(),
                            route.destinationRegion(),
                            leg.skus().stream().map(Sku::value).toList()));
            if (any) {
                touched.add(d);
            }
        }
        return touched;
    }

    /** What a reroute of the order leaves out: its locations a disruption limits or surges, its delayed carriers. */
    private static Rerouting.Avoid avoid(Rerouting.Route route, List<Disruption> disruptions) {
        Set<LocationId> avoidLocations = new LinkedHashSet<>();
        Set<String> avoidCarriers = new LinkedHashSet<>();
        for (Rerouting.Leg leg : route.legs()) {
            for (Disruption disruption : disruptions) {
                if (disruption.limits(leg.location().value())
                        || surgeTouches(
                                disruption,
                                leg.location().value(),
                                leg.skus().stream().map(Sku::value).toList())) {
                    avoidLocations.add(leg.location());
                }
                if (disruption.delaysCarrier(leg.carrier(), leg.carrierService())) {
                    avoidCarriers.add(java.util.Objects.requireNonNull(disruption.carrier()));
                }
            }
        }
        return new Rerouting.Avoid(avoidLocations, avoidCarriers, "digital-twin scenario");
    }

    private static MonteCarlo.OrderRoute simulated(Rerouting.Route route) {
        LocalDate promised = route.deliverBy() != null
                ? route.deliverBy()
                : route.legs().stream()
                        .map(Rerouting.Leg::deliverBy)
                        .max(Comparator.naturalOrder())
                        .orElse(LocalDate.MAX);
        return new MonteCarlo.OrderRoute(
                route.legs().stream()
                        .map(leg -> new MonteCarlo.Leg(
                                leg.location().value(),
                                leg.carrier(),
                                leg.carrierService(),
                                leg.shipDay(),
                                leg.transitDaysTypical(),
                                leg.transitDaysP90()))
                        .toList(),
                promised,
                route.destinationCountry(),
                route.destinationRegion());
    }

    private Map<String, MonteCarlo.Calendar> calendars() {
        Map<String, MonteCarlo.Calendar> calendars = new LinkedHashMap<>();
        for (Location location : locations.list(false)) {
            Set<DayOfWeek> working = new HashSet<>();
            location.workingDays().forEach(day -> working.add(DayOfWeek.of(Location.WEEKDAYS.indexOf(day) + 1)));
            calendars.put(
                    location.id(),
                    new MonteCarlo.Calendar(location.dailyOrderCapacity(), working, Set.copyOf(location.holidays())));
        }
        return calendars;
    }

    private static List<String> capacityNotes(
            List<Disruption> disruptions, Map<String, MonteCarlo.Calendar> calendars) {
        List<String> notes = new ArrayList<>();
        for (Disruption disruption : disruptions) {
            LocationId location = disruption.location();
            if (location == null) {
                continue;
            }
            MonteCarlo.Calendar calendar = calendars.get(location.value());
            if (calendar == null) {
                notes.add(location.value() + " is not a location of this tenant: its disruption touches no order");
            } else if (disruption.type().equals(Disruption.LOCATION_CAPACITY) && calendar.capacity() == null) {
                notes.add(location.value() + " has no daily order capacity: a reduced capacity does not constrain it");
            }
        }
        return notes;
    }

    /**
     * Forecast orders per day at each location the simulated orders ship from, for the SKUs they ship there and the
     * SKUs surged there, over the window from today: a week's forecast units spread evenly over its seven days, each
     * unit counted as one order (an order of one line), and the week's error standard deviation scaled to a day.
     */
    private List<MonteCarlo.Demand> forecastDemand(
            List<Rerouting.Route> routes,
            List<Disruption> disruptions,
            LocalDate windowFrom,
            LocalDate windowTo,
            List<String> notes) {
        DemandForecasts source = forecasts.getIfAvailable();
        if (source == null) {
            notes.add("no demand forecasts in this installation: open orders only are simulated");
            return List.of();
        }
        Map<String, Set<String>> pairs = new TreeMap<>();
        for (Rerouting.Route route : routes) {
            for (Rerouting.Leg leg : route.legs()) {
                Set<String> skus = pairs.computeIfAbsent(leg.location().value(), key -> new LinkedHashSet<>());
                leg.skus().forEach(sku -> skus.add(sku.value()));
            }
        }
        for (Disruption disruption : disruptions) {
            if (disruption.type().equals(Disruption.DEMAND_SURGE)) {
                for (Map.Entry<String, Set<String>> at : pairs.entrySet()) {
                    if (disruption.location() == null
                            || java.util.Objects.requireNonNull(disruption.location())
                                    .value()
                                    .equals(at.getKey())) {
                        disruption.skus().forEach(sku -> at.getValue().add(sku.value()));
                    }
                }
            }
        }
        int series = pairs.values().stream().mapToInt(Set::size).sum();
        if (series > MAX_FORECAST_SERIES) {
            throw ApiProblem.unprocessable(
                    "scenario-over-budget",
                    "the scenario needs " + series + " SKU-location forecasts, at most " + MAX_FORECAST_SERIES
                            + ": narrow its disruptions");
        }
        List<MonteCarlo.Demand> demand = new ArrayList<>();
        int found = 0;
        for (Map.Entry<String, Set<String>> at : pairs.entrySet()) {
            for (String sku : at.getValue()) {
                var forecast = source.latest(new Sku(sku), new LocationId(at.getKey()));
                if (forecast.isEmpty()) {
                    continue;
                }
                found++;
                Map<LocalDate, Double> daily = new LinkedHashMap<>();
                for (DemandForecasts.Week week : forecast.get().weeks()) {
                    for (int d = 0; d < 7; d++) {
                        LocalDate day = week.week().plusDays(d);
                        if (!day.isBefore(windowFrom) && !day.isAfter(windowTo)) {
                            daily.put(day, Math.max(0, week.forecast()) / 7.0);
                        }
                    }
                }
                demand.add(new MonteCarlo.Demand(
                        at.getKey(), sku, daily, Math.max(0, forecast.get().errorStdDev()) / Math.sqrt(7)));
            }
        }
        if (found == 0) {
            notes.add("no forecast covers the SKUs and locations of this scenario: open orders only are simulated");
        }
        return demand;
    }

    /** Per promised delivery day: orders due, and how many of them are expected late with and without the scenario. */
    private static List<Map<String, Object>> daily(
            List<Rerouting.Route> routes, MonteCarlo.Result scenario, MonteCarlo.Result baseline) {
        Map<LocalDate, double[]> byDay = new TreeMap<>();
        for (int i = 0; i < routes.size(); i++) {
            LocalDate day = routes.get(i).deliverBy();
            if (day == null) {
                continue;
            }
            double[] figures = byDay.computeIfAbsent(day, key -> new double[3]);
            figures[0]++;
            figures[1] += scenario.lateProbability(i);
            figures[2] += baseline.lateProbability(i);
        }
        List<Map<String, Object>> daily = new ArrayList<>();
        byDay.forEach((day, figures) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("day", day.toString());
            entry.put("due", (int) figures[0]);
            entry.put("expectedLate", round(figures[1]));
            entry.put("expectedLateBaseline", round(figures[2]));
            daily.add(entry);
        });
        return daily;
    }

    /** A customer notice draft in English and Chinese, promising the date 90 % of runs deliver by. */
    private static Map<String, Object> notice(Rerouting.Route route, LocalDate expected) {
        String name = route.customerName() == null ? "" : route.customerName();
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("orderId", route.orderId().toString());
        notice.put("externalId", route.externalId());
        notice.put("email", route.customerEmail());
        notice.put("promised", String.valueOf(route.deliverBy()));
        notice.put("expected", expected.toString());
        notice.put(
                "en",
                "Dear " + name + ", we are sorry: your order " + route.externalId()
                        + " is likely to arrive later than we promised. We promised delivery by " + route.deliverBy()
                        + "; we now expect it by " + expected + ". We are doing what we can to bring it sooner.");
        notice.put(
                "zh",
                name + "，您好：非常抱歉，您的订单 " + route.externalId() + " 可能无法按承诺时间送达。原承诺 " + route.deliverBy() + " 前送达，现预计 "
                        + expected + " 前送达。我们正在尽力加快配送。");
        return notice;
    }

    private static Map<String, Object> describe(Disruption disruption) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("type", disruption.type());
        described.put("from", disruption.from().toString());
        described.put("to", disruption.to().toString());
        if (disruption.location() != null) {
            described.put(
                    "location",
                    java.util.Objects.requireNonNull(disruption.location()).value());
        }
        if (disruption.capacityPercent() != null) {
            described.put("capacityPercent", disruption.capacityPercent());
        }
        if (disruption.carrier() != null) {
            described.put("carrier", disruption.carrier());
        }
        if (disruption.extraDays() != null) {
            described.put("extraDays", disruption.extraDays());
        }
        if (disruption.country() != null) {
            described.put("country", disruption.country());
        }
        if (disruption.region() != null) {
            described.put("region", disruption.region());
        }
        if (!disruption.skus().isEmpty()) {
            described.put("skus", disruption.skus().stream().map(Sku::value).toList());
        }
        if (disruption.factor() != null) {
            described.put("factor", disruption.factor());
        }
        return described;
    }

    private static Map<String, Object> requestDocument(ScenarioRequest request) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", request.name());
        document.put("runs", request.runs());
        document.put("seed", request.seed());
        document.put("riskThreshold", request.riskThreshold());
        document.put(
                "disruptions",
                request.disruptions().stream().map(TwinScenarios::describe).toList());
        return document;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}

package dev.fulcrum.sourcing.internal;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.batch.BatchAllocator;
import dev.fulcrum.sourcing.batch.BatchCandidates;
import dev.fulcrum.sourcing.engine.EngineOrder;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.Promises;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.engine.SourcingEngine;
import dev.fulcrum.sourcing.engine.Strategy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Allocates a scope of paid orders that hold no stock together (ADR 0022, 0089): the whole backlog (every order whose
 * decision left it without stock), optionally narrowed to a channel and a placing-time range, or a list of ids of any
 * length. It reads the inputs once, lists each order's candidate plans on each of the next {@code shipDays} ship days,
 * lets {@link BatchAllocator} serve as many orders (or units) as possible and then minimise cost, group by
 * independent group, and commits the chosen plans in one transaction. Orders it cannot serve are recorded with their
 * reason and skipped by later backlog batches until their stock, capacity or the active profile changes (a batch
 * given their ids reconsiders them at once).
 */
@Service
public class BatchAllocations {

    /** Decision statuses of an order that holds no stock and waits to be allocated. */
    static final List<String> UNALLOCATED = List.of("backordered", "unsourceable", "expired", "released", "pending");

    /** Why an order was not served. */
    public static final String NO_ELIGIBLE_LOCATION = "no eligible location";

    public static final String NO_LANE = "no lane";
    public static final String CAPACITY_EXHAUSTED = "capacity exhausted";
    public static final String UNCHANGED = "unchanged since the last batch";

    /** Ids read per query when the scope is read: bounds the size of one statement's parameter array. */
    private static final int READ_CHUNK = 5_000;

    private final OrderManagement orders;
    private final SourcingInputs inputs;
    private final Profiles profiles;
    private final InventoryLedger ledger;
    private final Locations locations;
    private final Decisions decisions;
    private final OrderSourcing sourcing;
    private final JdbcClient jdbc;
    private final Carriers carriers;
    private final Clock clock;
    private final Limits limits;
    /** Chosen plans committed with one set of statements: bounds statement size, memory and the savepoint's scope. */
    static final int COMMIT_CHUNK = 500;

    private final SourcingEngine engine = new SourcingEngine();
    private final BatchAllocator allocator = new BatchAllocator();

    /**
     * The caps a batch is held to, refused up front when exceeded: orders in scope, candidate plans (orders × active
     * locations × ship days, what memory grows with: about 1 KB each), the solver's time limit and the ship days.
     */
    public record Limits(int maxOrders, long maxCandidatePlans, Duration maxTimeLimit, int maxShipDays) {}

    BatchAllocations(
            OrderManagement orders,
            SourcingInputs inputs,
            Profiles profiles,
            InventoryLedger ledger,
            Locations locations,
            Decisions decisions,
            OrderSourcing sourcing,
            JdbcClient jdbc,
            Carriers carriers,
            Clock clock,
            @Value("${fulcrum.sourcing.batch.max-orders:20000}") int maxOrders,
            @Value("${fulcrum.sourcing.batch.max-candidate-plans:500000}") long maxCandidatePlans,
            @Value("${fulcrum.sourcing.batch.max-time-limit:PT120S}") Duration maxTimeLimit) {
        this.orders = orders;
        this.inputs = inputs;
        this.profiles = profiles;
        this.ledger = ledger;
        this.locations = locations;
        this.decisions = decisions;
        this.sourcing = sourcing;
        this.jdbc = jdbc;
        this.carriers = carriers;
        this.clock = clock;
        this.limits = new Limits(maxOrders, maxCandidatePlans, maxTimeLimit, 14);
    }

    public Limits limits() {
        return limits;
    }

    /** Which orders a batch takes: explicit ids, or the backlog narrowed by channel and placing time (all optional). */
    public record Scope(
            @Nullable List<OrderId> orderIds,
            @Nullable String channel,
            @Nullable Instant placedFrom,
            @Nullable Instant placedTo) {

        public static Scope backlog() {
            return new Scope(null, null, null, null);
        }

        public static Scope of(List<OrderId> ids) {
            return new Scope(ids, null, null, null);
        }

        boolean includes(Order order) {
            return (channel == null || channel.equals(order.channel()))
                    && (placedFrom == null || !order.placedAt().isBefore(placedFrom))
                    && (placedTo == null || order.placedAt().isBefore(placedTo));
        }
    }

    /**
     * One independent group: its orders, what it served and the proven maximum, its cost and the proven least cost of
     * serving that much (null when the maximum is not proven), the gap in percent, the method and status.
     */
    public record GroupReport(
            int orders,
            int served,
            int servedBound,
            String cost,
            @Nullable String costBound,
            @Nullable Double gapPercent,
            String method,
            String status,
            long solveMillis) {}

    /** Wall time of the batch by phase. */
    public record Timings(long readMillis, long buildMillis, long solveMillis, long writeMillis, long totalMillis) {}

    /**
     * What a batch did: orders considered, allocated and not; total cost in {@code currency}; what it maximised first
     * ({@code orders} or {@code units}); the overall solver status and worst gap (null: some group's served count is
     * not proven maximal); unserved orders by reason; each group; the time by phase; the limits it ran under; one row
     * per order; and the orders it skipped with the reason.
     */
    public record BatchReport(
            int considered,
            int allocated,
            int unallocated,
            String totalCost,
            String currency,
            String serves,
            String solverStatus,
            @Nullable Double gapPercent,
            long solveMillis,
            Map<String, Integer> unservedByReason,
            List<GroupReport> groups,
            Timings timings,
            Map<String, Object> limits,
            List<Map<String, Object>> orders,
            List<Map<String, Object>> skipped) {}

    /** One order of the batch while it is built: its inputs, candidates and, when it has none, why. */
    private record Entry(
            Order order,
            SourcingInputs.DecisionInput prepared,
            List<BatchCandidates.Candidate> candidates,
            @Nullable String reason,
            @Nullable String detail) {}

    private record Mark(String reason, String detail, long fingerprint, Instant markedAt) {}

    /** Allocates the scope within the solver time limit, over the next {@code shipDays} ship days of each location. */
    @Transactional
    public BatchReport allocate(Scope scope, Duration timeLimit, int shipDays) {
        long started = System.nanoTime();
        if (timeLimit.compareTo(limits.maxTimeLimit()) > 0) {
            throw ApiProblem.invalid(
                    "timeLimitSeconds",
                    "must be at most " + limits.maxTimeLimit().toSeconds()
                            + " (fulcrum.sourcing.batch.max-time-limit)");
        }
        if (shipDays < 1 || shipDays > limits.maxShipDays()) {
            throw ApiProblem.invalid("shipDays", "must be between 1 and " + limits.maxShipDays());
        }
        Profiles.StoredProfile profile = profiles.active();
        ProfileDefinition definition = profile.definition();

        // Read: the scope's orders, their marks and one snapshot of stock, locations, loads and lanes.
        List<OrderId> ids = scope.orderIds() != null
                ? List.copyOf(new LinkedHashSet<>(scope.orderIds()))
                : decisions.ordersWithStatus(UNALLOCATED, Integer.MAX_VALUE);
        List<Map<String, Object>> skipped = new ArrayList<>();
        List<Order> eligible = new ArrayList<>();
        // Set-based: the orders and which of them hold stock are read a chunk of ids at a time, not one by one.
        Map<OrderId, Order> found = new HashMap<>();
        Set<OrderId> holdingStock = new HashSet<>();
        for (int from = 0; from < ids.size(); from += READ_CHUNK) {
            List<OrderId> chunk = ids.subList(from, Math.min(ids.size(), from + READ_CHUNK));
            orders.findAll(chunk).forEach(order -> found.put(order.id(), order));
            holdingStock.addAll(ledger.ordersHoldingStock(chunk));
        }
        for (OrderId id : ids) {
            Order order = found.get(id);
            if (order == null) {
                skipped.add(row(id.toString(), "does not exist", null));
                continue;
            }
            if (!scope.includes(order)) {
                continue;
            }
            String reason = ineligibility(order, holdingStock.contains(id));
            if (reason != null) {
                skipped.add(row(id.toString(), reason, null));
                continue;
            }
            eligible.add(order);
            if (eligible.size() > limits.maxOrders()) {
                throw ApiProblem.unprocessable(
                        "batch-over-budget",
                        "the scope holds more than " + limits.maxOrders()
                                + " orders to allocate (fulcrum.sourcing.batch.max-orders): narrow it by channel, "
                                + "placedFrom/placedTo or orderIds");
            }
        }
        Map<OrderId, Mark> marks = marks(eligible);
        SourcingInputs.Batch read0 = eligible.isEmpty() ? null : inputs.batch(eligible);
        if (read0 == null) {
            // No order, or no active location: nothing to allocate; the empty batch still reports.
            eligible.clear();
        }
        SourcingInputs.Batch batch = read0 != null ? read0 : inputs.emptyBatch();
        int activeLocations = batch.locations().size();
        long plansEstimate = (long) eligible.size() * activeLocations * shipDays;
        if (plansEstimate > limits.maxCandidatePlans()) {
            throw ApiProblem.unprocessable(
                    "batch-over-budget",
                    eligible.size() + " orders × " + activeLocations + " locations × " + shipDays
                            + " ship days could list " + plansEstimate + " candidate plans, more than "
                            + limits.maxCandidatePlans()
                            + " (fulcrum.sourcing.batch.max-candidate-plans): narrow the scope or the ship days");
        }
        Currency currency = currencyOf(eligible);
        CapacityCalendar calendar = capacityCalendar(batch, shipDays);
        long rateCards = carriers.rateCardsVersion();
        long read = System.nanoTime();

        // Build: candidate plans per order, skipping orders whose last unserved verdict still stands. Preparing reads
        // the batch's snapshot (and loads lanes on first use), so it runs in turn; the plans are pure computation on
        // immutable inputs and are listed in parallel.
        List<SourcingInputs.DecisionInput> pending = new ArrayList<>();
        List<Order> pendingOrders = new ArrayList<>();
        Map<BatchAllocator.StockKey, Integer> available = new HashMap<>();
        for (Order order : eligible) {
            SourcingInputs.DecisionInput prepared = inputs.prepare(order, definition, batch);
            // A backlog batch skips an order whose last verdict still stands; explicit ids are always reconsidered.
            Mark mark = scope.orderIds() == null ? marks.get(order.id()) : null;
            if (mark != null
                    && mark.fingerprint()
                            == fingerprint(
                                    prepared, batch, calendar, profile, rateCards, shipDays, Map.of(), Map.of())) {
                skipped.add(row(
                        order.id().toString(),
                        UNCHANGED + ": " + mark.reason(),
                        Map.of(
                                "detail",
                                mark.detail(),
                                "markedAt",
                                mark.markedAt().toString())));
                continue;
            }
            for (Site site : prepared.sites()) {
                for (EngineOrder.Line line : prepared.order().lines()) {
                    available.putIfAbsent(
                            new BatchAllocator.StockKey(
                                    site.id().value(), line.sku().value()),
                            batch.available(site.id().value(), line.sku().value()));
                }
            }
            pending.add(prepared);
            pendingOrders.add(order);
        }
        Set<String> withCapacity = new HashSet<>();
        for (Site site : batch.locations()) {
            if (batch.capacity(site.id().value()) != null) {
                withCapacity.add(site.id().value());
            }
        }
        List<Entry> entries = IntStream.range(0, pending.size())
                .parallel()
                .mapToObj(i -> entry(pendingOrders.get(i), pending.get(i), withCapacity, shipDays, currency))
                .toList();
        boolean units = definition.batchServesUnits();
        List<BatchAllocator.OrderChoices> choices = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            choices.add(new BatchAllocator.OrderChoices(
                    entry.order().id().toString(),
                    entry.candidates().stream()
                            .map(BatchCandidates.Candidate::choice)
                            .toList(),
                    units ? entry.order().totalQuantity(q -> q.open()) : 1));
        }
        Map<BatchAllocator.CapacityKey, Integer> capacityLeft = calendar.left();
        long built = System.nanoTime();

        BatchAllocator.Allocation allocation =
                allocator.solve(choices, new BatchAllocator.Resources(available, capacityLeft), timeLimit);
        long solved = System.nanoTime();

        // Write: commit the chosen plans; record why the others were not served.
        Map<BatchAllocator.StockKey, Integer> takenStock = new HashMap<>();
        Map<BatchAllocator.CapacityKey, Integer> takenCapacity = new HashMap<>();
        for (int o = 0; o < entries.size(); o++) {
            int chosen = allocation.chosen()[o];
            if (chosen >= 0) {
                BatchAllocator.Choice choice =
                        entries.get(o).candidates().get(chosen).choice();
                choice.units().forEach((key, taken) -> takenStock.merge(key, taken, Integer::sum));
                choice.capacity().forEach(key -> takenCapacity.merge(key, 1, Integer::sum));
            }
        }
        List<Map<String, Object>> results = new ArrayList<>();
        Map<String, Integer> unservedByReason = new TreeMap<>();
        List<UUID> served = new ArrayList<>();
        List<Object[]> unserved = new ArrayList<>();
        int allocated = 0;
        String status = allocation.groups().isEmpty()
                ? "OPTIMAL"
                : allocation.optimal()
                        ? "OPTIMAL"
                        : allocation.groups().stream()
                                .map(BatchAllocator.Group::status)
                                .filter(s -> !s.equals("OPTIMAL"))
                                .findFirst()
                                .orElse("FEASIBLE");
        // Commit the chosen plans set-based, a chunk at a time, so each statement and the memory it needs stay bounded.
        Map<Integer, Optional<SourcingDecision>> committed = new HashMap<>();
        List<Integer> chunkIndexes = new ArrayList<>(COMMIT_CHUNK);
        List<OrderSourcing.Chosen> chunk = new ArrayList<>(COMMIT_CHUNK);
        for (int o = 0; o < entries.size(); o++) {
            int chosen = allocation.chosen()[o];
            if (chosen < 0) {
                continue;
            }
            Entry entry = entries.get(o);
            Plan plan = entry.candidates().get(chosen).plan();
            Map<String, Object> step = DecisionTrace.step(
                    "batch",
                    "plansConsidered",
                    entry.candidates().size(),
                    "solverStatus",
                    status,
                    "gapPercent",
                    allocation.worstGapPercent(),
                    "shipDay",
                    plan.shipments().getFirst().shipBy().toLocalDate().toString());
            chunkIndexes.add(o);
            chunk.add(new OrderSourcing.Chosen(entry.order(), entry.prepared(), plan, step));
            if (chunk.size() == COMMIT_CHUNK || o == entries.size() - 1) {
                commitChunk(chunkIndexes, chunk, profile, batch, committed);
            }
        }
        commitChunk(chunkIndexes, chunk, profile, batch, committed);
        for (int o = 0; o < entries.size(); o++) {
            Entry entry = entries.get(o);
            Order order = entry.order();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("orderId", order.id().toString());
            result.put("plansConsidered", entry.candidates().size());
            int chosen = allocation.chosen()[o];
            String reason = entry.reason();
            String detail = entry.detail();
            if (chosen >= 0) {
                Plan plan = entry.candidates().get(chosen).plan();
                Optional<SourcingDecision> decision = committed.getOrDefault(o, Optional.empty());
                result.put(
                        "cost",
                        Money.ofMinor(entry.candidates().get(chosen).choice().cost(), currency)
                                .toPlainString());
                result.put(
                        "locations",
                        plan.shipments().stream()
                                .map(shipment -> shipment.locationId().value())
                                .toList());
                result.put(
                        "shipDays",
                        plan.shipments().stream()
                                .map(shipment -> shipment.shipBy().toLocalDate().toString())
                                .distinct()
                                .toList());
                if (decision.isPresent()) {
                    allocated++;
                    served.add(order.id().value());
                    result.put("status", "allocated");
                    results.add(result);
                    continue;
                }
                reason = CAPACITY_EXHAUSTED;
                detail = "the stock or capacity of the chosen plan was taken meanwhile";
            } else if (reason == null) {
                reason = CAPACITY_EXHAUSTED;
                detail = "the stock or daily capacity of its "
                        + entry.candidates().size()
                        + " candidate plan(s) went to orders served before or in this batch";
            }
            result.put("status", "unallocated");
            result.put("reason", reason);
            result.put("detail", detail);
            unservedByReason.merge(reason, 1, Integer::sum);
            unserved.add(new Object[] {
                order.id().value(),
                reason,
                detail,
                fingerprint(entry.prepared(), batch, calendar, profile, rateCards, shipDays, takenStock, takenCapacity)
            });
            results.add(result);
        }
        remember(served, unserved);
        long written = System.nanoTime();

        List<GroupReport> groups = allocation.groups().stream()
                .map(group -> new GroupReport(
                        group.orders(),
                        group.served(),
                        group.servedBound(),
                        Money.ofMinor(group.cost(), currency).toPlainString(),
                        group.costBound() == null
                                ? null
                                : Money.ofMinor(group.costBound(), currency).toPlainString(),
                        group.gapPercent(),
                        group.method(),
                        group.status(),
                        group.millis()))
                .toList();
        Map<String, Object> limitsView = new LinkedHashMap<>();
        limitsView.put("maxOrders", limits.maxOrders());
        limitsView.put("maxCandidatePlans", limits.maxCandidatePlans());
        limitsView.put("maxTimeLimitSeconds", limits.maxTimeLimit().toSeconds());
        limitsView.put("timeLimitSeconds", timeLimit.toSeconds());
        limitsView.put("shipDays", shipDays);
        limitsView.put(
                "candidatePlans",
                choices.stream().mapToInt(c -> c.choices().size()).sum());
        return new BatchReport(
                entries.size(),
                allocated,
                entries.size() - allocated,
                Money.ofMinor(allocation.cost(), currency).toPlainString(),
                currency.getCurrencyCode(),
                units ? "units" : "orders",
                status,
                allocation.worstGapPercent(),
                allocation.wallMillis(),
                unservedByReason,
                groups,
                new Timings(
                        millis(started, read),
                        millis(read, built),
                        millis(built, solved),
                        millis(solved, written),
                        millis(started, written)),
                limitsView,
                results,
                skipped);
    }

    /** One order's candidate plans on the next {@code shipDays} ship days, or why it has none. */
    private Entry entry(
            Order order,
            SourcingInputs.DecisionInput prepared,
            Set<String> withCapacity,
            int shipDays,
            Currency currency) {
        Strategy strategy = prepared.strategy();
        // The solver holds the capacity of every ship day; the engine lists plans at full locations too.
        Strategy planning = new Strategy(
                strategy.name(),
                strategy.locationTypes(),
                strategy.maxShipments(),
                false,
                strategy.usePreferredCarrier(),
                strategy.filter(),
                strategy.objective(),
                strategy.weights());
        List<Site> sites = prepared.sites();
        List<Plan> plans =
                engine.batchPlans(prepared.order(), sites, prepared.lanes(), planning, BatchCandidates.SPLIT_PLANS);
        Map<String, Site> byId = new HashMap<>();
        Set<String> capacitated = new HashSet<>();
        for (Site site : sites) {
            byId.put(site.id().value(), site);
            if (strategy.respectCapacity() && withCapacity.contains(site.id().value())) {
                capacitated.add(site.id().value());
            }
        }
        List<BatchCandidates.Candidate> candidates =
                BatchCandidates.of(plans, byId, prepared.order().avoidWeekend(), shipDays, capacitated, currency);
        if (!candidates.isEmpty()) {
            return new Entry(order, prepared, candidates, null, null);
        }
        Plan best = engine.decide(prepared.order(), sites, prepared.lanes(), planning, false);
        String detail = best.unallocated().isEmpty()
                ? "no complete plan within " + strategy.maxShipments() + " shipment(s)"
                : best.unallocated().getFirst().sku() + ": "
                        + best.unallocated().getFirst().reason();
        String reason = detail.contains(SourcingEngine.NO_LANE) ? NO_LANE : NO_ELIGIBLE_LOCATION;
        return new Entry(order, prepared, candidates, reason, detail);
    }

    /** Each location's capacity left on each of its next {@code shipDays} ship days (capacitated locations only). */
    private record CapacityCalendar(Map<String, List<LocalDate>> days, Map<BatchAllocator.CapacityKey, Integer> left) {}

    private CapacityCalendar capacityCalendar(SourcingInputs.Batch batch, int shipDays) {
        Map<String, List<LocalDate>> days = new HashMap<>();
        Set<LocalDate> all = new HashSet<>();
        for (Site site : batch.locations()) {
            List<LocalDate> horizon = new ArrayList<>();
            LocalDate day = batch.day(site.id().value());
            for (int i = 0; i < shipDays; i++) {
                horizon.add(day);
                day = Promises.nextWorkingDay(site, day);
            }
            days.put(site.id().value(), horizon);
            all.addAll(horizon);
        }
        Map<LocalDate, Map<String, Integer>> loads = locations.loadsOn(all);
        Map<BatchAllocator.CapacityKey, Integer> left = new HashMap<>();
        for (Site site : batch.locations()) {
            Integer capacity = batch.capacity(site.id().value());
            if (capacity == null) {
                continue;
            }
            for (LocalDate day : days.getOrDefault(site.id().value(), List.of())) {
                int load =
                        loads.getOrDefault(day, Map.of()).getOrDefault(site.id().value(), 0);
                left.put(new BatchAllocator.CapacityKey(site.id().value(), day), Math.max(0, capacity - load));
            }
        }
        return new CapacityCalendar(days, left);
    }

    /**
     * What an order's batch verdict depends on: per active location, the stock of its SKUs (capped at what it needs)
     * and whether capacity is left on each ship day; the active profile version, the rate cards' version (ADR 0108)
     * and the ship days. {@code taken*} are
     * deducted first (what this batch is about to commit).
     */
    private static long fingerprint(
            SourcingInputs.DecisionInput prepared,
            SourcingInputs.Batch batch,
            CapacityCalendar calendar,
            Profiles.StoredProfile profile,
            long rateCards,
            int shipDays,
            Map<BatchAllocator.StockKey, Integer> takenStock,
            Map<BatchAllocator.CapacityKey, Integer> takenCapacity) {
        long hash = 17;
        hash = 31 * hash + profile.name().hashCode();
        hash = 31 * hash + profile.version();
        hash = 31 * hash + rateCards;
        hash = 31 * hash + shipDays;
        for (Site site : prepared.sites()) {
            hash = 31 * hash + site.id().value().hashCode();
            for (EngineOrder.Line line : prepared.order().lines()) {
                BatchAllocator.StockKey key = new BatchAllocator.StockKey(
                        site.id().value(), line.sku().value());
                int left = batch.available(site.id().value(), line.sku().value()) - takenStock.getOrDefault(key, 0);
                hash = 31 * hash + Math.min(Math.max(0, left), line.quantity());
            }
            for (LocalDate day : calendar.days().getOrDefault(site.id().value(), List.of())) {
                BatchAllocator.CapacityKey key =
                        new BatchAllocator.CapacityKey(site.id().value(), day);
                Integer left = calendar.left().get(key);
                boolean open = left == null || left - takenCapacity.getOrDefault(key, 0) > 0;
                hash = 31 * hash + (open ? 1 : 0);
            }
        }
        return hash;
    }

    private Map<OrderId, Mark> marks(List<Order> eligible) {
        if (eligible.isEmpty()) {
            return Map.of();
        }
        Map<OrderId, Mark> marks = new HashMap<>();
        jdbc.sql("""
                select order_id, reason, detail, fingerprint, marked_at from sourcing_batch_unserved
                where tenant_id = ? and order_id = any(?)""")
                .params(
                        tenant(),
                        eligible.stream().map(order -> order.id().value()).toArray(UUID[]::new))
                .query(rs -> {
                    marks.put(
                            new OrderId(rs.getObject("order_id", UUID.class)),
                            new Mark(
                                    rs.getString("reason"),
                                    rs.getString("detail"),
                                    rs.getLong("fingerprint"),
                                    rs.getTimestamp("marked_at").toInstant()));
                });
        return marks;
    }

    private void commitChunk(
            List<Integer> indexes,
            List<OrderSourcing.Chosen> chunk,
            Profiles.StoredProfile profile,
            SourcingInputs.Batch batch,
            Map<Integer, Optional<SourcingDecision>> committed) {
        if (chunk.isEmpty()) {
            return;
        }
        List<Optional<SourcingDecision>> decisions = sourcing.commitAll(chunk, profile, batch);
        for (int i = 0; i < indexes.size(); i++) {
            committed.put(indexes.get(i), decisions.get(i));
        }
        indexes.clear();
        chunk.clear();
    }

    private void remember(List<UUID> served, List<Object[]> unserved) {
        if (!served.isEmpty()) {
            jdbc.sql("delete from sourcing_batch_unserved where tenant_id = ? and order_id = any(?)")
                    .params(tenant(), served.toArray(UUID[]::new))
                    .update();
        }
        if (unserved.isEmpty()) {
            return;
        }
        jdbc.sql("""
                insert into sourcing_batch_unserved (tenant_id, order_id, reason, detail, fingerprint, marked_at)
                select ?, u.order_id, u.reason, u.detail, u.fingerprint, ?
                from unnest(?::uuid[], ?::text[], ?::text[], ?::bigint[]) as u(order_id, reason, detail, fingerprint)
                on conflict (tenant_id, order_id) do update set reason = excluded.reason, detail = excluded.detail,
                    fingerprint = excluded.fingerprint, marked_at = excluded.marked_at""")
                .params(
                        tenant(),
                        Timestamp.from(clock.instant()),
                        unserved.stream().map(row -> (UUID) row[0]).toArray(UUID[]::new),
                        unserved.stream().map(row -> (String) row[1]).toArray(String[]::new),
                        unserved.stream().map(row -> (String) row[2]).toArray(String[]::new),
                        unserved.stream().map(row -> (Long) row[3]).toArray(Long[]::new))
                .update();
    }

    /** The currency most orders of the batch are in: rate cards and handling costs carry none of their own. */
    private static Currency currencyOf(List<Order> orders) {
        Map<String, Integer> counts = new HashMap<>();
        orders.forEach(order -> counts.merge(order.currency(), 1, Integer::sum));
        String code = counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse("CNY");
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException unknown) {
            return Currency.getInstance("CNY");
        }
    }

    private static @Nullable String ineligibility(Order order, boolean holdsStock) {
        if (order.payment() == null || !order.payment().isCaptured()) {
            return "not paid";
        }
        if (order.holds().stream().anyMatch(hold -> !hold.type().equals("unsourceable"))) {
            return "on hold";
        }
        if (holdsStock) {
            return "already holds stock";
        }
        if (order.totalQuantity(q -> q.open()) <= 0) {
            return "nothing open";
        }
        return null;
    }

    private static Map<String, Object> row(String orderId, String reason, @Nullable Map<String, Object> extra) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("orderId", orderId);
        row.put("reason", reason);
        if (extra != null) {
            row.putAll(extra);
        }
        return row;
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

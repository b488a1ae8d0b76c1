package dev.fulcrum.sourcing.internal;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.batch.BatchAllocator;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.engine.SourcingEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Allocates a set of paid, unallocated orders together (backordered, unsourceable, expired or never sourced, holding
 * no stock): each order's candidate plans come from the engine under the active profile; the solver picks at most
 * one per order within the stock and daily capacity there is, minimising total cost after serving as many orders as
 * possible, exactly with OR-Tools (MIP, SCIP); the chosen plans are reserved and published in one transaction.
 */
@Service
public class BatchAllocations {

    private static final int PLANS_PER_ORDER = 8;
    private static final int MAX_ORDERS = 5000;

    private final OrderManagement orders;
    private final SourcingInputs inputs;
    private final Profiles profiles;
    private final InventoryLedger ledger;
    private final Locations locations;
    private final Decisions decisions;
    private final OrderSourcing sourcing;
    private final SourcingEngine engine = new SourcingEngine();
    private final BatchAllocator allocator = new BatchAllocator();

    BatchAllocations(
            OrderManagement orders,
            SourcingInputs inputs,
            Profiles profiles,
            InventoryLedger ledger,
            Locations locations,
            Decisions decisions,
            OrderSourcing sourcing) {
        this.orders = orders;
        this.inputs = inputs;
        this.profiles = profiles;
        this.ledger = ledger;
        this.locations = locations;
        this.decisions = decisions;
        this.sourcing = sourcing;
    }

    /** What a batch did: orders considered, allocated, left; total cost; the solver's status, gap and time. */
    public record BatchReport(
            int considered,
            int allocated,
            int unallocated,
            String totalCost,
            String solverStatus,
            double gapPercent,
            long solveMillis,
            List<Map<String, Object>> orders,
            List<Map<String, Object>> skipped) {}

    /** Allocates the given orders, or (none given) every paid order whose decision left it without stock. */
    @Transactional
    public BatchReport allocate(@Nullable List<OrderId> orderIds, Duration timeLimit) {
        Profiles.StoredProfile profile = profiles.active();
        List<OrderId> candidates = orderIds != null
                ? orderIds
                : decisions.ordersWithStatus(
                        List.of("backordered", "unsourceable", "expired", "released", "pending"), MAX_ORDERS);
        List<Map<String, Object>> skipped = new ArrayList<>();
        List<Order> eligible = new ArrayList<>();
        for (OrderId id : candidates) {
            Optional<Order> order = orders.find(id);
            String reason = order.isEmpty() ? "does not exist" : ineligibility(order.get());
            if (reason == null) {
                eligible.add(order.get());
            } else {
                skipped.add(Map.of("orderId", id.toString(), "reason", reason));
            }
        }
        List<SourcingInputs.Prepared> prepared = new ArrayList<>();
        List<BatchAllocator.OrderChoices> choices = new ArrayList<>();
        List<List<Plan>> plans = new ArrayList<>();
        Map<BatchAllocator.StockKey, Integer> stock = new HashMap<>();
        for (Order order : eligible) {
            SourcingInputs.Prepared input = inputs.prepare(order, profile.definition(), Map.of());
            List<Plan> orderPlans = engine.completePlans(
                    input.order(), input.sites(), input.lanes(), input.strategy(), PLANS_PER_ORDER);
            for (Site site : input.sites()) {
                site.available().forEach((sku, units) -> stock.put(new BatchAllocator.StockKey(site.id(), sku), units));
            }
            prepared.add(input);
            plans.add(orderPlans);
            double worst = orderPlans.stream().mapToDouble(Plan::cost).max().orElse(0);
            choices.add(new BatchAllocator.OrderChoices(
                    order.id().toString(),
                    orderPlans.stream().map(BatchAllocations::choice).toList(),
                    1000 + 10 * worst));
        }
        Map<String, Integer> capacityLeft = new HashMap<>();
        Map<String, Integer> load = new HashMap<>();
        if (!prepared.isEmpty()) {
            for (Site site : prepared.getFirst().sites()) {
                load.put(site.id(), locations.loadOn(inputs.localDay(site)).getOrDefault(site.id(), 0));
            }
        }
        for (Location location : locations.list(true)) {
            if (location.dailyOrderCapacity() != null) {
                capacityLeft.put(
                        location.id(),
                        Math.max(0, location.dailyOrderCapacity() - load.getOrDefault(location.id(), 0)));
            }
        }
        BatchAllocator.Allocation allocation = allocator.solve(choices, stock, capacityLeft, timeLimit);
        List<Map<String, Object>> results = new ArrayList<>();
        int allocated = 0;
        for (int o = 0; o < eligible.size(); o++) {
            Order order = eligible.get(o);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("orderId", order.id().toString());
            row.put("plansConsidered", plans.get(o).size());
            int chosen = allocation.chosen()[o];
            if (chosen < 0) {
                row.put("status", "unallocated");
            } else {
                Plan plan = plans.get(o).get(chosen);
                Map<String, Object> step = SourcingInputs.step(
                        "batch",
                        "plansConsidered",
                        plans.get(o).size(),
                        "solverStatus",
                        allocation.status(),
                        "gapPercent",
                        allocation.gapPercent());
                Optional<SourcingDecision> decision = sourcing.commit(order, prepared.get(o), plan, profile, step);
                row.put("status", decision.isPresent() ? "allocated" : "stock or capacity went meanwhile");
                row.put("cost", OrderSourcing.money(plan.cost()));
                row.put(
                        "locations",
                        plan.shipments().stream().map(Plan.Shipment::locationId).toList());
                if (decision.isPresent()) {
                    allocated++;
                }
            }
            results.add(row);
        }
        return new BatchReport(
                eligible.size(),
                allocated,
                eligible.size() - allocated,
                OrderSourcing.money(allocation.cost()),
                allocation.status(),
                allocation.gapPercent(),
                allocation.wallMillis(),
                results,
                skipped);
    }

    private @Nullable String ineligibility(Order order) {
        if (order.payment() == null || !order.payment().isCaptured()) {
            return "not paid";
        }
        if (order.holds().stream().anyMatch(hold -> !hold.type().equals("unsourceable"))) {
            return "on hold";
        }
        if (!ledger.reservations(order.id()).isEmpty()) {
            return "already holds stock";
        }
        if (order.totalQuantity(q -> q.open()) <= 0) {
            return "nothing open";
        }
        return null;
    }

    static BatchAllocator.Choice choice(Plan plan) {
        Map<BatchAllocator.StockKey, Integer> units = new HashMap<>();
        plan.shipments()
                .forEach(shipment -> shipment.lines()
                        .forEach(line -> units.merge(
                                new BatchAllocator.StockKey(shipment.locationId(), line.sku()),
                                line.quantity(),
                                Integer::sum)));
        return new BatchAllocator.Choice(plan.cost(), units);
    }
}

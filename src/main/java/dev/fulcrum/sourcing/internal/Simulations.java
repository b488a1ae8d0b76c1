package dev.fulcrum.sourcing.internal;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Reservation;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.SourcingEngine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Shadow simulation: replays past orders through a profile version (usually a draft) against today's stock, as if
 * each order's own reservation were still free, and compares with what was decided. Reserves nothing: the
 * transaction is read-only.
 */
@Service
public class Simulations {

    public static final int MAX_ORDERS = 1000;

    private final OrderManagement orders;
    private final Decisions decisions;
    private final Profiles profiles;
    private final SourcingInputs inputs;
    private final InventoryLedger ledger;
    private final SourcingEngine engine = new SourcingEngine();

    Simulations(
            OrderManagement orders,
            Decisions decisions,
            Profiles profiles,
            SourcingInputs inputs,
            InventoryLedger ledger) {
        this.orders = orders;
        this.decisions = decisions;
        this.profiles = profiles;
        this.inputs = inputs;
        this.ledger = ledger;
    }

    /** Replays the given orders, or those decided in [from, to), through version {@code version} of {@code profile}. */
    @Transactional(readOnly = true)
    public Map<String, Object> simulate(String profile, int version, List<OrderId> orderIds, Instant from, Instant to) {
        Profiles.StoredProfile candidate = profiles.get(profile, version);
        List<OrderId> ids = orderIds;
        if (orderIds.isEmpty()) {
            // One more than the cap tells a window that is too wide from one that is full: refuse it rather than
            // simulate its first orders as if they were all of it.
            ids = decisions.ordersDecidedBetween(from, to, MAX_ORDERS + 1);
            if (ids.size() > MAX_ORDERS) {
                throw ApiProblem.invalid(
                        "to",
                        "at most " + MAX_ORDERS + " decided orders per simulation, got more between " + from + " and "
                                + to + ": narrow from and to, or simulate the window in parts");
            }
        }
        Totals decided = new Totals();
        Totals simulated = new Totals();
        List<Map<String, Object>> differences = new ArrayList<>();
        int replayed = 0;
        for (OrderId id : ids) {
            Optional<Order> found = orders.find(id);
            Optional<SourcingDecision> past = decisions.current(id);
            if (found.isEmpty() || past.isEmpty()) {
                continue;
            }
            replayed++;
            Map<String, Integer> addBack = new HashMap<>();
            for (Reservation reservation : ledger.reservations(id)) {
                addBack.merge(
                        reservation.locationId() + "\u0000" + reservation.sku(), reservation.quantity(), Integer::sum);
            }
            SourcingInputs.DecisionInput prepared = inputs.prepare(found.get(), candidate.definition(), addBack);
            Plan plan = engine.decide(prepared.order(), prepared.sites(), prepared.lanes(), prepared.strategy(), false);
            SourcingDecision before = past.get();
            decided.add(
                    new BigDecimal(before.cost()),
                    before.shipments().size(),
                    before.promise() == null ? 0 : before.promise().promisedDays(),
                    (double) before.carbonGrams(),
                    !before.unallocated().isEmpty());
            simulated.add(
                    plan.cost().amount(),
                    plan.shipments().size(),
                    plan.promisedDays(),
                    plan.carbonGrams(),
                    !plan.complete());
            List<String> beforeLocations = before.shipments().stream()
                    .map(SourcingDecision.Shipment::locationId)
                    .sorted()
                    .toList();
            List<String> afterLocations = plan.shipments().stream()
                    .map(shipment -> shipment.locationId().value())
                    .sorted()
                    .toList();
            if (!beforeLocations.equals(afterLocations) || before.unallocated().isEmpty() != plan.complete()) {
                Map<String, Object> difference = new LinkedHashMap<>();
                difference.put("orderId", id.toString());
                difference.put(
                        "decided",
                        Map.of(
                                "profileVersion",
                                before.profileVersion(),
                                "strategy",
                                before.strategy(),
                                "locations",
                                beforeLocations,
                                "cost",
                                before.cost(),
                                "unallocatedLines",
                                before.unallocated().size()));
                difference.put(
                        "simulated",
                        Map.of(
                                "strategy",
                                plan.strategy(),
                                "locations",
                                afterLocations,
                                "cost",
                                plan.cost().toPlainString(),
                                "unallocatedLines",
                                plan.unallocated().size()));
                differences.add(difference);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("profile", profile);
        result.put("version", version);
        result.put("status", candidate.status());
        result.put("orders", replayed);
        result.put("decided", decided.summary(replayed));
        result.put("simulated", simulated.summary(replayed));
        result.put("changedOrders", differences.size());
        result.put("differences", differences);
        return result;
    }

    private static final class Totals {

        // Each order's cost in its own currency's minor unit: a sum over orders of one currency keeps that scale.
        private BigDecimal cost = BigDecimal.ZERO;
        private int shipments;
        private int promisedDays;
        private double carbon;
        private int unfillable;

        void add(BigDecimal orderCost, int orderShipments, int days, double carbonGrams, boolean incomplete) {
            cost = cost.add(orderCost);
            shipments += orderShipments;
            promisedDays += days;
            carbon += carbonGrams;
            unfillable += incomplete ? 1 : 0;
        }

        Map<String, Object> summary(int orders) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("cost", cost.toPlainString());
            summary.put("shipmentsPerOrder", orders == 0 ? 0 : Math.round(100.0 * shipments / orders) / 100.0);
            summary.put("promisedDaysAverage", orders == 0 ? 0 : Math.round(100.0 * promisedDays / orders) / 100.0);
            summary.put("carbonGrams", Math.round(carbon));
            summary.put("unfillableOrders", unfillable);
            return summary;
        }
    }
}

package dev.fulcrum.sourcing.internal;

import static dev.fulcrum.sourcing.internal.SourcingInputs.step;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.inventory.Reservation;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.sourcing.OrderAllocated;
import dev.fulcrum.sourcing.OrderBackordered;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.engine.SourcingEngine;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sources orders: decides with the active profile, reserves the chosen stock and daily capacity, records the
 * allocation on the order and publishes {@link OrderAllocated} or {@link OrderBackordered}, all in the caller's
 * transaction. An order waiting for payment reserves with an expiry and is allocated for good when it is paid.
 */
@Service
public class OrderSourcing {

    private static final int ATTEMPTS = 3;

    private final SourcingInputs inputs;
    private final Profiles profiles;
    private final InventoryLedger ledger;
    private final Locations locations;
    private final OrderManagement orders;
    private final Decisions decisions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration unpaidReservationTtl;
    private final Set<String> releaseOnHold;
    private final SourcingEngine engine = new SourcingEngine();

    OrderSourcing(SourcingInputs inputs, Profiles profiles, InventoryLedger ledger, Locations locations,
            OrderManagement orders, Decisions decisions, ApplicationEventPublisher events, Clock clock,
            @Value("${fulcrum.sourcing.unpaid-reservation-ttl:PT30M}") Duration unpaidReservationTtl,
            @Value("${fulcrum.sourcing.release-stock-on-hold:manual,address}") Set<String> releaseOnHold) {
        this.inputs = inputs;
        this.profiles = profiles;
        this.ledger = ledger;
        this.locations = locations;
        this.orders = orders;
        this.decisions = decisions;
        this.events = events;
        this.clock = clock;
        this.unpaidReservationTtl = unpaidReservationTtl;
        this.releaseOnHold = releaseOnHold;
    }

    /**
     * Brings the order's allocation up to date with its state: a paid order without holds is allocated (confirming
     * the reservation it made while unpaid, or sourcing it now); an unpaid order held only for payment reserves with an
     * expiry. Does nothing for an order that already holds stock or has nothing open, nor while the tenant has no
     * active location at all (inventory not set up: there is nothing to source from, and no event is published).
     */
    @Transactional
    public Optional<SourcingDecision> reconcile(OrderId orderId) {
        Order order = orders.get(orderId);
        boolean paid = order.payment() != null && order.payment().isCaptured();
        boolean onlyPaymentHold = order.holds().stream().allMatch(hold -> hold.type().equals("payment"));
        if (!onlyPaymentHold || order.totalQuantity(q -> q.open() - q.allocated()) <= 0 || !locations.anyActive()) {
            return Optional.empty();
        }
        Optional<SourcingDecision> current = decisions.current(orderId);
        boolean holdsStock = !ledger.reservations(orderId).isEmpty();
        if (paid && holdsStock && current.isPresent() && current.get().status().equals("reserved")) {
            ledger.confirm(orderId);
            return Optional.of(publish(order, current.get(), "allocated"));
        }
        if (holdsStock) {
            return current;
        }
        if (!paid && order.holds().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(source(order, paid));
    }

    /**
     * Sources orders placed together in the current transaction, as {@link #reconcile} would one after the other.
     */
    @Transactional
    public void reconcilePlaced(List<Order> placed) {
        placed.forEach(order -> reconcile(order.id()));
    }

    /** Releases what the order holds and marks its decision; {@code status} is released, expired or cancelled. */
    @Transactional
    public void release(OrderId orderId, String status, String reason) {
        int units = ledger.release(orderId, reason);
        Optional<SourcingDecision> current = decisions.current(orderId);
        current.ifPresent(decision -> decisions.updateStatus(decision, status));
        if (units > 0 && !status.equals("cancelled") && current.map(d -> d.status().equals("allocated")
                || d.status().equals("backordered")).orElse(false)) {
            Order order = orders.get(orderId);
            orders.recordAllocation(orderId, order.lines().stream()
                    .map(line -> new LineQuantity(line.lineNo(), null, 0)).toList());
        }
    }

    boolean releasesStock(String holdType) {
        return releaseOnHold.contains(holdType);
    }

    private SourcingDecision source(Order order, boolean paid) {
        Profiles.StoredProfile profile = profiles.active();
        List<Map<String, Object>> trace = new ArrayList<>();
        Plan plan = null;
        SourcingInputs.Prepared prepared = null;
        Instant expiresAt = paid ? null : clock.instant().plus(unpaidReservationTtl);
        boolean reserved = false;
        for (int attempt = 1; attempt <= ATTEMPTS && !reserved; attempt++) {
            prepared = inputs.prepare(order, profile.definition(), Map.of());
            plan = engine.decide(prepared.order(), prepared.sites(), prepared.lanes(), prepared.strategy());
            if (!plan.complete() && (!paid || profile.definition().fallback().equals("hold"))) {
                break;
            }
            List<Reservation> lines = new ArrayList<>();
            plan.shipments().forEach(shipment -> shipment.lines().forEach(line ->
                    lines.add(new Reservation(shipment.locationId(), line.sku(), line.quantity(), null))));
            if (lines.isEmpty()) {
                break;
            }
            InventoryLedger.ReservationOutcome outcome = ledger.reserve(order.id(), lines, expiresAt);
            if (!outcome.reserved()) {
                trace.add(step("reservation", "attempt", attempt, "outcome", "short of " + outcome.shortfall().sku()
                        + " at " + outcome.shortfall().locationId() + ": decided again on fresh stock"));
                continue;
            }
            String full = takeCapacity(plan, prepared.sites());
            if (full != null) {
                ledger.release(order.id(), "daily capacity of " + full + " taken meanwhile");
                trace.add(step("reservation", "attempt", attempt, "outcome", full + " reached its daily capacity meanwhile: "
                        + "decided again"));
                continue;
            }
            trace.add(step("reservation", "attempt", attempt, "outcome", "reserved", "expiresAt", expiresAt));
            reserved = true;
        }
        List<Map<String, Object>> fullTrace = new ArrayList<>(prepared.trace());
        fullTrace.add(step("search", "mode", plan.search(), "strategy", plan.strategy(), "objective", plan.objective(),
                "score", plan.score(), "maxShipments", prepared.strategy().maxShipments()));
        fullTrace.addAll(trace);
        plan.candidates().forEach(candidate -> fullTrace.add(candidateStep(candidate)));
        plan.alternatives().forEach(alternative -> fullTrace.add(step("alternative", "objective", alternative.objective(),
                "locations", alternative.locations(), "cost", money(alternative.cost()), "promisedDays",
                alternative.promisedDays(), "carbonGrams", Math.round(alternative.carbonGrams()), "unallocatedLines",
                alternative.unallocatedLines())));
        String status;
        if (reserved && plan.complete()) {
            status = paid ? "allocated" : "reserved";
        } else if (reserved) {
            status = "backordered";
        } else if (!paid) {
            status = "pending";
        } else {
            status = profile.definition().fallback().equals("hold") ? "unsourceable" : "backordered";
        }
        SourcingDecision decision = toDecision(order.id(), plan, reserved ? plan : null, profile, status,
                reserved ? expiresAt : null, fullTrace);
        decisions.save(decision);
        if (paid) {
            if (status.equals("unsourceable")) {
                holdUnsourceable(order, decision);
            } else {
                publish(order, decision, status);
            }
        }
        return decision;
    }

    /**
     * Commits a plan chosen elsewhere (batch allocation) for a paid order: reserves it, takes capacity, stores the
     * decision as allocated and publishes it. Empty when the stock or capacity went meanwhile; nothing is reserved then.
     */
    Optional<SourcingDecision> commit(Order order, SourcingInputs.Prepared prepared, Plan plan,
            Profiles.StoredProfile profile, Map<String, Object> batchStep) {
        List<Reservation> lines = new ArrayList<>();
        plan.shipments().forEach(shipment -> shipment.lines().forEach(line ->
                lines.add(new Reservation(shipment.locationId(), line.sku(), line.quantity(), null))));
        if (lines.isEmpty() || !ledger.reserve(order.id(), lines, null).reserved()) {
            return Optional.empty();
        }
        if (takeCapacity(plan, prepared.sites()) != null) {
            ledger.release(order.id(), "daily capacity taken meanwhile");
            return Optional.empty();
        }
        List<Map<String, Object>> trace = new ArrayList<>(prepared.trace());
        trace.add(batchStep);
        SourcingDecision decision = toDecision(order.id(), plan, plan, profile, "allocated", null, trace);
        decisions.save(decision);
        publish(order, decision, "allocated");
        if (order.holds().stream().anyMatch(hold -> hold.type().equals("unsourceable"))) {
            orders.release(order.id(), "unsourceable");
        }
        return Optional.of(decision);
    }

    private @Nullable String takeCapacity(Plan plan, List<Site> sites) {
        for (Plan.Shipment shipment : plan.shipments()) {
            Site site = sites.stream().filter(s -> s.id().equals(shipment.locationId())).findFirst().orElseThrow();
            Integer capacity = locations.find(site.id()).map(l -> l.dailyOrderCapacity()).orElse(null);
            if (!locations.takeCapacity(site.id(), inputs.localDay(site), capacity)) {
                return site.id();
            }
        }
        return null;
    }

    private void holdUnsourceable(Order order, SourcingDecision decision) {
        String reason = decision.unallocated().isEmpty() ? "no plan found"
                : decision.unallocated().getFirst().sku() + ": " + decision.unallocated().getFirst().reason();
        try {
            orders.hold(order.id(), "unsourceable", reason);
        } catch (ApiProblem alreadyHeldOrNotAllowed) {
            // The order already waits in the unsourceable queue, or its flow does not allow a hold now.
        }
    }

    /** Records the allocation on the order's line ledger and publishes the internal event for it. */
    private SourcingDecision publish(Order order, SourcingDecision decision, String status) {
        SourcingDecision current = decision.status().equals(status) ? decision : decision.withStatus(status);
        if (!decision.status().equals(status)) {
            decisions.updateStatus(decision, status);
        }
        Map<Integer, Integer> allocated = new LinkedHashMap<>();
        current.shipments().forEach(shipment -> shipment.lines().forEach(line ->
                allocated.merge(line.lineNo(), line.quantity(), Integer::sum)));
        List<LineQuantity> quantities = order.lines().stream()
                .map(line -> new LineQuantity(line.lineNo(), null,
                        Math.min(line.quantities().open(), allocated.getOrDefault(line.lineNo(), 0))))
                .toList();
        long sequence = orders.recordAllocation(order.id(), quantities);
        if (status.equals("allocated")) {
            events.publishEvent(new OrderAllocated(current, sequence, clock.instant()));
        } else {
            events.publishEvent(new OrderBackordered(current, sequence, clock.instant()));
        }
        return current;
    }

    SourcingDecision toDecision(OrderId orderId, Plan plan, @Nullable Plan reservedPlan, Profiles.StoredProfile profile,
            String status, @Nullable Instant expiresAt, List<Map<String, Object>> trace) {
        List<SourcingDecision.Shipment> shipments = new ArrayList<>();
        List<SourcingDecision.Unallocated> unallocated = new ArrayList<>();
        plan.unallocated().forEach(line -> unallocated.add(new SourcingDecision.Unallocated(line.lineNo(), line.sku(),
                line.quantity(), line.reason())));
        if (reservedPlan != null) {
            for (Plan.Shipment shipment : reservedPlan.shipments()) {
                shipments.add(new SourcingDecision.Shipment(shipment.locationId(), shipment.quote().serviceCode(),
                        shipment.quote().carrier(), shipment.quote().mode(), shipment.quote().estimate(),
                        shipment.lines().stream().map(line -> new SourcingDecision.Line(line.lineNo(), line.sku(),
                                line.quantity())).toList(),
                        shipment.shipBy().toInstant(), shipment.deliverBy(), money(shipment.cost()),
                        money(shipment.handlingCost()), Math.round(shipment.carbonGrams())));
            }
        } else {
            plan.shipments().forEach(shipment -> shipment.lines().forEach(line -> unallocated.add(
                    new SourcingDecision.Unallocated(line.lineNo(), line.sku(), line.quantity(),
                            "not reserved: the plan does not cover every line and the profile's fallback is "
                                    + "'hold' or the order is not paid"))));
        }
        SourcingDecision.Promise promise = shipments.isEmpty() ? null : new SourcingDecision.Promise(
                shipments.stream().map(SourcingDecision.Shipment::shipBy).max(Instant::compareTo).orElseThrow(),
                shipments.stream().map(SourcingDecision.Shipment::deliverBy).max(java.time.LocalDate::compareTo).orElseThrow(),
                reservedPlan.promisedDays());
        return new SourcingDecision(Ids.timeOrdered(), orderId, status, profile.name(), profile.version(), plan.strategy(),
                plan.objective(), plan.search(), clock.instant(), shipments, unallocated, promise,
                money(reservedPlan == null ? 0 : reservedPlan.cost()), reservedPlan == null ? 0 : Math.round(reservedPlan.carbonGrams()),
                expiresAt, trace);
    }

    static Map<String, Object> candidateStep(Plan.Candidate candidate) {
        return step("candidate", "locationId", candidate.locationId(), "verdict", candidate.verdict(), "coversLines",
                candidate.coversLines(), "reasons", candidate.reasons().isEmpty() ? null : candidate.reasons(), "score",
                candidate.score(), "cost", candidate.cost() == null ? null : money(candidate.cost()), "promisedDays",
                candidate.days(), "carbonGrams", candidate.carbonGrams() == null ? null : Math.round(candidate.carbonGrams()),
                "carrierService", candidate.serviceCode(), "estimate", candidate.serviceCode() == null ? null
                        : candidate.estimate());
    }

    static String money(double amount) {
        return BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}

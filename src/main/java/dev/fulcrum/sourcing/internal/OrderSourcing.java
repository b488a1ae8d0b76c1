package dev.fulcrum.sourcing.internal;

import dev.fulcrum.inventory.InboundStock;
import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.inventory.Reservation;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderAction;
import dev.fulcrum.order.OrderLine;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.sourcing.OrderAllocated;
import dev.fulcrum.sourcing.OrderBackordered;
import dev.fulcrum.sourcing.OrderSourced;
import dev.fulcrum.sourcing.OrdersSourced;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.engine.Plan;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.sourcing.engine.SourcingEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

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
    private final MeterRegistry meters;
    private final InboundStock inbound;
    private final SourcingEngine engine = new SourcingEngine();

    OrderSourcing(
            SourcingInputs inputs,
            Profiles profiles,
            InventoryLedger ledger,
            Locations locations,
            OrderManagement orders,
            Decisions decisions,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${fulcrum.sourcing.unpaid-reservation-ttl:PT30M}") Duration unpaidReservationTtl,
            @Value("${fulcrum.sourcing.release-stock-on-hold:manual,address}") Set<String> releaseOnHold,
            MeterRegistry meters,
            InboundStock inbound) {
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
        this.meters = meters;
        this.inbound = inbound;
    }

    /**
     * Brings the order's allocation up to date with its state: a paid order without holds is allocated (confirming
     * the reservation it made while unpaid, or sourcing it now); an unpaid order held only for payment reserves with an
     * expiry. Does nothing for an order that already holds stock or has nothing open, nor while the tenant has no
     * active location at all (inventory not set up: there is nothing to source from, and no event is published).
     */
    @Transactional
    public Optional<SourcingDecision> reconcile(OrderId orderId) {
        return reconcile(orderId, UnaryOperator.identity());
    }

    /**
     * Like {@link #reconcile(OrderId)}, with the decision's input adjusted before the engine decides (a digital-twin
     * reroute avoids the locations and carriers of its scenario this way; everything else is the ordinary path).
     */
    @Transactional
    public Optional<SourcingDecision> reconcile(
            OrderId orderId, UnaryOperator<SourcingInputs.DecisionInput> adjustInput) {
        Order order = orders.get(orderId);
        boolean paid = order.payment() != null && order.payment().isCaptured();
        boolean onlyReservingHolds = order.holds().stream().allMatch(hold -> RESERVING_HOLDS.contains(hold.type()));
        boolean frozen = frozen(order);
        if (!onlyReservingHolds || order.totalQuantity(q -> q.open() - q.allocated()) <= 0 || !locations.anyActive()) {
            return Optional.empty();
        }
        Optional<SourcingDecision> current = decisions.current(orderId);
        boolean holdsStock = !ledger.reservations(orderId).isEmpty();
        if (paid
                && !frozen
                && holdsStock
                && current.isPresent()
                && current.get().status().equals("reserved")) {
            ledger.confirm(orderId);
            return Optional.of(publish(order, current.get(), "allocated"));
        }
        if (holdsStock) {
            return current;
        }
        if (!paid && order.holds().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(source(order, paid && !frozen, adjustInput));
    }

    /**
     * Holds under which an order still reserves its stock without being allocated: {@code payment} (with an expiry,
     * ADR 0025) and {@code risk} (frozen until the review decides, without expiry, ADR 0117).
     */
    private static final Set<String> RESERVING_HOLDS = Set.of("payment", "risk");

    /** An order under review: its stock is reserved but not allocated, so no warehouse is told to ship it. */
    private static boolean frozen(Order order) {
        return order.holds().stream().anyMatch(hold -> hold.type().equals("risk"));
    }

    /**
     * Sources orders placed together in the current transaction with the outcome {@link #reconcile} would have one
     * after the other, set-based (ADR 0078): the inputs are read once for the batch, each order is decided in memory
     * on what the orders before it left, and the stock, capacity, decisions, allocations and events of the whole batch
     * are written with a few statements. When the stock or capacity went meanwhile, what the batch wrote is rolled back
     * to a savepoint and every order is reconciled on its own instead.
     *
     * @param placed orders placed in the current transaction, as placed (event sequence 1, no decision, no stock)
     */
    @Transactional
    public void reconcilePlaced(List<Order> placed) {
        List<Order> due =
                placed.stream().filter(OrderSourcing::sourcedWhenPlaced).toList();
        if (due.isEmpty()) {
            return;
        }
        SourcingInputs.Batch batch = inputs.batch(due);
        if (batch == null) {
            return;
        }
        Profiles.StoredProfile profile = profiles.active();
        List<Sourced> sourced = new ArrayList<>(due.size());
        for (Order order : due) {
            Sourced one = decide(order, profiles.forOrder(order.id(), profile), batch);
            if (one == null) {
                batches("per-order").increment();
                reconcileEach(due);
                return;
            }
            sourced.add(one);
        }
        TransactionStatus transaction = TransactionAspectSupport.currentTransactionStatus();
        Object savepoint = transaction.createSavepoint();
        if (!ledger.reserveAll(reservations(sourced)) || !locations.takeCapacity(capacityTakes(sourced, batch))) {
            transaction.rollbackToSavepoint(savepoint);
            batches("fallback").increment();
            reconcileEach(due);
            return;
        }
        transaction.releaseSavepoint(savepoint);
        batches("set-based").increment();
        decisions.saveFirst(sourced.stream().map(Sourced::decision).toList());
        List<Sourced> published = sourced.stream()
                .filter(one -> one.paid() && !one.decision().status().equals("unsourceable"))
                .toList();
        if (!published.isEmpty()) {
            orders.recordAllocations(published.stream()
                    .map(one -> new OrderManagement.Allocation(
                            one.order(),
                            allocatedLines(one.order(), one.decision()),
                            shipBy(one.decision()),
                            deliverBy(one.decision())))
                    .toList());
            Instant now = clock.instant();
            events.publishEvent(new OrdersSourced(published.stream()
                    .map(one -> one.decision().status().equals("allocated")
                            ? (OrderSourced)
                                    new OrderAllocated(one.decision(), costOf(one.order(), one.decision()), 2, now)
                            : new OrderBackordered(one.decision(), costOf(one.order(), one.decision()), 2, now))
                    .toList()));
        }
        sourced.stream()
                .filter(one -> one.paid() && one.decision().status().equals("unsourceable"))
                .forEach(one -> holdUnsourceable(one.order(), one.decision()));
    }

    /** An order {@link #reconcile} would source right after it was placed (it holds no stock and has no decision). */
    private static boolean sourcedWhenPlaced(Order order) {
        boolean paid = order.payment() != null && order.payment().isCaptured();
        boolean onlyPaymentHold =
                order.holds().stream().allMatch(hold -> hold.type().equals("payment"));
        return onlyPaymentHold
                && order.totalQuantity(q -> q.open() - q.allocated()) > 0
                && (paid || !order.holds().isEmpty());
    }

    /** One order of a batch decided in memory: its decision and the lines it reserves (none: it reserves nothing). */
    private record Sourced(
            Order order,
            boolean paid,
            SourcingDecision decision,
            List<Reservation> lines,
            @Nullable Instant expiresAt,
            List<String> locations) {}

    /**
     * Decides one order of a batch as {@link #source} would, on the batch's snapshot, and takes what it reserves from
     * the snapshot. Null when {@link #source} would find the stock or capacity short and decide again (the plan wants
     * more of a SKU at a location than is there, or a location at its capacity): the batch is then reconciled order by
     * order.
     */
    private @Nullable Sourced decide(Order order, Profiles.StoredProfile profile, SourcingInputs.Batch batch) {
        boolean paid = order.payment() != null && order.payment().isCaptured();
        Instant expiresAt = paid ? null : clock.instant().plus(unpaidReservationTtl);
        SourcingInputs.DecisionInput input = inputs.prepare(order, profile.definition(), batch);
        Plan plan = engine.decide(input.order(), input.sites(), input.lanes(), input.strategy());
        List<Reservation> lines = reservationLines(plan);
        boolean reserved = !lines.isEmpty()
                && (plan.complete() || (paid && !profile.definition().fallback().equals("hold")));
        DecisionTrace attempts = new DecisionTrace();
        if (reserved) {
            Map<String, Integer> wanted = new LinkedHashMap<>();
            lines.forEach(
                    line -> wanted.merge(line.locationId() + "\u0000" + line.sku(), line.quantity(), Integer::sum));
            for (Map.Entry<String, Integer> want : wanted.entrySet()) {
                String[] key = want.getKey().split("\u0000", 2);
                if (batch.available(key[0], key[1]) < want.getValue()) {
                    return null;
                }
            }
            if (plan.shipments().stream()
                    .anyMatch(
                            shipment -> !batch.hasCapacity(shipment.locationId().value()))) {
                return null;
            }
            lines.forEach(
                    line -> batch.take(line.locationId().value(), line.sku().value(), line.quantity()));
            plan.shipments()
                    .forEach(
                            shipment -> batch.takeCapacity(shipment.locationId().value()));
            attempts.reservation(1, "reserved", expiresAt);
        }
        SourcingDecision decision = decided(order, paid, profile, input, plan, attempts, reserved, expiresAt);
        return new Sourced(
                order,
                paid,
                decision,
                reserved ? lines : List.of(),
                expiresAt,
                reserved
                        ? plan.shipments().stream()
                                .map(shipment -> shipment.locationId().value())
                                .toList()
                        : List.of());
    }

    private static List<InventoryLedger.OrderReservation> reservations(List<Sourced> sourced) {
        return sourced.stream()
                .filter(one -> !one.lines().isEmpty())
                .map(one -> new InventoryLedger.OrderReservation(one.order().id(), one.lines(), one.expiresAt()))
                .toList();
    }

    private static List<Locations.CapacityTake> capacityTakes(List<Sourced> sourced, SourcingInputs.Batch batch) {
        Map<String, Integer> orders = new TreeMap<>();
        sourced.forEach(one -> one.locations().forEach(location -> orders.merge(location, 1, Integer::sum)));
        return orders.entrySet().stream()
                .map(entry -> new Locations.CapacityTake(
                        new LocationId(entry.getKey()),
                        batch.day(entry.getKey()),
                        entry.getValue(),
                        batch.capacity(entry.getKey())))
                .toList();
    }

    /**
     * Reconciles the orders one after the other, having locked the stock positions of all their SKUs in lock order:
     * two batches falling back at once then queue instead of deadlocking.
     */
    private void reconcileEach(List<Order> due) {
        ledger.lockPositions(due.stream()
                .flatMap(order -> order.lines().stream())
                .map(OrderLine::sku)
                .distinct()
                .map(Sku::new)
                .toList());
        due.forEach(order -> reconcile(order.id()));
    }

    private Counter batches(String path) {
        return Counter.builder("fulcrum.sourcing.batches")
                .description("Batches of orders placed together, by how sourcing handled them: set-based, per-order "
                        + "(decided order by order from the start), fallback (stock or capacity went meanwhile); "
                        + "batch-set-based and batch-fallback for chunks of plans chosen by batch allocation")
                .tag("path", path)
                .register(meters);
    }

    /** Releases what the order holds and marks its decision; {@code status} is released, expired or cancelled. */
    @Transactional
    public void release(OrderId orderId, String status, String reason) {
        int units = ledger.release(orderId, reason);
        Optional<SourcingDecision> current = decisions.current(orderId);
        current.ifPresent(decision -> decisions.updateStatus(decision, status));
        if (units > 0
                && !status.equals("cancelled")
                && current.map(d -> d.status().equals("allocated") || d.status().equals("backordered"))
                        .orElse(false)) {
            Order order = orders.get(orderId);
            orders.recordAllocation(
                    orderId,
                    order.lines().stream()
                            .map(line -> new LineQuantity(line.lineNo(), null, 0))
                            .toList());
        }
    }

    boolean releasesStock(String holdType) {
        return releaseOnHold.contains(holdType);
    }

    /**
     * Sources the order: {@code paid} allocates it for good (decision allocated, public event); otherwise it only
     * reserves, with an expiry when it waits for payment and without one when it is frozen for a risk review. The
     * input may be adjusted before the engine decides (a digital-twin reroute).
     */
    private SourcingDecision source(
            Order order, boolean paid, UnaryOperator<SourcingInputs.DecisionInput> adjustInput) {
        Profiles.StoredProfile profile = profiles.forOrder(order.id());
        DecisionTrace attempts = new DecisionTrace();
        Plan plan = null;
        SourcingInputs.DecisionInput input = null;
        boolean captured = order.payment() != null && order.payment().isCaptured();
        Instant expiresAt = captured ? null : clock.instant().plus(unpaidReservationTtl);
        boolean reserved = false;
        for (int attempt = 1; attempt <= ATTEMPTS && !reserved; attempt++) {
            input = adjustInput.apply(inputs.prepare(order, profile.definition(), Map.of()));
            plan = engine.decide(input.order(), input.sites(), input.lanes(), input.strategy());
            if (!plan.complete() && (!paid || profile.definition().fallback().equals("hold"))) {
                break;
            }
            List<Reservation> lines = reservationLines(plan);
            if (lines.isEmpty()) {
                break;
            }
            InventoryLedger.ReservationOutcome outcome = ledger.reserve(order.id(), lines, expiresAt);
            if (!outcome.reserved()) {
                var shortfall = java.util.Objects.requireNonNull(outcome.shortfall()); // named when not reserved
                attempts.reservation(
                        attempt,
                        "short of " + shortfall.sku() + " at " + shortfall.locationId()
                                + ": decided again on fresh stock",
                        null);
                continue;
            }
            String full = takeCapacity(plan, input.sites());
            if (full != null) {
                ledger.release(order.id(), "daily capacity of " + full + " taken meanwhile");
                attempts.reservation(attempt, full + " reached its daily capacity meanwhile: decided again", null);
                continue;
            }
            attempts.reservation(attempt, "reserved", expiresAt);
            reserved = true;
        }
        // The loop runs at least once (attempt 1), so the input and a plan are set.
        SourcingDecision decision = decided(
                order,
                paid,
                profile,
                java.util.Objects.requireNonNull(input),
                java.util.Objects.requireNonNull(plan),
                attempts,
                reserved,
                expiresAt);
        decisions.save(decision);
        if (paid) {
            if (decision.status().equals("unsourceable")) {
                holdUnsourceable(order, decision);
            } else {
                publish(order, decision, decision.status());
            }
        }
        return decision;
    }

    /** The decision for a plan, with the whole trace: inputs, search, reservation attempts, candidates, alternatives. */
    private SourcingDecision decided(
            Order order,
            boolean paid,
            Profiles.StoredProfile profile,
            SourcingInputs.DecisionInput input,
            Plan plan,
            DecisionTrace attempts,
            boolean reserved,
            @Nullable Instant expiresAt) {
        DecisionTrace trace = input.trace().copy();
        trace.search(plan, input.strategy().maxShipments());
        trace.addAll(attempts);
        trace.candidatesAndAlternatives(plan);
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
        return toDecision(
                order.id(), plan, reserved ? plan : null, profile, status, reserved ? expiresAt : null, trace);
    }

    private static List<Reservation> reservationLines(Plan plan) {
        List<Reservation> lines = new ArrayList<>();
        plan.shipments()
                .forEach(shipment -> shipment.lines()
                        .forEach(line ->
                                lines.add(new Reservation(shipment.locationId(), line.sku(), line.quantity(), null))));
        return lines;
    }

    /**
     * Commits a plan chosen elsewhere (batch allocation) for a paid order: reserves it, takes capacity, stores the
     * decision as allocated and publishes it. Empty when the stock or capacity went meanwhile; nothing is reserved then.
     */
    Optional<SourcingDecision> commit(
            Order order,
            SourcingInputs.DecisionInput input,
            Plan plan,
            Profiles.StoredProfile profile,
            Map<String, Object> batchStep) {
        List<Reservation> lines = reservationLines(plan);
        if (lines.isEmpty() || !ledger.reserve(order.id(), lines, null).reserved()) {
            return Optional.empty();
        }
        if (takeCapacity(plan, input.sites()) != null) {
            ledger.release(order.id(), "daily capacity taken meanwhile");
            return Optional.empty();
        }
        DecisionTrace trace = input.trace().copy();
        trace.add(batchStep);
        SourcingDecision decision = toDecision(order.id(), plan, plan, profile, "allocated", null, trace);
        decisions.save(decision);
        publish(order, decision, "allocated");
        if (order.holds().stream().anyMatch(hold -> hold.type().equals("unsourceable"))) {
            orders.release(order.id(), "unsourceable");
        }
        return Optional.of(decision);
    }

    /** A plan batch allocation chose for a paid order, with the batch's step for the decision's trace. */
    record Chosen(Order order, SourcingInputs.DecisionInput input, Plan plan, Map<String, Object> batchStep) {}

    /**
     * Commits plans chosen by batch allocation set-based (ADR 0114), with the outcome {@link #commit} would have for
     * each one after the other: the stock of all of them is reserved with one {@link InventoryLedger#reserveAll}, their
     * capacity taken with one statement, their decisions, allocations and events written in batches, one publication
     * for all. When any stock or capacity went meanwhile, what this wrote is rolled back to a savepoint and each plan is
     * committed on its own, so each order still either reserves exactly once or not at all. Runs in the caller's
     * transaction; the caller bounds how many plans it passes.
     *
     * @return per chosen plan, in order, its decision; empty where the stock or capacity went meanwhile
     */
    List<Optional<SourcingDecision>> commitAll(
            List<Chosen> chosen, Profiles.StoredProfile profile, SourcingInputs.Batch batch) {
        List<InventoryLedger.OrderReservation> reservations = new ArrayList<>(chosen.size());
        Map<String, Integer> takes = new TreeMap<>();
        boolean setBased = !chosen.isEmpty();
        for (Chosen one : chosen) {
            List<Reservation> lines = reservationLines(one.plan());
            setBased &= !lines.isEmpty();
            reservations.add(new InventoryLedger.OrderReservation(one.order().id(), lines, null));
            one.plan()
                    .shipments()
                    .forEach(shipment -> takes.merge(
                            shipment.locationId().value() + "\u0000"
                                    + shipment.shipBy().toLocalDate(),
                            1,
                            Integer::sum));
        }
        List<Locations.CapacityTake> capacityTakes = takes.entrySet().stream()
                .map(entry -> {
                    String[] key = entry.getKey().split("\u0000", 2);
                    return new Locations.CapacityTake(
                            new LocationId(key[0]),
                            java.time.LocalDate.parse(key[1]),
                            entry.getValue(),
                            batch.capacity(key[0]));
                })
                .toList();
        TransactionStatus transaction = TransactionAspectSupport.currentTransactionStatus();
        Object savepoint = transaction.createSavepoint();
        if (!setBased || !ledger.reserveAll(reservations) || !locations.takeCapacity(capacityTakes)) {
            transaction.rollbackToSavepoint(savepoint);
            batches("batch-fallback").increment();
            return chosen.stream()
                    .map(one -> commit(one.order(), one.input(), one.plan(), profile, one.batchStep()))
                    .toList();
        }
        transaction.releaseSavepoint(savepoint);
        batches("batch-set-based").increment();
        List<SourcingDecision> decided = new ArrayList<>(chosen.size());
        for (Chosen one : chosen) {
            DecisionTrace trace = one.input().trace().copy();
            trace.add(one.batchStep());
            decided.add(toDecision(one.order().id(), one.plan(), one.plan(), profile, "allocated", null, trace));
        }
        decisions.saveAll(decided);
        List<OrderManagement.ExistingAllocation> allocations = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            Order order = chosen.get(i).order();
            SourcingDecision decision = decided.get(i);
            allocations.add(new OrderManagement.ExistingAllocation(
                    order.id(),
                    new OrderAction.Allocate(allocatedLines(order, decision), shipBy(decision), deliverBy(decision))));
        }
        long[] sequences = orders.recordAllocationsOf(allocations);
        Instant now = clock.instant();
        List<OrderSourced> events = new ArrayList<>(chosen.size());
        for (int i = 0; i < chosen.size(); i++) {
            Order order = chosen.get(i).order();
            events.add(new OrderAllocated(decided.get(i), costOf(order, decided.get(i)), sequences[i], now));
        }
        this.events.publishEvent(new OrdersSourced(events));
        for (Chosen one : chosen) {
            if (one.order().holds().stream().anyMatch(hold -> hold.type().equals("unsourceable"))) {
                orders.release(one.order().id(), "unsourceable");
            }
        }
        return decided.stream().map(Optional::of).toList();
    }

    private @Nullable String takeCapacity(Plan plan, List<Site> sites) {
        for (Plan.Shipment shipment : plan.shipments()) {
            Site site = sites.stream()
                    .filter(s -> s.id().equals(shipment.locationId()))
                    .findFirst()
                    .orElseThrow();
            LocationId location = site.id();
            Integer capacity =
                    locations.find(location).map(l -> l.dailyOrderCapacity()).orElse(null);
            // Capacity is counted on the day the shipment is planned to leave, not the day of the decision.
            if (!locations.takeCapacity(location, shipment.shipBy().toLocalDate(), capacity)) {
                return site.id().value();
            }
        }
        return null;
    }

    private void holdUnsourceable(Order order, SourcingDecision decision) {
        String reason = decision.unallocated().isEmpty()
                ? "no plan found"
                : decision.unallocated().getFirst().sku() + ": "
                        + decision.unallocated().getFirst().reason();
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
        long sequence = orders.recordAllocation(
                order.id(),
                new OrderAction.Allocate(allocatedLines(order, current), shipBy(current), deliverBy(current)));
        if (status.equals("allocated")) {
            events.publishEvent(new OrderAllocated(current, costOf(order, current), sequence, clock.instant()));
        } else {
            events.publishEvent(new OrderBackordered(current, costOf(order, current), sequence, clock.instant()));
        }
        return current;
    }

    /**
     * The decision's cost as money in the order's currency. Rounded to its minor unit because decisions stored before
     * costs were Money wrote two decimals whatever the currency (ADR 0097).
     */
    private static Money costOf(Order order, SourcingDecision decision) {
        return Money.rounded(new BigDecimal(decision.cost()), Currency.getInstance(order.currency()));
    }

    private static @Nullable Instant shipBy(SourcingDecision decision) {
        SourcingDecision.Promise promise = decision.promise();
        return promise == null ? null : promise.shipBy();
    }

    private static java.time.@Nullable LocalDate deliverBy(SourcingDecision decision) {
        SourcingDecision.Promise promise = decision.promise();
        return promise == null ? null : promise.deliverBy();
    }

    /** The units of each line of the order the decision allocated, as the order records them. */
    private static List<LineQuantity> allocatedLines(Order order, SourcingDecision decision) {
        Map<Integer, Integer> allocated = new LinkedHashMap<>();
        decision.shipments()
                .forEach(shipment -> shipment.lines()
                        .forEach(line -> allocated.merge(line.lineNo(), line.quantity(), Integer::sum)));
        return order.lines().stream()
                .map(line -> new LineQuantity(
                        line.lineNo(),
                        null,
                        Math.min(line.quantities().open(), allocated.getOrDefault(line.lineNo(), 0))))
                .toList();
    }

    SourcingDecision toDecision(
            OrderId orderId,
            Plan plan,
            @Nullable Plan reservedPlan,
            Profiles.StoredProfile profile,
            String status,
            @Nullable Instant expiresAt,
            DecisionTrace trace) {
        List<SourcingDecision.Shipment> shipments = new ArrayList<>();
        List<SourcingDecision.Unallocated> unallocated = new ArrayList<>();
        // Only when something is short: one set-based read of the inbound stock on its way (ADR 0129).
        List<dev.fulcrum.inventory.InboundLine> expected = plan.unallocated().isEmpty()
                ? List.of()
                : inbound.open(plan.unallocated().stream()
                        .map(Plan.Unallocated::sku)
                        .distinct()
                        .toList());
        plan.unallocated()
                .forEach(line -> unallocated.add(new SourcingDecision.Unallocated(
                        line.lineNo(),
                        line.sku().value(),
                        line.quantity(),
                        line.reason()
                                + InboundStock.coverOf(expected, line.sku(), line.quantity())
                                        .map(cover -> "; expected inbound covers it from " + cover.on() + " ("
                                                + String.join(", ", cover.locationIds()) + ")")
                                        .orElse(""))));
        if (reservedPlan != null) {
            for (Plan.Shipment shipment : reservedPlan.shipments()) {
                shipments.add(new SourcingDecision.Shipment(
                        shipment.locationId().value(),
                        shipment.quote().serviceCode(),
                        shipment.quote().carrier(),
                        shipment.quote().mode(),
                        shipment.quote().estimate(),
                        shipment.lines().stream()
                                .map(line -> new SourcingDecision.Line(
                                        line.lineNo(), line.sku().value(), line.quantity()))
                                .toList(),
                        shipment.shipBy().toInstant(),
                        shipment.deliverBy(),
                        shipment.cost().toPlainString(),
                        shipment.handlingCost().toPlainString(),
                        Math.round(shipment.carbonGrams())));
            }
        } else {
            plan.shipments()
                    .forEach(shipment -> shipment.lines()
                            .forEach(line -> unallocated.add(new SourcingDecision.Unallocated(
                                    line.lineNo(),
                                    line.sku().value(),
                                    line.quantity(),
                                    "not reserved: the plan does not cover every line and the profile's fallback is "
                                            + "'hold' or the order is not paid"))));
        }
        SourcingDecision.Promise promise = shipments.isEmpty() || reservedPlan == null
                ? null
                : new SourcingDecision.Promise(
                        shipments.stream()
                                .map(SourcingDecision.Shipment::shipBy)
                                .max(Instant::compareTo)
                                .orElseThrow(),
                        shipments.stream()
                                .map(SourcingDecision.Shipment::deliverBy)
                                .max(java.time.LocalDate::compareTo)
                                .orElseThrow(),
                        reservedPlan.promisedDays());
        return new SourcingDecision(
                Ids.timeOrdered(),
                orderId,
                status,
                profile.name(),
                profile.version(),
                plan.strategy(),
                plan.objective(),
                plan.search(),
                clock.instant(),
                shipments,
                unallocated,
                promise,
                (reservedPlan == null ? Money.zero(plan.cost().currency()) : reservedPlan.cost()).toPlainString(),
                reservedPlan == null ? 0 : Math.round(reservedPlan.carbonGrams()),
                expiresAt,
                trace.steps());
    }
}

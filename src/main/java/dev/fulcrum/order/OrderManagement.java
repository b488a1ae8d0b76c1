package dev.fulcrum.order;

import dev.fulcrum.access.AuditEntry;
import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order module's API. Placing orders is {@link OrderPlacement}'s; every change to a placed order is an
 * {@link OrderAction} that the order applies itself ({@link Order#apply}): this service loads and locks the order,
 * applies the action, saves the order, and in the same transaction publishes its {@link OrderEvent} and writes the
 * audit log. A refused action leaves the order untouched and says why (409, or 400 for a malformed action).
 * {@link #allows} answers whether an action would be accepted, for modules that must decide before acting.
 */
@Service
public class OrderManagement {

    static final String TARGET = "order";

    private final Orders orders;
    private final OrderPlacement placement;
    private final Flows flows;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderManagement(
            Orders orders,
            OrderPlacement placement,
            Flows flows,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.orders = orders;
        this.placement = placement;
        this.flows = flows;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Places an order. An order that arrives without a captured payment waits for payment under a {@code payment}
     * hold.
     *
     * @throws ApiProblem 409 when the channel already sent an order with this external id
     */
    @Transactional
    public Order place(NewOrder request) {
        return placement.place(request);
    }

    /**
     * Places many orders in one transaction with batched inserts: all are placed or none. The batch publishes one
     * {@link OrdersPlaced} (listeners treat it as one {@link OrderEvent.OrderPlaced} per order) and writes one audit
     * entry per order, as {@link #place} does.
     *
     * @throws ApiProblem 409 naming the first order whose (channel, external id) was already placed or repeats in the batch
     */
    @Transactional
    public List<Order> placeAll(List<NewOrder> requests) {
        RequestContext context = RequestContext.require();
        List<Placement> placements = placement.placeEach(
                requests, requests.stream().map(request -> context).toList());
        List<Order> placed = new ArrayList<>(placements.size());
        for (Placement one : placements) {
            ApiProblem problem = one.problem();
            if (problem != null) {
                throw problem;
            }
            placed.add(one.placedOrder());
        }
        return placed;
    }

    /** What became of one order of {@link #placeEach}: placed, or refused with the reason; exactly one is set. */
    public record Placement(@Nullable Order order, @Nullable ApiProblem problem) {

        static Placement placed(Order order) {
            return new Placement(order, null);
        }

        static Placement refused(ApiProblem problem) {
            return new Placement(null, problem);
        }

        public boolean placed() {
            return order != null;
        }

        /** The order placed; only for a placement that {@link #placed()}. */
        public Order placedOrder() {
            if (order == null) {
                throw new IllegalStateException("not placed: " + problem);
            }
            return order;
        }
    }

    /**
     * Places many orders, each for its own request, in the current transaction: the group commit of the order API.
     * Unlike {@link #placeAll}, an order that repeats a (channel, external id) placed before or earlier in the batch is
     * refused on its own (409) while the others are placed. Inserts are batched; one {@link OrdersPlaced} is published;
     * each audit entry carries the actor and request id of its own request.
     *
     * @param contexts the request context of each order, all of the current tenant
     * @return one placement per request, in request order
     */
    @Transactional
    public List<Placement> placeEach(List<NewOrder> requests, List<RequestContext> contexts) {
        return placement.placeEach(requests, contexts);
    }

    /**
     * Applies an action to the order: loads and locks it, lets the order apply the action against its flow and
     * ledger, saves the result, publishes its event and writes the audit log, all in one transaction.
     *
     * @return the order after the action (an amendment that changes nothing returns the order as it is)
     * @throws ApiProblem 404 when the order does not exist; 409 naming the reason when the action is refused; 400
     *     naming the field when the action is malformed
     */
    @Transactional
    public Order apply(OrderId id, OrderAction action) {
        return applied(id, action).order();
    }

    private ActionOutcome.Applied applied(OrderId id, OrderAction action) {
        Orders.LoadedOrder loaded = orders.lock(id).orElseThrow(() -> notFound(id));
        Order before = loaded.order();
        long sequence = loaded.eventSequence() + 1;
        ActionOutcome outcome = before.apply(action, flows, new OrderAction.Context(actor(), now(), sequence));
        ActionOutcome.Applied applied = accepted(outcome);
        if (applied.changedNothing(before)) {
            return applied;
        }
        orders.save(before, applied.order(), sequence);
        orders.insertChanges(List.of(recorded(id, sequence, applied.change())));
        OrderEvent event = applied.event();
        if (event != null) {
            events.publishEvent(event);
        }
        AuditLog.Change entry = auditEntry(id, action, applied.change());
        audit.record(entry.action(), entry.targetType(), entry.targetId(), entry.details());
        return applied;
    }

    /**
     * Applies a step of a return ({@link OrderAction.RequestReturn}, {@link OrderAction.RecordReturnStep},
     * {@link OrderAction.WithdrawReturn}, {@link OrderAction.ReceiveReturn}, {@link OrderAction.Refund}) like
     * {@link #apply}, always recording it on the order's timeline, and answers with the event sequence number the step
     * took: the returns module gives it to its own public event ({@code return.requested}, …), so an order's events
     * stay numbered without gaps. Runs in the caller's transaction, holding the order's row lock until it ends: two
     * returns for the same units are decided one after the other against the ledger.
     *
     * @throws ApiProblem 404 when the order does not exist; 409 naming the line when the ledger has too few units; 400
     *     naming the field for a line the order does not have
     */
    @Transactional
    public ReturnStepRecorded recordReturnStep(OrderId id, OrderAction action) {
        if (!(action instanceof OrderAction.RequestReturn
                || action instanceof OrderAction.RecordReturnStep
                || action instanceof OrderAction.WithdrawReturn
                || action instanceof OrderAction.ReceiveReturn
                || action instanceof OrderAction.Refund)) {
            throw new IllegalArgumentException("not a return step: " + action.name());
        }
        Orders.LoadedOrder loaded = orders.lock(id).orElseThrow(() -> notFound(id));
        Order before = loaded.order();
        long sequence = loaded.eventSequence() + 1;
        ActionOutcome.Applied applied =
                accepted(before.apply(action, flows, new OrderAction.Context(actor(), now(), sequence)));
        orders.save(before, applied.order(), sequence);
        orders.insertChanges(List.of(recorded(id, sequence, applied.change())));
        OrderEvent event = applied.event();
        if (event != null) {
            events.publishEvent(event);
        }
        AuditLog.Change entry = auditEntry(id, action, applied.change());
        audit.record(entry.action(), entry.targetType(), entry.targetId(), entry.details());
        return new ReturnStepRecorded(applied.order(), sequence);
    }

    /** A return step recorded on an order: the order after it and the event sequence number the step took. */
    public record ReturnStepRecorded(Order order, long sequence) {}

    /**
     * Whether the order would accept the action now: its flow allows it from the order's current state with every
     * guard holding, and the line ledger has the units. Modules that decide before acting (a channel cancelling or
     * amending what it sent, merge groups) ask here instead of reading the status themselves. Changes nothing.
     */
    public boolean allows(Order order, OrderAction action) {
        return order.apply(action, flows, new OrderAction.Context(actor(), now(), 0)) instanceof ActionOutcome.Applied;
    }

    /** Marks the payment captured and releases the payment hold. */
    @Transactional
    public Order pay(OrderId id, @Nullable String method, @Nullable BigDecimal amount) {
        return apply(id, new OrderAction.Pay(method, amount));
    }

    @Transactional
    public Order hold(OrderId id, String type, String reason) {
        return apply(id, new OrderAction.Hold(type, reason));
    }

    /** Releases the hold of the given type, or every hold when {@code type} is null. */
    @Transactional
    public Order release(OrderId id, @Nullable String type) {
        return apply(id, new OrderAction.Release(type));
    }

    /** Cancels every unit that has not shipped. */
    @Transactional
    public Order cancel(OrderId id, @Nullable String reason) {
        return apply(id, new OrderAction.Cancel(reason));
    }

    /** Ships the given quantities, or everything still open when {@code quantities} is empty. */
    @Transactional
    public Order ship(
            OrderId id, List<LineQuantity> quantities, @Nullable String carrier, @Nullable String trackingNumber) {
        return apply(id, new OrderAction.Ship(quantities, carrier, trackingNumber));
    }

    /** Records delivery of the given quantities, or of everything in transit when {@code quantities} is empty. */
    @Transactional
    public Order deliver(OrderId id, List<LineQuantity> quantities) {
        return apply(id, new OrderAction.Deliver(quantities));
    }

    /**
     * Changes the details a channel may still change (customer, addresses, notes, tags, attributes) while no unit has
     * shipped and the order is not cancelled. Not a flow transition: the status stays. A change that changes nothing
     * returns the order as it is and publishes nothing.
     *
     * @throws ApiProblem 409 when units have shipped or the order is cancelled
     */
    @Transactional
    public Order amend(OrderId id, OrderAmendment amendment) {
        return apply(id, new OrderAction.Amend(amendment));
    }

    /**
     * Records how many units of each named line are allocated (reserved at a location) by sourcing, as absolute
     * figures, with the allocation's promise dates (null: none, as when the allocation is released); lines not named
     * keep theirs. Not a flow action: the status does not change and no order event is published. Returns the event
     * sequence number it took for the caller's own event (order.allocated, …).
     *
     * @throws ApiProblem 409 when a line would have more units allocated than are still open
     */
    @Transactional
    public long recordAllocation(OrderId id, OrderAction.Allocate allocation) {
        Orders.LoadedOrder loaded = orders.lock(id).orElseThrow(() -> notFound(id));
        Order before = loaded.order();
        long sequence = loaded.eventSequence() + 1;
        ActionOutcome.Applied applied =
                accepted(before.apply(allocation, flows, new OrderAction.Context(actor(), now(), sequence)));
        orders.save(before, applied.order(), sequence);
        orders.insertChanges(List.of(recorded(id, sequence, applied.change())));
        AuditLog.Change entry = allocationEntry(id, allocation.lines());
        audit.record(entry.action(), entry.targetType(), entry.targetId(), entry.details());
        return sequence;
    }

    /** Records allocated units without promise dates; see {@link #recordAllocation(OrderId, OrderAction.Allocate)}. */
    @Transactional
    public long recordAllocation(OrderId id, List<LineQuantity> allocated) {
        return recordAllocation(id, new OrderAction.Allocate(allocated, null, null));
    }

    /** The units and promise dates sourcing allocated to an order placed in the current transaction. */
    public record Allocation(
            Order placed,
            List<LineQuantity> lines,
            @Nullable Instant shipBy,
            @Nullable LocalDate deliverBy) {

        public Allocation(Order placed, List<LineQuantity> lines) {
            this(placed, lines, null, null);
        }
    }

    /**
     * Records the allocations of orders placed in the current transaction and not changed since (their only event is
     * {@code order.placed}), set-based: the batch counterpart of {@link #recordAllocation} for the group commit. Each
     * order's event sequence becomes 2, the number the caller gives its allocation event.
     *
     * @throws IllegalStateException when an order was changed after it was placed (its event sequence is not 1)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Order> recordAllocations(List<Allocation> allocations) {
        OrderAction.Context context = new OrderAction.Context(actor(), now(), 2);
        List<Order> after = new ArrayList<>(allocations.size());
        List<AuditLog.Change> entries = new ArrayList<>(allocations.size());
        List<Orders.RecordedChange> changes = new ArrayList<>(allocations.size());
        for (Allocation allocation : allocations) {
            OrderAction.Allocate allocate =
                    new OrderAction.Allocate(allocation.lines(), allocation.shipBy(), allocation.deliverBy());
            ActionOutcome.Applied applied = accepted(allocation.placed().apply(allocate, flows, context));
            after.add(applied.order());
            changes.add(recorded(allocation.placed().id(), 2, applied.change()));
            entries.add(allocationEntry(allocation.placed().id(), allocation.lines()));
        }
        orders.recordAllocations(after, 1, 2);
        orders.insertChanges(changes);
        audit.recordAll(entries);
        return after;
    }

    /** The units and promise dates sourcing allocated to an order that exists already (batch allocation). */
    public record ExistingAllocation(OrderId orderId, OrderAction.Allocate allocation) {}

    /**
     * Records the allocations of existing orders set-based: the batch counterpart of {@link #recordAllocation} for
     * batch allocation. The orders are locked with one statement (in id order), each takes the next number of its own
     * event sequence, and headers, lines, changes and audit entries are written in batches. Answers the sequence
     * number each order took, for the caller's own event, in the order of the allocations.
     *
     * @throws ApiProblem 404 when an order does not exist; 409 when a line would have more units allocated than open
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public long[] recordAllocationsOf(List<ExistingAllocation> allocations) {
        List<OrderId> ids =
                allocations.stream().map(ExistingAllocation::orderId).toList();
        Map<OrderId, Long> sequences = orders.lockSequences(ids);
        Map<OrderId, Order> current = new HashMap<>();
        orders.findAll(ids).forEach(order -> current.put(order.id(), order));
        List<Order> before = new ArrayList<>(allocations.size());
        List<Order> after = new ArrayList<>(allocations.size());
        long[] expected = new long[allocations.size()];
        long[] taken = new long[allocations.size()];
        List<Orders.RecordedChange> changes = new ArrayList<>(allocations.size());
        List<AuditLog.Change> entries = new ArrayList<>(allocations.size());
        for (int i = 0; i < allocations.size(); i++) {
            ExistingAllocation allocation = allocations.get(i);
            Order order = current.get(allocation.orderId());
            Long sequence = sequences.get(allocation.orderId());
            if (order == null || sequence == null) {
                throw notFound(allocation.orderId());
            }
            expected[i] = sequence;
            taken[i] = sequence + 1;
            ActionOutcome.Applied applied = accepted(
                    order.apply(allocation.allocation(), flows, new OrderAction.Context(actor(), now(), taken[i])));
            before.add(order);
            after.add(applied.order());
            changes.add(recorded(order.id(), taken[i], applied.change()));
            entries.add(allocationEntry(order.id(), allocation.allocation().lines()));
        }
        orders.recordAllocationsOf(before, after, expected);
        orders.insertChanges(changes);
        audit.recordAll(entries);
        return taken;
    }

    /**
     * Which of these orders, placed in the current transaction, were changed since (held, cancelled: their event
     * sequence is past 1), in one query: a listener of {@link OrdersPlaced} running after another that acted on some
     * of them treats those as they are now, not as the event's snapshot.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public java.util.Set<OrderId> changedSincePlaced(List<OrderId> ids) {
        return orders.changedSince(ids, 1);
    }

    @Transactional(readOnly = true)
    public Order get(OrderId id) {
        return orders.find(id).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    public Optional<Order> find(OrderId id) {
        return orders.find(id);
    }

    /**
     * The id of the order a channel sent with this external id, for systems that know the order only by the channel's
     * id (a warehouse or payment system reporting on it); empty when there is none.
     */
    @Transactional(readOnly = true)
    public Optional<OrderId> findIdByExternalId(String channel, String externalId) {
        return orders.findIdByExternalId(channel, externalId);
    }

    /** The orders with the given ids as stored now, in one query; ids that do not exist are left out. */
    @Transactional(readOnly = true)
    public List<Order> findAll(List<OrderId> ids) {
        return orders.findAll(ids);
    }

    /** One page of orders, newest first; fetches one more than asked to know whether another page follows. */
    @Transactional(readOnly = true)
    public OrderPage list(OrderQuery query) {
        List<OrderSummary> rows = orders.list(new OrderQuery(
                query.status(),
                query.channel(),
                query.customer(),
                query.placedFrom(),
                query.placedTo(),
                query.tag(),
                query.text(),
                query.after(),
                query.limit() + 1));
        if (rows.size() <= query.limit()) {
            return new OrderPage(rows, null);
        }
        List<OrderSummary> page = rows.subList(0, query.limit());
        OrderSummary last = page.getLast();
        return new OrderPage(List.copyOf(page), new OrderQuery.Position(last.placedAt(), last.id()));
    }

    /**
     * Every change to the order, oldest first, with actor, time and request: built from the order's recorded changes
     * ({@link OrderChange}), or from the audit log for an order placed before changes were recorded.
     */
    @Transactional(readOnly = true)
    public List<AuditEntry> timeline(OrderId id) {
        if (orders.find(id).isEmpty()) {
            throw notFound(id);
        }
        List<Orders.RecordedChange> changes = orders.changes(id);
        if (changes.isEmpty() || changes.getFirst().sequence() != 1) {
            return audit.entriesFor(TARGET, id.toString());
        }
        return changes.stream()
                .map(recorded -> new AuditEntry(
                        recorded.change().at(),
                        recorded.change().actor(),
                        timelineAction(recorded.change().action()),
                        TARGET,
                        id.toString(),
                        recorded.requestId(),
                        recorded.change().details()))
                .toList();
    }

    /** The name a change has in the timeline, as in the audit log: {@code order.paid}, {@code order.shipped}, … */
    private static String timelineAction(String action) {
        return switch (action) {
            case "place" -> "order.placed";
            case "pay" -> "order.paid";
            case "hold" -> "order.held";
            case "release" -> "order.released";
            case "cancel" -> "order.cancelled";
            case "ship" -> "order.shipped";
            case "deliver" -> "order.delivered";
            case "amend" -> "order.updated";
            case "allocate" -> "order.allocation-recorded";
            case "request_return" -> "order.return-requested";
            case "withdraw_return" -> "order.return-withdrawn";
            case "receive_return" -> "order.return-received";
            case "refund" -> "order.refunded";
            default -> action.startsWith("return_") ? "order.return-" + action.substring(7) : "order." + action;
        };
    }

    private static Orders.RecordedChange recorded(OrderId id, long sequence, OrderChange change) {
        return new Orders.RecordedChange(
                id, sequence, change, RequestContext.require().requestId());
    }

    /** The status that follows from the ledger and the payment; see {@link Order#statusOf}. */
    static OrderStatus deriveStatus(List<OrderLine> lines, @Nullable Payment payment) {
        return Order.statusOf(lines, payment);
    }

    private static ActionOutcome.Applied accepted(ActionOutcome outcome) {
        return switch (outcome) {
            case ActionOutcome.Applied applied -> applied;
            case ActionOutcome.Refused refused -> throw problem(refused);
        };
    }

    /** The problem detail a refusal is answered with: 400 naming the field when malformed, 409 otherwise. */
    static ApiProblem problem(ActionOutcome.Refused refused) {
        String field = refused.field();
        return field != null
                ? ApiProblem.invalid(field, refused.reason())
                : ApiProblem.conflict(refused.problem(), refused.reason());
    }

    private static AuditLog.Change auditEntry(OrderId id, OrderAction action, OrderChange change) {
        return new AuditLog.Change(timelineAction(action.name()), TARGET, id.toString(), change.details());
    }

    private static AuditLog.Change allocationEntry(OrderId id, List<LineQuantity> allocated) {
        return new AuditLog.Change(
                "order.allocation-recorded",
                TARGET,
                id.toString(),
                Map.of(
                        "lines",
                        allocated.stream()
                                .map(line -> Map.of(
                                        "lineNo",
                                        String.valueOf(line.lineNo()),
                                        "sku",
                                        String.valueOf(line.sku()),
                                        "allocated",
                                        line.quantity()))
                                .toList()));
    }

    private Instant now() {
        return clock.instant();
    }

    private static String actor() {
        return RequestContext.require().actor();
    }

    private static ApiProblem notFound(OrderId id) {
        return ApiProblem.notFound("order " + id + " does not exist");
    }
}

package dev.fulcrum.order;

import dev.fulcrum.access.AuditEntry;
import dev.fulcrum.access.AuditLog;
import dev.fulcrum.order.OrderEvent.LineMovement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Places orders and changes them. Each change locks the order, asks its flow whether the change is allowed, updates
 * the line ledger, holds and status, and in the same transaction publishes an {@link OrderEvent} and writes the
 * audit log. A refused change leaves the order untouched and says why (409).
 */
@Service
public class OrderManagement {

    private static final String TARGET = "order";

    private final Orders orders;
    private final Flows flows;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    OrderManagement(Orders orders, Flows flows, AuditLog audit, ApplicationEventPublisher events, Clock clock) {
        this.orders = orders;
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
        orders.findIdByExternalId(request.channel(), request.externalId()).ifPresent(existing -> {
            throw ApiProblem.conflict(
                    "duplicate-order",
                    "channel " + request.channel() + " already sent order " + request.externalId() + ": it is order "
                            + existing);
        });
        Order order = newOrder(request, clock.instant(), flows.activeStandardFlow());
        orders.insert(order, 1);
        published(order);
        return order;
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
        List<Placement> placements =
                placeEach(requests, requests.stream().map(request -> context).toList());
        placements.stream()
                .filter(placement -> placement.problem() != null)
                .findFirst()
                .ifPresent(refused -> {
                    throw refused.problem();
                });
        return placements.stream().map(Placement::order).toList();
    }

    /** What became of one order of {@link #placeEach}: placed, or refused with the reason. */
    public record Placement(@Nullable Order order, @Nullable ApiProblem problem) {

        public boolean placed() {
            return order != null;
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
        if (requests.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> placedBefore = new java.util.HashSet<>();
        orders.findExisting(requests).forEach(existing -> placedBefore.add(identity(existing)));
        java.util.Set<String> seen = new java.util.HashSet<>();
        Instant now = clock.instant();
        FlowRef flow = flows.activeStandardFlow();
        List<Placement> placements = new ArrayList<>(requests.size());
        List<Order> placed = new ArrayList<>(requests.size());
        List<RequestContext> placedContexts = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            NewOrder request = requests.get(i);
            String identity = identity(request);
            if (placedBefore.contains(identity)) {
                placements.add(new Placement(
                        null,
                        ApiProblem.conflict(
                                "duplicate-order",
                                "channel " + request.channel() + " already sent order " + request.externalId())));
            } else if (!seen.add(identity)) {
                placements.add(new Placement(
                        null,
                        ApiProblem.conflict(
                                "duplicate-order",
                                "order " + request.externalId() + " of channel " + request.channel()
                                        + " appears twice in the batch")));
            } else {
                Order order = newOrder(request, now, flow);
                placements.add(new Placement(order, null));
                placed.add(order);
                placedContexts.add(contexts.get(i));
            }
        }
        if (!placed.isEmpty()) {
            orders.insertAll(placed);
            events.publishEvent(new OrdersPlaced(placed.stream()
                    .map(order -> new OrderEvent.OrderPlaced(order, 1, order.createdAt()))
                    .toList()));
            audit.recordAll(placed.stream().map(OrderManagement::placedEntry).toList(), placedContexts);
        }
        return placements;
    }

    private static String identity(NewOrder request) {
        return request.channel() + "\u0000" + request.externalId();
    }

    private Order newOrder(NewOrder request, Instant now, FlowRef flow) {
        List<OrderLine> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (NewOrderLine line : request.lines()) {
            BigDecimal lineTotal = OrderLine.totalOf(line.quantity(), line.unitPrice(), line.discount(), line.tax());
            lines.add(new OrderLine(
                    lines.size() + 1,
                    line.sku(),
                    line.quantity(),
                    line.unitPrice(),
                    line.discount(),
                    line.tax(),
                    lineTotal,
                    LineQuantities.of(line.quantity()),
                    line.weightGrams()));
            total = total.add(lineTotal);
        }
        boolean paid = request.payment() != null && request.payment().isCaptured();
        List<Hold> holds = paid ? List.of() : List.of(new Hold("payment", "awaiting payment", actor(), now));
        return new Order(
                OrderId.newId(),
                request.channel(),
                request.externalId(),
                request.currency(),
                request.customer(),
                request.shippingAddress(),
                request.billingAddress(),
                lines,
                request.payment(),
                request.notes(),
                request.tags(),
                request.attributes(),
                request.placedAt() == null ? now : request.placedAt(),
                deriveStatus(lines, request.payment()),
                holds,
                flow,
                total,
                now,
                now);
    }

    private void published(Order order) {
        events.publishEvent(new OrderEvent.OrderPlaced(order, 1, order.createdAt()));
        AuditLog.Change entry = placedEntry(order);
        audit.record(entry.action(), entry.targetType(), entry.targetId(), entry.details());
    }

    private static AuditLog.Change placedEntry(Order order) {
        return new AuditLog.Change(
                "order.placed",
                TARGET,
                order.id().toString(),
                Map.of(
                        "channel",
                        order.channel(),
                        "externalId",
                        order.externalId(),
                        "total",
                        order.total().toPlainString() + " " + order.currency(),
                        "status",
                        order.status().wireName()));
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
        Orders.LoadedOrder loaded = orders.lock(id).orElseThrow(() -> notFound(id));
        Order before = loaded.order();
        if (before.status() == OrderStatus.CANCELLED || before.totalQuantity(LineQuantities::shipped) > 0) {
            throw ApiProblem.conflict(
                    "transition-not-allowed",
                    "cannot amend an order that is "
                            + before.status().wireName().replace('_', ' '));
        }
        List<String> changed = new ArrayList<>();
        Customer customer = pick(amendment.customer(), before.customer(), "customer", changed);
        Address shipping = pick(amendment.shippingAddress(), before.shippingAddress(), "shippingAddress", changed);
        Address billing = pick(amendment.billingAddress(), before.billingAddress(), "billingAddress", changed);
        String notes = pick(amendment.notes(), before.notes(), "notes", changed);
        List<String> tags =
                pick(amendment.tags() == null ? null : List.copyOf(amendment.tags()), before.tags(), "tags", changed);
        Map<String, Object> attributes = pick(
                amendment.attributes() == null
                        ? null
                        : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(amendment.attributes())),
                before.attributes(),
                "attributes",
                changed);
        if (changed.isEmpty()) {
            return before;
        }
        Order after = new Order(
                before.id(),
                before.channel(),
                before.externalId(),
                before.currency(),
                customer,
                shipping,
                billing,
                before.lines(),
                before.payment(),
                notes,
                tags,
                attributes,
                before.placedAt(),
                before.status(),
                before.holds(),
                before.flow(),
                before.total(),
                before.createdAt(),
                now());
        long sequence = loaded.eventSequence() + 1;
        orders.amend(after, sequence);
        events.publishEvent(new OrderEvent.OrderUpdated(after, List.copyOf(changed), sequence, now()));
        audit.record("order.updated", TARGET, id.toString(), Map.of("changed", changed));
        return after;
    }

    private static <T> T pick(@Nullable T proposed, T current, String field, List<String> changed) {
        if (proposed == null || proposed.equals(current)) {
            return current;
        }
        changed.add(field);
        return proposed;
    }

    @Transactional(readOnly = true)
    public Order get(OrderId id) {
        return orders.find(id).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    public java.util.Optional<Order> find(OrderId id) {
        return orders.find(id);
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

    /** Marks the payment captured and releases the payment hold. */
    @Transactional
    public Order pay(OrderId id, @Nullable String method, @Nullable BigDecimal amount) {
        return change(id, "pay", order -> {
            Payment previous = order.payment();
            Payment payment = new Payment(
                    "captured",
                    method != null ? method : previous != null ? previous.method() : null,
                    amount != null ? amount : order.total());
            List<Hold> holds = order.holds().stream()
                    .filter(hold -> !hold.type().equals("payment"))
                    .toList();
            return new Change(
                    with(order, order.lines(), payment, holds),
                    (changed, seq) -> new OrderEvent.OrderPaid(changed, seq, now()),
                    details(
                            "method",
                            payment.method(),
                            "amount",
                            payment.amount() == null ? null : payment.amount().toPlainString()));
        });
    }

    @Transactional
    public Order hold(OrderId id, String type, String reason) {
        if (!Hold.TYPES.contains(type)) {
            throw ApiProblem.invalid(
                    "type", "must be one of " + Hold.TYPES.stream().sorted().toList());
        }
        return change(id, "hold", order -> {
            if (order.holds().stream().anyMatch(hold -> hold.type().equals(type))) {
                throw ApiProblem.conflict("already-held", "the order already has a " + type + " hold");
            }
            Hold hold = new Hold(type, reason, actor(), now());
            List<Hold> holds = new ArrayList<>(order.holds());
            holds.add(hold);
            return new Change(
                    with(order, order.lines(), order.payment(), holds),
                    (changed, seq) -> new OrderEvent.OrderHeld(changed, hold, seq, now()),
                    details("type", type, "reason", reason));
        });
    }

    /** Releases the hold of the given type, or every hold when {@code type} is null. */
    @Transactional
    public Order release(OrderId id, @Nullable String type) {
        return change(id, "release", order -> {
            List<Hold> released = order.holds().stream()
                    .filter(hold -> type == null || hold.type().equals(type))
                    .toList();
            if (released.isEmpty()) {
                throw ApiProblem.conflict(
                        "not-held", type == null ? "the order has no holds" : "the order has no " + type + " hold");
            }
            List<Hold> holds = order.holds().stream()
                    .filter(hold -> !released.contains(hold))
                    .toList();
            String releasedTypes =
                    String.join(",", released.stream().map(Hold::type).toList());
            return new Change(
                    with(order, order.lines(), order.payment(), holds),
                    (changed, seq) -> new OrderEvent.OrderReleased(changed, releasedTypes, seq, now()),
                    details("type", releasedTypes));
        });
    }

    /** Cancels every unit that has not shipped. */
    @Transactional
    public Order cancel(OrderId id, @Nullable String reason) {
        return change(id, "cancel", order -> {
            List<OrderLine> lines = order.lines().stream()
                    .map(line -> line.withQuantities(line.quantities().cancelOpen()))
                    .toList();
            return new Change(
                    with(order, lines, order.payment(), List.of()),
                    (changed, seq) -> new OrderEvent.OrderCancelled(changed, reason, seq, now()),
                    details("reason", reason));
        });
    }

    /** Ships the given quantities, or everything still open when {@code quantities} is empty. */
    @Transactional
    public Order ship(
            OrderId id, List<LineQuantity> quantities, @Nullable String carrier, @Nullable String trackingNumber) {
        return change(id, "ship", order -> {
            List<LineMovement> moved = resolve(order, quantities, LineQuantities::open, "ship", "still open");
            List<OrderLine> lines = applyMovements(order, moved, (ledger, units) -> ledger.ship(units));
            return new Change(
                    with(order, lines, order.payment(), order.holds()),
                    (changed, seq) -> new OrderEvent.OrderShipped(changed, moved, carrier, trackingNumber, seq, now()),
                    details("lines", movementDetails(moved), "carrier", carrier, "trackingNumber", trackingNumber));
        });
    }

    /** Records delivery of the given quantities, or of everything in transit when {@code quantities} is empty. */
    @Transactional
    public Order deliver(OrderId id, List<LineQuantity> quantities) {
        return change(id, "deliver", order -> {
            List<LineMovement> moved = resolve(order, quantities, LineQuantities::inTransit, "deliver", "in transit");
            List<OrderLine> lines = applyMovements(order, moved, (ledger, units) -> ledger.deliver(units));
            return new Change(
                    with(order, lines, order.payment(), order.holds()),
                    (changed, seq) -> new OrderEvent.OrderDelivered(changed, moved, seq, now()),
                    details("lines", movementDetails(moved)));
        });
    }

    /**
     * Records how many units of each named line are allocated (reserved at a location) by sourcing, as absolute
     * figures; lines not named keep theirs. Not a flow action: the status does not change and no order event is
     * published. Returns the event sequence number it took for the caller's own event (order.allocated, …).
     *
     * @throws ApiProblem 409 when a line would have more units allocated than are still open
     */
    @Transactional
    public long recordAllocation(OrderId id, List<LineQuantity> allocated) {
        Orders.LoadedOrder loaded = orders.lock(id).orElseThrow(() -> notFound(id));
        Order before = loaded.order();
        Order after = withAllocation(before, allocated, now());
        long sequence = loaded.eventSequence() + 1;
        orders.update(before, after, sequence);
        AuditLog.Change entry = allocationEntry(id, allocated);
        audit.record(entry.action(), entry.targetType(), entry.targetId(), entry.details());
        return sequence;
    }

    /** The order with the given units allocated to its lines; refuses more than a line has open. */
    private Order withAllocation(Order before, List<LineQuantity> allocated, Instant now) {
        List<OrderLine> lines = new ArrayList<>(before.lines());
        for (int i = 0; i < allocated.size(); i++) {
            LineQuantity request = allocated.get(i);
            OrderLine line = request.lineNo() != null && request.lineNo() >= 1 && request.lineNo() <= lines.size()
                    ? lines.get(request.lineNo() - 1)
                    : findLine(before, new LineQuantity(request.lineNo(), request.sku(), 1), i);
            if (request.quantity() < 0 || request.quantity() > line.quantities().open()) {
                throw ApiProblem.conflict(
                        "quantity-exceeded",
                        "cannot allocate " + request.quantity() + " of line " + line.lineNo() + ": "
                                + line.quantities().open() + " are open");
            }
            lines.set(line.lineNo() - 1, line.withQuantities(line.quantities().allocate(request.quantity())));
        }
        return new Order(
                before.id(),
                before.channel(),
                before.externalId(),
                before.currency(),
                before.customer(),
                before.shippingAddress(),
                before.billingAddress(),
                lines,
                before.payment(),
                before.notes(),
                before.tags(),
                before.attributes(),
                before.placedAt(),
                before.status(),
                before.holds(),
                before.flow(),
                before.total(),
                before.createdAt(),
                now);
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

    /** The units sourcing allocated to the lines of an order placed in the current transaction. */
    public record Allocation(Order placed, List<LineQuantity> lines) {}

    /**
     * Records the allocations of orders placed in the current transaction and not changed since (their only event is
     * {@code order.placed}), set-based: the batch counterpart of {@link #recordAllocation} for the group commit. Each
     * order's event sequence becomes 2, the number the caller gives its allocation event.
     *
     * @throws IllegalStateException when an order was changed after it was placed (its event sequence is not 1)
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public List<Order> recordAllocations(List<Allocation> allocations) {
        Instant now = now();
        List<Order> after = new ArrayList<>(allocations.size());
        List<AuditLog.Change> entries = new ArrayList<>(allocations.size());
        for (Allocation allocation : allocations) {
            after.add(withAllocation(allocation.placed(), allocation.lines(), now));
            entries.add(allocationEntry(allocation.placed().id(), allocation.lines()));
        }
        orders.recordAllocations(after, 1, 2);
        audit.recordAll(entries);
        return after;
    }

    /** Every change to the order, oldest first, with actor and time. */
    @Transactional(readOnly = true)
    public List<AuditEntry> timeline(OrderId id) {
        orders.find(id).orElseThrow(() -> notFound(id));
        return audit.entriesFor(TARGET, id.toString());
    }

    private Order change(OrderId id, String action, java.util.function.Function<Order, Change> apply) {
        Orders.LoadedOrder loaded = orders.lock(id).orElseThrow(() -> notFound(id));
        Order before = loaded.order();
        FlowDefinition.Transition transition = flows.authorize(before, action);
        Change change = apply.apply(before);
        Order after = applyFlowActions(transition, change.order());
        long sequence = loaded.eventSequence() + 1;
        orders.update(before, after, sequence);
        events.publishEvent(change.event().apply(after, sequence));
        Map<String, Object> details = new LinkedHashMap<>(change.details());
        details.put("status", after.status().wireName());
        audit.record("order." + pastTense(action), TARGET, id.toString(), details);
        return after;
    }

    private Order applyFlowActions(FlowDefinition.Transition transition, Order order) {
        List<String> tags = new ArrayList<>(order.tags());
        for (FlowDefinition.FlowAction action : transition.actionsOrEmpty()) {
            if ("addTag".equals(action.type()) && !tags.contains(action.value())) {
                tags.add(action.value());
            }
        }
        if (tags.equals(order.tags())) {
            return order;
        }
        return new Order(
                order.id(),
                order.channel(),
                order.externalId(),
                order.currency(),
                order.customer(),
                order.shippingAddress(),
                order.billingAddress(),
                order.lines(),
                order.payment(),
                order.notes(),
                tags,
                order.attributes(),
                order.placedAt(),
                order.status(),
                order.holds(),
                order.flow(),
                order.total(),
                order.createdAt(),
                order.updatedAt());
    }

    private Order with(Order order, List<OrderLine> lines, @Nullable Payment payment, List<Hold> holds) {
        return new Order(
                order.id(),
                order.channel(),
                order.externalId(),
                order.currency(),
                order.customer(),
                order.shippingAddress(),
                order.billingAddress(),
                lines,
                payment,
                order.notes(),
                order.tags(),
                order.attributes(),
                order.placedAt(),
                deriveStatus(lines, payment),
                holds,
                order.flow(),
                order.total(),
                order.createdAt(),
                now());
    }

    /** The status follows from the ledger and the payment; holds sit beside it. */
    static OrderStatus deriveStatus(List<OrderLine> lines, @Nullable Payment payment) {
        int ordered = 0;
        int cancelled = 0;
        int shipped = 0;
        int delivered = 0;
        for (OrderLine line : lines) {
            LineQuantities q = line.quantities();
            ordered += q.ordered();
            cancelled += q.cancelled();
            shipped += q.shipped();
            delivered += q.delivered();
        }
        int live = ordered - cancelled;
        if (live == 0) {
            return OrderStatus.CANCELLED;
        }
        if (delivered == live) {
            return OrderStatus.COMPLETED;
        }
        if (shipped == live) {
            return OrderStatus.SHIPPED;
        }
        if (shipped > 0) {
            return OrderStatus.PARTIALLY_SHIPPED;
        }
        return payment != null && payment.isCaptured() ? OrderStatus.PAID : OrderStatus.PENDING_PAYMENT;
    }

    private static List<LineMovement> resolve(
            Order order,
            List<LineQuantity> requested,
            java.util.function.ToIntFunction<LineQuantities> available,
            String verb,
            String stage) {
        List<LineMovement> moved = new ArrayList<>();
        if (requested.isEmpty()) {
            for (OrderLine line : order.lines()) {
                int units = available.applyAsInt(line.quantities());
                if (units > 0) {
                    moved.add(new LineMovement(line.lineNo(), line.sku(), units));
                }
            }
            if (moved.isEmpty()) {
                throw ApiProblem.conflict("nothing-to-" + verb, "no units are " + stage);
            }
            return moved;
        }
        Map<Integer, Integer> perLine = new LinkedHashMap<>();
        for (int i = 0; i < requested.size(); i++) {
            LineQuantity request = requested.get(i);
            OrderLine line = findLine(order, request, i);
            perLine.merge(line.lineNo(), request.quantity(), Integer::sum);
        }
        for (Map.Entry<Integer, Integer> entry : perLine.entrySet()) {
            OrderLine line = order.lines().get(entry.getKey() - 1);
            int units = available.applyAsInt(line.quantities());
            if (entry.getValue() > units) {
                throw ApiProblem.conflict(
                        "quantity-exceeded",
                        "cannot " + verb + " " + entry.getValue() + " of line " + line.lineNo() + " (" + line.sku()
                                + "): only " + units + " " + (units == 1 ? "is " : "are ") + stage);
            }
            moved.add(new LineMovement(line.lineNo(), line.sku(), entry.getValue()));
        }
        return moved;
    }

    private static OrderLine findLine(Order order, LineQuantity request, int index) {
        String field = "lines[" + index + "]";
        if (request.quantity() <= 0) {
            throw ApiProblem.invalid(field + ".quantity", "must be greater than zero");
        }
        if (request.lineNo() != null) {
            if (request.lineNo() < 1 || request.lineNo() > order.lines().size()) {
                throw ApiProblem.invalid(field + ".lineNo", "the order has no line " + request.lineNo());
            }
            return order.lines().get(request.lineNo() - 1);
        }
        if (request.sku() == null) {
            throw ApiProblem.invalid(field, "name the line by lineNo or sku");
        }
        List<OrderLine> matching = order.lines().stream()
                .filter(line -> line.sku().equals(request.sku()))
                .toList();
        if (matching.size() != 1) {
            throw ApiProblem.invalid(
                    field + ".sku",
                    matching.isEmpty()
                            ? "the order has no line for this SKU"
                            : "several lines have this SKU: name the line by lineNo");
        }
        return matching.getFirst();
    }

    private static List<OrderLine> applyMovements(
            Order order,
            List<LineMovement> moved,
            java.util.function.BiFunction<LineQuantities, Integer, LineQuantities> step) {
        List<OrderLine> lines = new ArrayList<>(order.lines());
        for (LineMovement movement : moved) {
            OrderLine line = lines.get(movement.lineNo() - 1);
            lines.set(movement.lineNo() - 1, line.withQuantities(step.apply(line.quantities(), movement.quantity())));
        }
        return lines;
    }

    private static List<Map<String, Object>> movementDetails(List<LineMovement> moved) {
        return moved.stream()
                .map(m -> Map.<String, Object>of("lineNo", m.lineNo(), "sku", m.sku(), "quantity", m.quantity()))
                .toList();
    }

    private static Map<String, Object> details(Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                details.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return details;
    }

    private static String pastTense(String action) {
        return switch (action) {
            case "pay" -> "paid";
            case "hold" -> "held";
            case "ship" -> "shipped";
            case "release" -> "released";
            case "cancel" -> "cancelled";
            case "deliver" -> "delivered";
            case "amend" -> "updated";
            default -> action;
        };
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

    /** A change to apply: the order after it, its event (given its sequence number) and what the audit log says. */
    private record Change(
            Order order, java.util.function.BiFunction<Order, Long, OrderEvent> event, Map<String, Object> details) {}
}

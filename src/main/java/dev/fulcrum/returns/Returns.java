package dev.fulcrum.returns;

import dev.fulcrum.access.AuditEntry;
import dev.fulcrum.catalog.Catalog;
import dev.fulcrum.catalog.Item;
import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.order.Flows;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.NewOrderLine;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderAction;
import dev.fulcrum.order.OrderLine;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.Payment;
import dev.fulcrum.order.RefundableAmounts;
import dev.fulcrum.returns.internal.PolicyEvaluation;
import dev.fulcrum.returns.internal.PolicyStore;
import dev.fulcrum.returns.internal.RefundFlow;
import dev.fulcrum.returns.internal.ReturnStore;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.sourcing.CarrierRateCards;
import dev.fulcrum.sourcing.Distances;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The returns module's API: request a return of delivered units, read and list returns, and move them on (approve,
 * reject, receive, pickup scan, refund, close); read and replace the tenant's return policy.
 *
 * <p>Each step is also recorded on the order as a typed action ({@link OrderManagement#recordReturnStep}), so the
 * order's ledger says how many units are asked back and returned, and the order's row lock decides concurrent
 * requests for the same units one after the other. The refund runs beside the logistics: it is due at once (keep
 * it), at the carrier's pickup scan (customers the policy trusts) or after the inspection at receipt, and is paid as
 * soon as it is due when the policy says {@code autoRefund}.
 */
@Service
public class Returns {

    private final ReturnStore store;
    private final PolicyStore policies;
    private final OrderManagement orders;
    private final Catalog catalog;
    private final InventoryLedger inventory;
    private final Locations locations;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RefundFlow refundFlow;
    private final CarrierRateCards rateCards;

    Returns(
            ReturnStore store,
            PolicyStore policies,
            OrderManagement orders,
            Catalog catalog,
            InventoryLedger inventory,
            Locations locations,
            ApplicationEventPublisher events,
            Clock clock,
            JsonMapper json,
            CarrierRateCards rateCards) {
        this.store = store;
        this.policies = policies;
        this.orders = orders;
        this.catalog = catalog;
        this.inventory = inventory;
        this.locations = locations;
        this.events = events;
        this.clock = clock;
        this.refundFlow = RefundFlow.shipped(json);
        this.rateCards = rateCards;
    }

    /**
     * Requests a return: decided by the policy in force (approved, waiting for review with the reason, or rejected),
     * its units asked back on the order's ledger unless rejected.
     *
     * @throws ApiProblem 404 when the order does not exist; 400 naming the field for an unknown line or reason; 409
     *     naming the line when it has fewer units delivered and not yet returned or asked back
     */
    @Transactional
    public Return request(OrderId orderId, NewReturn request) {
        ReturnPolicy.Version policy = policies.current();
        Order order = orders.get(orderId);
        List<OrderLine> named = resolveLines(order, request, policy.policy());
        UUID id = Ids.timeOrdered();
        Instant now = clock.instant();
        Currency currency = Currency.getInstance(order.currency());
        List<Return> earlier = store.forOrder(orderId);
        Map<Integer, Integer> claimedRefunds = refundedByClaims(
                orderId, earlier.stream().map(r -> r.id().toString()).collect(Collectors.toSet()));
        List<Return.Line> lines = new ArrayList<>();
        List<Money> credits = new ArrayList<>();
        RefundableAmounts refundable = RefundableAmounts.of(order);
        Money value = Money.zero(currency);
        for (int i = 0; i < request.lines().size(); i++) {
            NewReturn.RequestedLine line = request.lines().get(i);
            OrderLine orderLine = named.get(i);
            int before = refundedBefore(earlier, orderLine.lineNo())
                    + claimedRefunds.getOrDefault(orderLine.lineNo(), 0)
                    + lines.stream()
                            .filter(l -> l.lineNo() == orderLine.lineNo())
                            .mapToInt(Return.Line::quantity)
                            .sum();
            int units = Math.min(line.quantity(), Math.max(0, orderLine.quantity() - before));
            BigDecimal refund = null;
            BigDecimal fee = BigDecimal.ZERO.setScale(Money.minorDigits(currency));
            Money credit = Money.zero(currency);
            if (units > 0) {
                RefundableAmounts.LineRefund computed = refundable.forReturn(
                        orderLine.lineNo(),
                        units,
                        before,
                        policy.policy().restockingFeePercent().getOrDefault(line.reason(), BigDecimal.ZERO));
                refund = computed.refund().amount();
                fee = computed.restockingFee().amount();
                value = value.plus(computed.refund());
                // an exchange credits what the units were paid: the item is replaced, not refunded, so no fee
                credit = computed.refund().plus(computed.restockingFee());
            }
            credits.add(credit);
            lines.add(new Return.Line(
                    orderLine.lineNo(), orderLine.sku(), line.quantity(), line.reason(), 0, 0, refund, fee));
        }
        String customerId = order.customer().id();
        Return.Exchange exchange =
                request.resolution().equals("exchange") ? exchange(request, lines, credits, currency) : null;
        PolicyEvaluation.Outcome outcome = PolicyEvaluation.decide(
                policy.policy(), variables(order, request, lines, value, customerId, id, policy.policy(), exchange));
        String decided = outcome.decision().outcome();
        String refundStatus = outcome.refundTiming().equals("none") ? "none" : "held";
        BigDecimal refundAmount = exchange == null
                ? value.amount()
                : exchange.difference().negate().max(BigDecimal.ZERO).setScale(Money.minorDigits(currency));
        String location = returnLocation(order, lines, policy.policy());
        Return.ReturnShipping shipping = returnShipping(
                order, request, lines, location, policy.policy(), refundStatus.equals("none") ? null : refundAmount);
        if (shipping != null) {
            refundAmount = refundAmount.subtract(shipping.deducted());
        }
        Return created = new Return(
                id,
                orderId,
                customerId,
                ReturnStatus.REQUESTED,
                request.resolution(),
                request.method(),
                request.note(),
                order.currency(),
                lines,
                new Return.Refund(
                        refundStatus, outcome.refundTiming(), refundStatus.equals("none") ? null : refundAmount, null),
                location,
                outcome.decision(),
                decided.equals("review") ? outcome.reason() : null,
                policy.version(),
                List.of(entry(now, "requested", details("decision", decided, "reason", outcome.reason()))),
                now,
                now,
                exchange,
                shipping,
                null);
        if (decided.equals("rejected")) {
            long requested = orders.recordReturnStep(
                            orderId, new OrderAction.RecordReturnStep(id.toString(), "requested", Map.of()))
                    .sequence();
            store.insert(created);
            events.publishEvent(new ReturnEvent.ReturnRequested(created, requested, now));
            String reason = outcome.reason() == null ? "rejected by policy" : outcome.reason();
            Return rejected = changed(
                    created,
                    ReturnStatus.REJECTED,
                    lines,
                    none(created),
                    null,
                    null,
                    "rejected",
                    details("reason", reason));
            long sequence = orders.recordReturnStep(
                            orderId,
                            new OrderAction.RecordReturnStep(id.toString(), "rejected", Map.of("reason", reason)))
                    .sequence();
            store.update(rejected);
            events.publishEvent(new ReturnEvent.ReturnRejected(rejected, reason, sequence, now));
            return rejected;
        }
        long requested = orders.recordReturnStep(
                        orderId,
                        new OrderAction.RequestReturn(
                                id.toString(),
                                lines.stream()
                                        .map(line -> new LineQuantity(line.lineNo(), null, line.quantity()))
                                        .toList()))
                .sequence();
        store.insert(created);
        events.publishEvent(new ReturnEvent.ReturnRequested(created, requested, now));
        if (decided.equals("approved")) {
            return approved(created, policy.policy(), "approved automatically inside policy");
        }
        return created;
    }

    /**
     * Where the units are to come back, by the policy's rule: {@code ship_from}, the location that shipped the first
     * line's units; {@code nearest_returns}, the active location with the {@code returns} capability nearest the
     * order's shipping address, by the distance sourcing ranks by. Each falls back to the other; null when neither
     * finds one (the receipt then names the location).
     */
    private @Nullable String returnLocation(Order order, List<Return.Line> lines, ReturnPolicy policy) {
        String shippedFrom = inventory
                .shippedFrom(order.id(), new Sku(lines.getFirst().sku()))
                .map(LocationId::value)
                .orElse(null);
        if (policy.returnLocation().equals("nearest_returns")) {
            String nearest = nearestReturnsLocation(order);
            return nearest == null ? shippedFrom : nearest;
        }
        return shippedFrom == null ? nearestReturnsLocation(order) : shippedFrom;
    }

    /**
     * What sending the units back costs, customer address to return location, quoted by sourcing from the carriers'
     * rate cards (the documented estimate where none covers the lane), for the weight of the units asked back; and
     * whether the customer pays it, for the return's reasons by the policy. What the customer pays is deducted from the
     * refund, never below zero. Null when nothing comes back (keep it) or no return location is known.
     */
    private Return.@Nullable ReturnShipping returnShipping(
            Order order,
            NewReturn request,
            List<Return.Line> lines,
            @Nullable String location,
            ReturnPolicy policy,
            @Nullable BigDecimal refund) {
        if (location == null || request.method().equals("none")) {
            return null;
        }
        Map<Sku, Item> items = catalog.findAll(
                lines.stream().map(Return.Line::sku).distinct().map(Sku::new).toList());
        double grams = 0;
        boolean cold = false;
        for (Return.Line line : lines) {
            Item item = items.getOrDefault(new Sku(line.sku()), Item.unknown(line.sku()));
            Double lineWeight = order.lines().get(line.lineNo() - 1).weightGrams();
            grams += line.quantity() * (lineWeight != null ? lineWeight : item.weightGrams());
            cold |= !item.temperature().equals("ambient");
        }
        Currency currency = Currency.getInstance(order.currency());
        dev.fulcrum.order.Address address = order.shippingAddress();
        CarrierRateCards.ShippingQuote quote = rateCards
                .cheapestInbound(
                        new CarrierRateCards.Place(
                                address.country(),
                                address.region(),
                                address.postalCode(),
                                address.latitude(),
                                address.longitude()),
                        new LocationId(location),
                        grams / 1000.0,
                        cold,
                        currency)
                .orElse(null);
        if (quote == null) {
            return null;
        }
        boolean customerPays = policy.customerPaysReturnShipping(
                lines.stream().map(Return.Line::reason).distinct().toList());
        BigDecimal deducted = customerPays && refund != null
                ? quote.amount().amount().min(refund)
                : BigDecimal.ZERO.setScale(Money.minorDigits(currency));
        return new Return.ReturnShipping(
                quote.carrier(),
                quote.serviceCode(),
                quote.amount().amount(),
                order.currency(),
                quote.estimated(),
                customerPays,
                deducted);
    }

    private @Nullable String nearestReturnsLocation(Order order) {
        Double latitude = order.shippingAddress().latitude();
        Double longitude = order.shippingAddress().longitude();
        if (latitude == null || longitude == null) {
            return null;
        }
        return locations.list(true).stream()
                .filter(location -> location.capabilities().contains("returns"))
                .min(Comparator.comparingDouble((Location location) ->
                                Distances.km(latitude, longitude, location.latitude(), location.longitude()))
                        .thenComparing(Location::id))
                .map(Location::id)
                .orElse(null);
    }

    /** The return. @throws ApiProblem 404 when it does not exist */
    @Transactional(readOnly = true)
    public Return get(UUID id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    /** One page of returns, newest first; fetches one more than asked to know whether another page follows. */
    @Transactional(readOnly = true)
    public ReturnQuery.Page list(ReturnQuery query) {
        List<Return> rows = store.list(new ReturnQuery(
                query.status(),
                query.reason(),
                query.orderId(),
                query.customerId(),
                query.from(),
                query.to(),
                query.after(),
                query.limit() + 1));
        if (rows.size() <= query.limit()) {
            return new ReturnQuery.Page(rows, null);
        }
        List<Return> page = rows.subList(0, query.limit());
        Return last = page.getLast();
        return new ReturnQuery.Page(page, new ReturnQuery.Position(last.requestedAt(), last.id()));
    }

    /** The returns of an order, oldest first. */
    @Transactional(readOnly = true)
    public List<Return> forOrder(OrderId orderId) {
        return store.forOrder(orderId);
    }

    /** Units asked back by reason over the tenant's returns not rejected, by reason name. */
    @Transactional(readOnly = true)
    public Map<String, Integer> unitsByReason() {
        return store.unitsByReason();
    }

    /** How many returns the tenant has in each status. */
    @Transactional(readOnly = true)
    public Map<String, Integer> countsByStatus() {
        return store.countsByStatus();
    }

    /**
     * Approves a return waiting for review.
     *
     * @throws ApiProblem 409 when it does not wait for review
     */
    @Transactional
    public Return approve(UUID id, @Nullable String note) {
        Return current = locked(id);
        if (current.status() != ReturnStatus.REQUESTED) {
            throw ApiProblem.conflict(
                    "return-not-requested",
                    "return " + id + " is " + current.status().wireName() + ", not requested");
        }
        return approved(current, policies.current().policy(), note == null ? "approved by review" : note);
    }

    /**
     * Rejects a return that has not come back yet; the units it asked back are returnable again.
     *
     * @throws ApiProblem 409 when it was received, refunded, rejected or closed
     */
    @Transactional
    public Return reject(UUID id, String reason) {
        Return current = locked(id);
        boolean anyReceived = current.lines().stream().anyMatch(line -> line.received() > 0);
        if ((current.status() != ReturnStatus.REQUESTED && current.status() != ReturnStatus.APPROVED)
                || anyReceived
                || current.refund().status().equals("refunded")) {
            throw ApiProblem.conflict(
                    "return-not-rejectable",
                    "return " + id + " is " + current.status().wireName() + (anyReceived ? " with units received" : "")
                            + (current.refund().status().equals("refunded") ? " and refunded" : "")
                            + ": only a return not yet received nor refunded can be rejected");
        }
        long sequence = orders.recordReturnStep(
                        current.orderId(), new OrderAction.WithdrawReturn(id.toString(), outstanding(current), reason))
                .sequence();
        Return rejected = changed(
                current,
                ReturnStatus.REJECTED,
                current.lines(),
                none(current),
                current.returnLocation(),
                null,
                "rejected",
                details("reason", reason));
        rejected = lapsed(current, rejected);
        store.update(rejected);
        events.publishEvent(new ReturnEvent.ReturnRejected(rejected, reason, sequence, clock.instant()));
        return rejected;
    }

    /**
     * Receives units of an approved return at a location (null: its return location): {@code sellable} ones go back on hand there, {@code damaged}
     * ones into its damaged quantity; the order's ledger counts them returned. When every unit is back, a refund that
     * waited for the inspection becomes due.
     *
     * @throws ApiProblem 400 naming the field for a line the return does not have; 404 for an unknown location; 409 when
     *     the return is not approved or a line would receive more than it asked back
     */
    @Transactional
    public Return receive(UUID id, @Nullable LocationId receivedAt, List<ReceivedLine> received) {
        Return current = locked(id);
        String expected = current.returnLocation();
        LocationId location;
        if (receivedAt != null) {
            location = receivedAt;
        } else if (expected != null) {
            location = new LocationId(expected);
        } else {
            throw ApiProblem.invalid(
                    "locationId", "is required: the return has no return location (no known location shipped it)");
        }
        if (current.status() != ReturnStatus.APPROVED) {
            throw ApiProblem.conflict(
                    "return-not-approved",
                    "return " + id + " is " + current.status().wireName() + ": only an approved return is received");
        }
        if (current.method().equals("none")) {
            throw ApiProblem.conflict("nothing-to-receive", "return " + id + " keeps its units with the customer");
        }
        List<Return.Line> lines = new ArrayList<>(current.lines());
        Map<Integer, Integer> perLine = new LinkedHashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        int[] indexes = new int[received.size()];
        for (int i = 0; i < received.size(); i++) {
            ReceivedLine line = received.get(i);
            int index = findReturnLine(current, line.lineNo(), line.sku(), "lines[" + i + "]", problems);
            indexes[i] = index;
            if (line.quantity() <= 0) {
                problems.add(new FieldProblem("lines[" + i + "].quantity", "must be greater than zero"));
            }
            if (!ReceivedLine.CONDITIONS.contains(line.condition())) {
                problems.add(
                        new FieldProblem("lines[" + i + "].condition", "must be one of " + ReceivedLine.CONDITIONS));
            }
        }
        if (received.isEmpty()) {
            problems.add(new FieldProblem("lines", "name at least one line"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        for (int i = 0; i < received.size(); i++) {
            ReceivedLine line = received.get(i);
            Return.Line before = lines.get(indexes[i]);
            boolean sellable = line.condition().equals("sellable");
            Return.Line after = new Return.Line(
                    before.lineNo(),
                    before.sku(),
                    before.quantity(),
                    before.reason(),
                    before.sellable() + (sellable ? line.quantity() : 0),
                    before.damaged() + (sellable ? 0 : line.quantity()),
                    before.refundAmount(),
                    before.restockingFee());
            if (after.received() > after.quantity()) {
                throw ApiProblem.conflict(
                        "receive-exceeds-approved",
                        "cannot receive " + line.quantity() + " more of line " + before.lineNo() + " (" + before.sku()
                                + "): the return asked back " + before.quantity() + " and " + before.received()
                                + " were received already");
            }
            lines.set(indexes[i], after);
            perLine.merge(before.lineNo(), line.quantity(), Integer::sum);
        }
        long sequence = orders.recordReturnStep(
                        current.orderId(),
                        new OrderAction.ReceiveReturn(
                                id.toString(),
                                perLine.entrySet().stream()
                                        .map(entry -> new LineQuantity(entry.getKey(), null, entry.getValue()))
                                        .toList()))
                .sequence();
        for (int i = 0; i < received.size(); i++) {
            ReceivedLine line = received.get(i);
            Return.Line target = lines.get(indexes[i]);
            boolean sellable = line.condition().equals("sellable");
            inventory.receiveReturn(
                    location,
                    new Sku(target.sku()),
                    sellable ? line.quantity() : 0,
                    sellable ? 0 : line.quantity(),
                    current.orderId(),
                    "return " + id);
        }
        boolean complete = lines.stream().allMatch(line -> line.received() == line.quantity());
        Return.Refund refund = advanced(current, "receive", lines);
        ReturnStatus status = !complete
                ? ReturnStatus.APPROVED
                : refund.status().equals("refunded") ? ReturnStatus.REFUNDED : ReturnStatus.RECEIVED;
        List<Map<String, Object>> receivedDetails = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            receivedDetails.add(Map.of(
                    "sku",
                    lines.get(indexes[i]).sku(),
                    "quantity",
                    received.get(i).quantity(),
                    "condition",
                    received.get(i).condition()));
        }
        Return after = changed(
                current,
                status,
                lines,
                refund,
                location.value(),
                null,
                "received",
                details("locationId", location.value(), "lines", receivedDetails));
        after = lapsed(current, after);
        store.update(after);
        events.publishEvent(new ReturnEvent.ReturnReceived(after, sequence, clock.instant()));
        return refundIfDue(after, policies.current().policy());
    }

    /**
     * The carrier scanned the parcel at pickup (or drop-off): for a customer the policy trusts, the refund becomes
     * due now, while the parcel is still on its way back.
     *
     * @throws ApiProblem 409 when the return is not approved
     */
    @Transactional
    public Return pickupScanned(UUID id, @Nullable String carrier, @Nullable String trackingNumber) {
        Return current = locked(id);
        if (current.status() != ReturnStatus.APPROVED) {
            throw ApiProblem.conflict(
                    "return-not-approved",
                    "return " + id + " is " + current.status().wireName() + ": only an approved return is picked up");
        }
        Return.Refund refund = advanced(current, "pickup_scanned", current.lines());
        Return after = changed(
                current,
                current.status(),
                current.lines(),
                refund,
                current.returnLocation(),
                null,
                "pickup_scanned",
                details("carrier", carrier, "trackingNumber", trackingNumber));
        after = lapsed(current, after);
        store.update(after);
        return refundIfDue(after, policies.current().policy());
    }

    /**
     * Pays the refund of a return whose refund is due (when the policy does not pay it by itself).
     *
     * @throws ApiProblem 409 when it was refunded already, refunds nothing, or its refund still waits (for the
     *     inspection or the pickup scan)
     */
    @Transactional
    public Return refund(UUID id) {
        Return current = locked(id);
        switch (current.refund().status()) {
            case "refunded" ->
                throw ApiProblem.conflict(
                        "already-refunded",
                        "return " + id + " was refunded already at "
                                + current.refund().refundedAt());
            case "none" ->
                throw ApiProblem.conflict(
                        "nothing-to-refund",
                        "return " + id + " refunds nothing (" + current.status().wireName() + ", resolution "
                                + current.resolution() + ")");
            case "held" ->
                throw ApiProblem.conflict(
                        "refund-held",
                        "the refund of return " + id + " waits "
                                + (current.refund().timing().equals("at_pickup_scan")
                                        ? "for the carrier's pickup scan"
                                        : current.status() == ReturnStatus.REQUESTED
                                                ? "for the return to be approved"
                                                : "for the inspection when every unit is received"));
            default -> {}
        }
        if (current.status().isFinal()) {
            throw ApiProblem.conflict(
                    "return-final", "return " + id + " is " + current.status().wireName());
        }
        return paid(current);
    }

    /**
     * Closes a return: units asked back and not received are no longer expected (returnable again).
     *
     * @throws ApiProblem 409 when it is rejected or closed already
     */
    @Transactional
    public Return close(UUID id, @Nullable String note) {
        Return current = locked(id);
        if (current.status().isFinal()) {
            throw ApiProblem.conflict(
                    "return-final", "return " + id + " is " + current.status().wireName() + " already");
        }
        List<LineQuantity> outstanding = current.refund().status().equals("refunded")
                        && current.resolution().equals("keep_it")
                ? List.of()
                : outstanding(current);
        long sequence = outstanding.isEmpty()
                ? orders.recordReturnStep(
                                current.orderId(),
                                new OrderAction.RecordReturnStep(
                                        id.toString(), "closed", note == null ? Map.of() : Map.of("note", note)))
                        .sequence()
                : orders.recordReturnStep(
                                current.orderId(), new OrderAction.WithdrawReturn(id.toString(), outstanding, note))
                        .sequence();
        Return.Refund refund = current.refund().status().equals("refunded") ? current.refund() : none(current);
        Return closed = changed(
                current,
                ReturnStatus.CLOSED,
                current.lines(),
                refund,
                current.returnLocation(),
                null,
                "closed",
                details("note", note));
        closed = lapsed(current, closed);
        store.update(closed);
        events.publishEvent(new ReturnEvent.ReturnClosed(closed, sequence, clock.instant()));
        return closed;
    }

    /** The return policy in force, with its version (0: the standard policy, never replaced). */
    @Transactional(readOnly = true)
    public ReturnPolicy.Version policy() {
        return policies.current();
    }

    /**
     * Replaces the tenant's return policy with a new version; returns requested before keep the version that decided
     * them.
     *
     * @throws ApiProblem 400 naming the field for a policy that does not make sense (a CEL rule that does not compile)
     */
    @Transactional
    public ReturnPolicy.Version replacePolicy(ReturnPolicy policy) {
        PolicyEvaluation.validate(policy);
        return policies.replace(policy);
    }

    private Return approved(Return current, ReturnPolicy policy, String why) {
        long sequence = orders.recordReturnStep(
                        current.orderId(),
                        new OrderAction.RecordReturnStep(current.id().toString(), "approved", Map.of("note", why)))
                .sequence();
        Return.Refund refund = advanced(current, "approve", current.lines());
        Return approved = changed(
                current,
                ReturnStatus.APPROVED,
                current.lines(),
                refund,
                current.returnLocation(),
                null,
                "approved",
                details("note", why));
        store.update(approved);
        events.publishEvent(new ReturnEvent.ReturnApproved(approved, sequence, clock.instant()));
        if (approved.resolution().equals("exchange")) {
            approved = exchanged(approved);
        }
        return refundIfDue(approved, policy);
    }

    /** The refund after a return action, as the refund flow (returns/refund-flow.json) has it. */
    private Return.Refund advanced(Return current, String action, List<Return.Line> lines) {
        Return.Refund refund = current.refund();
        String next = refundFlow.next(refund.status(), action, refund.timing(), flowView(current, lines));
        return next.equals(refund.status())
                ? refund
                : new Return.Refund(next, refund.timing(), refund.amount(), refund.refundedAt());
    }

    private static Map<String, Object> flowView(Return current, List<Return.Line> lines) {
        return Map.of(
                "complete",
                lines.stream().allMatch(line -> line.received() == line.quantity()),
                "resolution",
                current.resolution(),
                "method",
                current.method(),
                "status",
                current.status().wireName(),
                "received",
                (long) lines.stream().mapToInt(Return.Line::received).sum(),
                "scanned",
                current.timeline().stream().anyMatch(entry -> entry.action().equals("pickup_scanned")));
    }

    /**
     * Offers the customer a partial refund of {@code amount} to keep the units instead of sending them back; allowed
     * by the refund flow only while the refund is held and nothing has started back (not scanned, nothing received).
     *
     * @throws ApiProblem 409 naming the reason the flow refuses it (received, scanned, not approved, nothing to
     *     refund); 400 naming {@code amount} when it is not above zero, has more decimals than the currency or exceeds
     *     the refundable amount
     */
    @Transactional
    public Return offerRetention(UUID id, BigDecimal amount) {
        Return current = locked(id);
        RefundFlow.Attempt attempt = retentionStep(current, "offer_retention");
        Currency currency = Currency.getInstance(current.currency());
        BigDecimal refundable = current.refund().amount() == null
                ? BigDecimal.ZERO
                : current.refund().amount();
        if (amount.signum() <= 0) {
            throw ApiProblem.invalid("amount", "must be greater than zero");
        }
        if (!Money.fits(amount, currency)) {
            throw ApiProblem.invalid("amount", Money.tooManyDecimals(currency));
        }
        if (amount.compareTo(refundable) > 0) {
            throw ApiProblem.invalid(
                    "amount",
                    "must not exceed the refundable " + refundable.toPlainString() + " " + current.currency());
        }
        Money offered = new Money(amount, currency);
        Instant now = clock.instant();
        Return after = changed(
                        current,
                        current.status(),
                        current.lines(),
                        refundIn(current, Objects.requireNonNull(attempt.next())),
                        current.returnLocation(),
                        null,
                        "retention_offered",
                        details("amount", offered.toPlainString(), "currency", current.currency()))
                .withRetention(new Return.Retention("offered", offered.amount(), now, null));
        store.update(after);
        return after;
    }

    /**
     * The customer accepts the retention offer: the offered amount is refunded through the refund path (the order's
     * refund, {@code return.refunded}, the channel report), the pickup is cancelled and the return closed with the
     * units kept: they are withdrawn from the order's return requested, not returned.
     *
     * @throws ApiProblem 409 when no offer is open
     */
    @Transactional
    public Return acceptRetention(UUID id) {
        Return current = locked(id);
        RefundFlow.Attempt attempt = retentionStep(current, "accept_retention");
        Return.Retention offer = Objects.requireNonNull(current.retention(), "an open offer is kept with the return");
        Instant now = clock.instant();
        Return accepted = changed(
                        current,
                        current.status(),
                        current.lines(),
                        new Return.Refund(
                                Objects.requireNonNull(attempt.next()),
                                current.refund().timing(),
                                offer.amount(),
                                null),
                        current.returnLocation(),
                        null,
                        "retention_accepted",
                        details("amount", offer.amount().toPlainString(), "currency", current.currency()))
                .withRetention(offer.decided("accepted", now));
        Return refunded = paid(accepted);
        if (refunded.method().equals("pickup")) {
            refunded = changed(
                    refunded,
                    refunded.status(),
                    refunded.lines(),
                    refunded.refund(),
                    refunded.returnLocation(),
                    null,
                    "pickup_cancelled",
                    details("reason", "retention accepted"));
        }
        long sequence = orders.recordReturnStep(
                        current.orderId(),
                        new OrderAction.WithdrawReturn(
                                id.toString(),
                                outstanding(refunded),
                                "retention accepted: the customer keeps the units"))
                .sequence();
        Return closed = changed(
                refunded,
                ReturnStatus.CLOSED,
                refunded.lines(),
                refunded.refund(),
                refunded.returnLocation(),
                null,
                "closed",
                details("note", "retention accepted: the customer keeps the units"));
        store.update(closed);
        events.publishEvent(new ReturnEvent.RetentionAccepted(closed, offer.amount(), sequence, now));
        return closed;
    }

    /**
     * The customer declines the retention offer: the refund waits again for its own event and the units come back.
     *
     * @throws ApiProblem 409 when no offer is open
     */
    @Transactional
    public Return declineRetention(UUID id) {
        Return current = locked(id);
        RefundFlow.Attempt attempt = retentionStep(current, "decline_retention");
        Return.Retention offer = Objects.requireNonNull(current.retention(), "an open offer is kept with the return");
        Return declined = changed(
                        current,
                        current.status(),
                        current.lines(),
                        refundIn(current, Objects.requireNonNull(attempt.next())),
                        current.returnLocation(),
                        null,
                        "retention_declined",
                        details("amount", offer.amount().toPlainString()))
                .withRetention(offer.decided("declined", clock.instant()));
        store.update(declined);
        return declined;
    }

    /** The refund flow's answer to a retention action; 409 with the flow's reason when it refuses. */
    private RefundFlow.Attempt retentionStep(Return current, String action) {
        RefundFlow.Attempt attempt = refundFlow.attempt(
                current.refund().status(), action, current.refund().timing(), flowView(current, current.lines()));
        if (attempt.refusal() != null) {
            throw ApiProblem.conflict(
                    action.equals("offer_retention") ? "retention-not-offerable" : "no-retention-offer",
                    "return " + current.id() + ": " + attempt.refusal());
        }
        return attempt;
    }

    private static Return.Refund refundIn(Return current, String state) {
        Return.Refund refund = current.refund();
        return new Return.Refund(state, refund.timing(), refund.amount(), refund.refundedAt());
    }

    /**
     * An open retention offer lapses when the parcel is scanned or received (the units are coming back) or the return
     * is rejected or closed.
     */
    private Return lapsed(Return before, Return after) {
        Return.Retention offer = before.retention();
        if (offer == null || !offer.status().equals("offered")) {
            return after;
        }
        return after.withRetention(offer.decided("lapsed", clock.instant()));
    }

    /**
     * What an exchange sends back for each returned line (the request's replacement, or the same SKU and units) and
     * how the difference is settled. The returned units are credited with what they were paid; a replacement costs its
     * {@code unitPrice} × quantity, or, for the same SKU without a price, the returned units' credit per unit.
     */
    private static Return.Exchange exchange(
            NewReturn request, List<Return.Line> lines, List<Money> credits, Currency currency) {
        List<Return.Replacement> replacements = new ArrayList<>();
        Money credit = Money.zero(currency);
        Money replacementValue = Money.zero(currency);
        for (int i = 0; i < lines.size(); i++) {
            Return.Line line = lines.get(i);
            NewReturn.Replacement wanted = request.lines().get(i).replacement();
            String sku = wanted == null ? line.sku() : wanted.sku();
            int quantity = wanted == null ? line.quantity() : wanted.quantity();
            BigDecimal unitPrice = wanted == null ? null : wanted.unitPrice();
            Money lineCredit = credits.get(i);
            Money amount;
            if (unitPrice != null) {
                amount = new Money(unitPrice, currency).times(quantity);
            } else if (quantity == line.quantity()) {
                amount = lineCredit;
            } else {
                amount = Money.rounded(
                        lineCredit
                                .amount()
                                .multiply(BigDecimal.valueOf(quantity))
                                .divide(BigDecimal.valueOf(line.quantity()), MathContext.DECIMAL64),
                        currency);
            }
            replacements.add(new Return.Replacement(line.lineNo(), sku, quantity, unitPrice, amount.amount()));
            credit = credit.plus(lineCredit);
            replacementValue = replacementValue.plus(amount);
        }
        Money difference = replacementValue.minus(credit);
        String settlement = switch (difference.amount().signum()) {
            case 0 -> "even";
            case 1 -> "balance_due";
            default -> "refund";
        };
        return new Return.Exchange(
                replacements, credit.amount(), replacementValue.amount(), difference.amount(), settlement, null);
    }

    /** The exchange of a return requested before exchanges were kept: the same SKUs and units, even. */
    private static Return.Exchange likeForLike(Return returned) {
        BigDecimal zero = BigDecimal.ZERO.setScale(Money.minorDigits(Currency.getInstance(returned.currency())));
        return new Return.Exchange(
                returned.lines().stream()
                        .map(line -> new Return.Replacement(line.lineNo(), line.sku(), line.quantity(), null, zero))
                        .toList(),
                zero,
                zero,
                zero,
                "even",
                null);
    }

    /**
     * Places the exchange's replacement order at approval, before the return arrives, to the same customer and
     * address, linked both ways (its attributes name the return and the original order; the return's timeline, its
     * {@code exchange} and {@code exchange.created} name it). Even or cheaper: the replacements at no charge, paid, so
     * sourcing reserves them as for any paid order. Dearer: the replacements at their prices less the credit, with a
     * {@code pending} payment of the difference; sourcing reserves them as for any unpaid order (until
     * {@code reservationExpiresAt}) and allocates them when the balance is paid. All in this transaction.
     */
    private Return exchanged(Return approved) {
        Order original = orders.get(approved.orderId());
        Currency currency = Currency.getInstance(original.currency());
        Return.Exchange stored = approved.exchange();
        Return.Exchange exchange = stored == null ? likeForLike(approved) : stored;
        Money zero = Money.zero(currency);
        List<NewOrderLine> lines = new ArrayList<>();
        Payment payment;
        if (exchange.settlement().equals("balance_due")) {
            List<Money> values = exchange.replacements().stream()
                    .map(replacement -> new Money(replacement.amount(), currency))
                    .toList();
            // the credit is shared over the replacements as their discount, so the order's total is the difference
            List<Money> shares = new Money(exchange.credit(), currency)
                    .allocate(values.stream().map(Money::minorUnits).toList());
            for (int i = 0; i < values.size(); i++) {
                Return.Replacement replacement = exchange.replacements().get(i);
                Money unitPrice = new Money(
                        values.get(i)
                                .amount()
                                .divide(
                                        BigDecimal.valueOf(replacement.quantity()),
                                        Money.minorDigits(currency),
                                        RoundingMode.CEILING),
                        currency);
                Money discount = unitPrice
                        .times(replacement.quantity())
                        .minus(values.get(i))
                        .plus(shares.get(i));
                lines.add(new NewOrderLine(replacement.sku(), replacement.quantity(), unitPrice, discount, zero));
            }
            payment = new Payment("pending", "exchange", new Money(exchange.difference(), currency));
        } else {
            exchange.replacements()
                    .forEach(replacement ->
                            lines.add(new NewOrderLine(replacement.sku(), replacement.quantity(), zero, zero, zero)));
            payment = new Payment("captured", "exchange", zero);
        }
        Order replacement = orders.place(new NewOrder(
                "returns",
                "exchange-" + approved.id(),
                original.currency(),
                clock.instant(),
                original.customer(),
                original.shippingAddress(),
                original.billingAddress(),
                lines,
                payment,
                null,
                List.of("exchange"),
                Map.of(
                        "exchangeFor",
                        original.id().toString(),
                        "returnId",
                        approved.id().toString(),
                        "exchangeSettlement",
                        exchange.settlement())));
        Map<String, Object> stepDetails = details(
                "replacementOrderId",
                replacement.id().toString(),
                "settlement",
                exchange.settlement(),
                "difference",
                exchange.difference().toPlainString());
        long sequence = orders.recordReturnStep(
                        approved.orderId(),
                        new OrderAction.RecordReturnStep(approved.id().toString(), "exchange_created", stepDetails))
                .sequence();
        Return linked = changed(
                        approved,
                        approved.status(),
                        approved.lines(),
                        approved.refund(),
                        approved.returnLocation(),
                        approved.reviewReason(),
                        "exchange_created",
                        stepDetails)
                .withExchange(exchange.placed(replacement.id().toString()));
        store.update(linked);
        events.publishEvent(new ReturnEvent.ExchangeCreated(linked, replacement.id(), sequence, clock.instant()));
        return linked;
    }

    /**
     * Records a claim for units damaged, lost or wrong after they shipped; a {@code reship} claim places a linked
     * replacement order (no return needed).
     *
     * @throws ApiProblem 404 when the order does not exist; 400 naming the field for an unknown line, type or
     *     resolution; 409 naming the line when it has fewer units shipped than claimed
     */
    @Transactional
    public ClaimCreated claim(
            OrderId orderId,
            String type,
            String resolution,
            List<NewReturn.RequestedLine> lines,
            @Nullable String note) {
        Order order = orders.get(orderId);
        List<FieldProblem> problems = new ArrayList<>();
        if (!ClaimCreated.TYPES.contains(type)) {
            problems.add(new FieldProblem("type", "must be one of " + ClaimCreated.TYPES));
        }
        if (!ClaimCreated.RESOLUTIONS.contains(resolution)) {
            problems.add(new FieldProblem("resolution", "must be one of " + ClaimCreated.RESOLUTIONS));
        }
        List<OrderLine> named = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            NewReturn.RequestedLine line = lines.get(i);
            OrderLine found = findOrderLine(order, line.lineNo(), line.sku(), "lines[" + i + "]", problems);
            if (found != null) {
                named.add(found);
            }
        }
        if (lines.isEmpty()) {
            problems.add(new FieldProblem("lines", "name at least one line"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        List<ClaimCreated.ClaimLine> claimed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = named.get(i);
            int shipped = line.quantities().shipped();
            if (lines.get(i).quantity() > shipped) {
                throw ApiProblem.conflict(
                        "quantity-exceeded",
                        "cannot claim " + lines.get(i).quantity() + " of line " + line.lineNo() + " (" + line.sku()
                                + "): only " + shipped + " shipped");
            }
            claimed.add(new ClaimCreated.ClaimLine(
                    line.lineNo(), line.sku(), lines.get(i).quantity()));
        }
        UUID claimId = Ids.timeOrdered();
        Map<String, Object> stepDetails = new LinkedHashMap<>();
        stepDetails.put("type", type);
        stepDetails.put("resolution", resolution);
        OrderId replacementId = null;
        BigDecimal refundAmount = null;
        if (resolution.equals("refund")) {
            Money refund = claimRefund(order, claimed);
            orders.recordReturnStep(
                    orderId,
                    new OrderAction.Refund(
                            claimId.toString(),
                            refund,
                            claimed.stream()
                                    .map(line -> new LineQuantity(line.lineNo(), null, line.quantity()))
                                    .toList(),
                            false));
            refundAmount = refund.amount();
            stepDetails.put("refundAmount", refund.toPlainString());
        } else {
            Order replacement = placeReplacement(
                    order,
                    "claim-" + claimId,
                    claimed,
                    Map.of("replacementFor", order.id().toString(), "claimId", claimId.toString(), "claimType", type),
                    "claim");
            replacementId = replacement.id();
            stepDetails.put("replacementOrderId", replacement.id().toString());
        }
        if (note != null) {
            stepDetails.put("note", note);
        }
        long sequence = orders.recordReturnStep(
                        orderId, new OrderAction.RecordReturnStep(claimId.toString(), "claimed", stepDetails))
                .sequence();
        ClaimCreated created = new ClaimCreated(
                claimId,
                orderId,
                type,
                resolution,
                claimed,
                note,
                replacementId,
                refundAmount,
                sequence,
                clock.instant());
        events.publishEvent(created);
        return created;
    }

    /**
     * What a refund claim pays back: per line, the same arithmetic as a return (price less the discount share plus the
     * tax share, no restocking fee: the fault is not the customer's), after the units earlier returns and claims
     * refund or will refund, so no unit is paid back twice.
     *
     * @throws ApiProblem 409 naming the line when fewer units are left to refund than claimed
     */
    private Money claimRefund(Order order, List<ClaimCreated.ClaimLine> claimed) {
        Currency currency = Currency.getInstance(order.currency());
        List<Return> returnsOfOrder = store.forOrder(order.id());
        Set<String> returnIds =
                returnsOfOrder.stream().map(r -> r.id().toString()).collect(Collectors.toSet());
        Map<Integer, Integer> claimedBefore = refundedByClaims(order.id(), returnIds);
        Map<Integer, Integer> claimedNow = new LinkedHashMap<>();
        Money total = Money.zero(currency);
        for (ClaimCreated.ClaimLine line : claimed) {
            OrderLine orderLine = order.lines().get(line.lineNo() - 1);
            int before = refundedBefore(returnsOfOrder, line.lineNo())
                    + claimedBefore.getOrDefault(line.lineNo(), 0)
                    + claimedNow.getOrDefault(line.lineNo(), 0);
            int left = Math.max(0, orderLine.quantity() - before);
            if (line.quantity() > left) {
                throw ApiProblem.conflict(
                        "quantity-exceeded",
                        "cannot refund " + line.quantity() + " of line " + line.lineNo() + " (" + line.sku()
                                + "): only " + left + " not refunded or in a return");
            }
            total = total.plus(RefundableAmounts.of(order).forUnits(line.lineNo(), line.quantity(), before));
            claimedNow.merge(line.lineNo(), line.quantity(), Integer::sum);
        }
        return total;
    }

    /** Units per line that earlier refund claims paid back: the order's refunds that belong to no return. */
    private Map<Integer, Integer> refundedByClaims(OrderId orderId, Set<String> returnIds) {
        Map<Integer, Integer> perLine = new LinkedHashMap<>();
        for (AuditEntry entry : orders.timeline(orderId)) {
            Object returnId = entry.details().get("returnId");
            if (!entry.action().equals("order.refunded")
                    || returnId == null
                    || returnIds.contains(returnId.toString())
                    || !(entry.details().get("lines") instanceof List<?> moved)) {
                continue;
            }
            for (Object item : moved) {
                if (item instanceof Map<?, ?> movement
                        && movement.get("lineNo") instanceof Number lineNo
                        && movement.get("quantity") instanceof Number quantity) {
                    perLine.merge(lineNo.intValue(), quantity.intValue(), Integer::sum);
                }
            }
        }
        return perLine;
    }

    /** A replacement at no charge for {@code lines} of {@code original}, paid, so sourcing reserves it at once. */
    private Order placeReplacement(
            Order original,
            String externalId,
            List<ClaimCreated.ClaimLine> lines,
            Map<String, Object> links,
            String tag) {
        Money zero = Money.zero(Currency.getInstance(original.currency()));
        return orders.place(new NewOrder(
                "returns",
                externalId,
                original.currency(),
                clock.instant(),
                original.customer(),
                original.shippingAddress(),
                original.billingAddress(),
                lines.stream()
                        .map(line -> new NewOrderLine(line.sku(), line.quantity(), zero, zero, zero))
                        .toList(),
                new Payment("captured", tag, zero),
                null,
                List.of(tag),
                links));
    }

    private static @Nullable OrderLine findOrderLine(
            Order order, @Nullable Integer lineNo, @Nullable String sku, String field, List<FieldProblem> problems) {
        if (lineNo != null) {
            if (lineNo < 1 || lineNo > order.lines().size()) {
                problems.add(new FieldProblem(field + ".lineNo", "the order has no line " + lineNo));
                return null;
            }
            return order.lines().get(lineNo - 1);
        }
        if (sku == null) {
            problems.add(new FieldProblem(field, "name the line by lineNo or sku"));
            return null;
        }
        List<OrderLine> matching =
                order.lines().stream().filter(line -> line.sku().equals(sku)).toList();
        if (matching.size() != 1) {
            problems.add(new FieldProblem(
                    field + ".sku",
                    matching.isEmpty()
                            ? "the order has no line for this SKU"
                            : "several lines have this SKU: name the line by lineNo"));
            return null;
        }
        return matching.getFirst();
    }

    private Return refundIfDue(Return current, ReturnPolicy policy) {
        if (policy.autoRefund() && current.refund().status().equals("due")) {
            return paid(current);
        }
        return current;
    }

    /** Records the refund on the order (its event is {@code return.refunded}) and on the return. */
    private Return paid(Return current) {
        Currency currency = Currency.getInstance(current.currency());
        BigDecimal amount = current.refund().amount();
        Money money = amount == null ? Money.zero(currency) : new Money(amount, currency);
        boolean kept = current.resolution().equals("keep_it");
        orders.recordReturnStep(
                current.orderId(),
                new OrderAction.Refund(
                        current.id().toString(),
                        money,
                        current.lines().stream()
                                .map(line -> new LineQuantity(line.lineNo(), null, line.quantity()))
                                .toList(),
                        kept));
        Instant now = clock.instant();
        boolean complete = kept || current.lines().stream().allMatch(line -> line.received() == line.quantity());
        Return refunded = changed(
                current,
                complete ? ReturnStatus.REFUNDED : current.status(),
                current.lines(),
                new Return.Refund(
                        refundFlow.next(
                                current.refund().status(),
                                "refund",
                                current.refund().timing(),
                                flowView(current, current.lines())),
                        current.refund().timing(),
                        amount,
                        now),
                current.returnLocation(),
                null,
                "refunded",
                details("amount", money.toPlainString(), "currency", current.currency()));
        store.update(refunded);
        return refunded;
    }

    /** Units asked back and not received, per order line. */
    private static List<LineQuantity> outstanding(Return current) {
        Map<Integer, Integer> perLine = new LinkedHashMap<>();
        for (Return.Line line : current.lines()) {
            int left = line.quantity() - line.received();
            if (left > 0) {
                perLine.merge(line.lineNo(), left, Integer::sum);
            }
        }
        return perLine.entrySet().stream()
                .map(entry -> new LineQuantity(entry.getKey(), null, entry.getValue()))
                .toList();
    }

    private static Return.Refund none(Return current) {
        return new Return.Refund(
                "none", current.refund().timing(), current.refund().amount(), null);
    }

    private Return changed(
            Return current,
            ReturnStatus status,
            List<Return.Line> lines,
            Return.Refund refund,
            @Nullable String location,
            @Nullable String reviewReason,
            String action,
            Map<String, Object> details) {
        Instant now = clock.instant();
        List<Return.TimelineEntry> timeline = new ArrayList<>(current.timeline());
        timeline.add(entry(now, action, details));
        return new Return(
                current.id(),
                current.orderId(),
                current.customerId(),
                status,
                current.resolution(),
                current.method(),
                current.note(),
                current.currency(),
                lines,
                refund,
                location,
                current.decision(),
                reviewReason,
                current.policyVersion(),
                timeline,
                current.requestedAt(),
                now,
                current.exchange(),
                current.returnShipping(),
                current.retention());
    }

    private static Return.TimelineEntry entry(Instant at, String action, Map<String, Object> details) {
        return new Return.TimelineEntry(at, RequestContext.require().actor(), action, details);
    }

    private Return locked(UUID id) {
        return store.lock(id).orElseThrow(() -> notFound(id));
    }

    /** The order line each requested line names, checking reasons and quantities (400 naming the field). */
    private static List<OrderLine> resolveLines(Order order, NewReturn request, ReturnPolicy policy) {
        List<FieldProblem> problems = new ArrayList<>();
        Currency currency = Currency.getInstance(order.currency());
        List<OrderLine> named = new ArrayList<>();
        if (request.lines().isEmpty()) {
            problems.add(new FieldProblem("lines", "name at least one line"));
        }
        if (!Return.RESOLUTIONS.contains(request.resolution())) {
            problems.add(new FieldProblem("resolution", "must be one of " + Return.RESOLUTIONS));
        }
        if (!Return.METHODS.contains(request.method())) {
            problems.add(new FieldProblem("method", "must be one of " + Return.METHODS));
        } else if (request.resolution().equals("keep_it") != request.method().equals("none")) {
            problems.add(new FieldProblem(
                    "method", "a keep_it return has method none, and only a keep_it return has method none"));
        }
        for (int i = 0; i < request.lines().size(); i++) {
            NewReturn.RequestedLine line = request.lines().get(i);
            String field = "lines[" + i + "]";
            if (line.quantity() <= 0) {
                problems.add(new FieldProblem(field + ".quantity", "must be greater than zero"));
            }
            if (!policy.reasons().contains(line.reason())) {
                problems.add(new FieldProblem(field + ".reason", "must be one of " + policy.reasons()));
            }
            OrderLine found = null;
            Integer lineNo = line.lineNo();
            String sku = line.sku();
            if (lineNo != null) {
                if (lineNo < 1 || lineNo > order.lines().size()) {
                    problems.add(new FieldProblem(field + ".lineNo", "the order has no line " + lineNo));
                } else {
                    found = order.lines().get(lineNo - 1);
                }
            } else if (sku == null) {
                problems.add(new FieldProblem(field, "name the line by lineNo or sku"));
            } else {
                List<OrderLine> matching = order.lines().stream()
                        .filter(candidate -> candidate.sku().equals(sku))
                        .toList();
                if (matching.size() == 1) {
                    found = matching.getFirst();
                } else {
                    problems.add(new FieldProblem(
                            field + ".sku",
                            matching.isEmpty()
                                    ? "the order has no line for this SKU"
                                    : "several lines have this SKU: name the line by lineNo"));
                }
            }
            if (found != null) {
                named.add(found);
            }
            NewReturn.Replacement replacement = line.replacement();
            if (replacement != null) {
                checkReplacement(request, replacement, found, currency, field + ".replacement", problems);
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        return named;
    }

    private static void checkReplacement(
            NewReturn request,
            NewReturn.Replacement replacement,
            @Nullable OrderLine returned,
            Currency currency,
            String field,
            List<FieldProblem> problems) {
        if (!request.resolution().equals("exchange")) {
            problems.add(new FieldProblem(field, "only an exchange names a replacement"));
            return;
        }
        if (replacement.sku().isBlank()) {
            problems.add(new FieldProblem(field + ".sku", "is required"));
        }
        if (replacement.quantity() <= 0) {
            problems.add(new FieldProblem(field + ".quantity", "must be greater than zero"));
        }
        BigDecimal unitPrice = replacement.unitPrice();
        if (unitPrice == null) {
            if (returned != null && !returned.sku().equals(replacement.sku())) {
                problems.add(new FieldProblem(
                        field + ".unitPrice",
                        "is required: " + replacement.sku() + " is not the returned line's SKU " + returned.sku()));
            }
        } else if (!Money.fits(unitPrice, currency)) {
            problems.add(new FieldProblem(field + ".unitPrice", Money.tooManyDecimals(currency)));
        }
    }

    private static int findReturnLine(
            Return current, @Nullable Integer lineNo, @Nullable String sku, String field, List<FieldProblem> problems) {
        for (int i = 0; i < current.lines().size(); i++) {
            Return.Line line = current.lines().get(i);
            if ((lineNo != null && line.lineNo() == lineNo)
                    || (lineNo == null && line.sku().equals(sku))) {
                return i;
            }
        }
        problems.add(
                lineNo != null
                        ? new FieldProblem(field + ".lineNo", "the return has no line " + lineNo)
                        : new FieldProblem(
                                field + ".sku",
                                sku == null
                                        ? "name the line by lineNo or sku"
                                        : "the return has no line for this SKU"));
        return 0;
    }

    /** Units of an order line earlier returns refund or will refund (not rejected or closed without a refund). */
    private static int refundedBefore(List<Return> earlier, int lineNo) {
        return earlier.stream()
                .filter(other -> !other.refund().status().equals("none"))
                .flatMap(other -> other.lines().stream())
                .filter(line -> line.lineNo() == lineNo)
                .mapToInt(Return.Line::quantity)
                .sum();
    }

    /** What the policy's CEL sees: the order as flows see it, the request, the customer's history and the policy. */
    private Map<String, Object> variables(
            Order order,
            NewReturn request,
            List<Return.Line> lines,
            Money value,
            @Nullable String customerId,
            UUID id,
            ReturnPolicy policy,
            Return.@Nullable Exchange exchange) {
        Map<Sku, Item> items = catalog.findAll(
                lines.stream().map(Return.Line::sku).distinct().map(Sku::new).toList());
        Instant delivered = deliveredAt(order);
        long days = Duration.between(delivered, clock.instant()).toDays();
        List<Map<String, Object>> lineViews = new ArrayList<>();
        List<String> nonReturnable = new ArrayList<>();
        for (Return.Line line : lines) {
            Item item = items.getOrDefault(new Sku(line.sku()), Item.unknown(line.sku()));
            if (!item.returnable() && !nonReturnable.contains(line.sku())) {
                nonReturnable.add(line.sku());
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("lineNo", (long) line.lineNo());
            view.put("sku", line.sku());
            view.put("quantity", (long) line.quantity());
            view.put("reason", line.reason());
            view.put("returnable", item.returnable());
            view.put("category", item.category() == null ? "" : item.category());
            lineViews.add(view);
        }
        Map<String, Object> requestView = new LinkedHashMap<>();
        requestView.put("resolution", request.resolution());
        requestView.put("method", request.method());
        requestView.put(
                "units", (long) lines.stream().mapToInt(Return.Line::quantity).sum());
        requestView.put(
                "reasons", lines.stream().map(Return.Line::reason).distinct().toList());
        requestView.put("lines", lineViews);
        requestView.put("value", value.amount().doubleValue());
        requestView.put("valueText", value.toPlainString());
        requestView.put("daysSinceDelivery", days);
        requestView.put("deliveredAt", delivered.toString());
        requestView.put("nonReturnableSkus", nonReturnable);
        // a cheaper exchange refunds its difference: the policy says when, as for a refund
        requestView.put(
                "refundsDifference", exchange != null && exchange.settlement().equals("refund"));
        ReturnStore.History history =
                customerId == null ? new ReturnStore.History(0, 0, 0) : store.history(customerId, id);
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", customerId == null ? "" : customerId);
        customer.put("returns", (long) history.returns());
        customer.put("rejected", (long) history.rejected());
        customer.put("refunded", (long) history.refunded());
        Map<String, Object> policyView = new LinkedHashMap<>();
        policyView.put("windowDays", (long) policy.windowDays());
        policyView.put(
                "keepItBelow",
                policy.keepItBelow() == null ? -1.0 : policy.keepItBelow().doubleValue());
        policyView.put("inspectionReasons", policy.inspectionReasons());
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("order", Flows.celView(order));
        variables.put("request", requestView);
        variables.put("customer", customer);
        variables.put("policy", policyView);
        return variables;
    }

    /** When the order's last units were delivered, from its timeline; its last change when none was recorded. */
    private Instant deliveredAt(Order order) {
        return orders.timeline(order.id()).stream()
                .filter(entry -> entry.action().equals("order.delivered"))
                .map(AuditEntry::at)
                .reduce((first, second) -> second)
                .orElse(order.updatedAt());
    }

    private static Map<String, Object> details(@Nullable Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object key = keyValues[i];
            Object value = keyValues[i + 1];
            if (key != null && value != null) {
                details.put(key.toString(), value);
            }
        }
        return details;
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("return " + id + " does not exist");
    }
}

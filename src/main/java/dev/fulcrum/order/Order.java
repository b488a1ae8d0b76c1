package dev.fulcrum.order;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fulcrum.order.OrderEvent.LineMovement;
import dev.fulcrum.shared.AmountsIn;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * An order as Fulcrum holds it: the canonical order, its lines with their ledgers, derived status, holds, flow,
 * totals and the promise dates of its allocation. This is also the wire shape of {@code GET /api/v1/orders/{id}} and
 * of the {@code order} in public events.
 *
 * <p>The order applies its own actions ({@link #apply}): it asks its flow whether the action is allowed, checks the
 * line ledger, and answers with the order after the change and its event, or a refusal. Build one with
 * {@link #builder()} or change a copy with {@link #toBuilder()}.
 *
 * <p>Every amount (the total, each line's prices, the payment) is {@link Money} in the order's one currency, with
 * that currency's own minor unit; on the wire each is a plain decimal string beside the order's {@code currency}.
 *
 * @param shipBy when the last shipment of the current allocation must leave its location; null while not allocated
 * @param deliverBy the date the customer was promised delivery by; null while not allocated
 */
@AmountsIn("currency")
public record Order(
        OrderId id,
        String channel,
        String externalId,
        Customer customer,
        Address shippingAddress,
        @Nullable Address billingAddress,
        List<OrderLine> lines,
        @Nullable Payment payment,
        @Nullable String notes,
        List<String> tags,
        Map<String, Object> attributes,
        Instant placedAt,
        OrderStatus status,
        List<Hold> holds,
        FlowRef flow,
        Money total,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant shipBy,
        @Nullable LocalDate deliverBy) {

    public Order {
        lines = List.copyOf(lines);
        tags = List.copyOf(tags);
        holds = List.copyOf(holds);
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        Currency currency = total.currency();
        for (OrderLine line : lines) {
            requireCurrency(currency, line.total(), "lines[" + (line.lineNo() - 1) + "]");
        }
        if (payment != null && payment.amount() != null) {
            requireCurrency(currency, payment.amount(), "payment");
        }
    }

    private static void requireCurrency(Currency currency, Money amount, String field) {
        if (!amount.currency().equals(currency)) {
            throw new IllegalArgumentException(
                    field + " is in " + amount.currency() + " but the order is in " + currency);
        }
    }

    /** The ISO 4217 code of the order's currency: the currency of its total and of every amount in it. */
    @JsonProperty("currency")
    public String currency() {
        return total.currency().getCurrencyCode();
    }

    /** The canonical status code of the data contract (0 pending payment … 4 cancelled). */
    @JsonProperty("statusCode")
    public int statusCode() {
        return status.code();
    }

    /** Sums one stage of the line ledger over all lines. */
    public int totalQuantity(ToIntFunction<LineQuantities> stage) {
        return lines.stream()
                .mapToInt(line -> stage.applyAsInt(line.quantities()))
                .sum();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this order's values, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * An order placed now from an order that passed the data contract: a new id, lines with fresh ledgers, the total,
     * and a {@code payment} hold by {@code actor} when the payment is not captured. The one way a new order comes to be.
     */
    public static Order placed(NewOrder request, FlowRef flow, String actor, Instant now) {
        List<OrderLine> lines = new ArrayList<>();
        Money total = Money.zero(Currency.getInstance(request.currency()));
        for (NewOrderLine line : request.lines()) {
            Money lineTotal = OrderLine.totalOf(line.quantity(), line.unitPrice(), line.discount(), line.tax());
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
            total = total.plus(lineTotal);
        }
        Payment payment = request.payment();
        boolean paid = payment != null && payment.isCaptured();
        Instant placedAt = request.placedAt();
        return Order.builder()
                .id(OrderId.newId())
                .channel(request.channel())
                .externalId(request.externalId())
                .customer(request.customer())
                .shippingAddress(request.shippingAddress())
                .billingAddress(request.billingAddress())
                .lines(lines)
                .payment(payment)
                .notes(request.notes())
                .tags(request.tags())
                .attributes(request.attributes())
                .placedAt(placedAt == null ? now : placedAt)
                .holds(paid ? List.of() : List.of(new Hold("payment", "awaiting payment", actor, now)))
                .flow(flow)
                .total(total)
                .createdAt(now)
                .updatedAt(now)
                .build();
    }

    /** The status that follows from the ledger and the payment; holds sit beside it. */
    public static OrderStatus statusOf(List<OrderLine> lines, @Nullable Payment payment) {
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

    /**
     * Applies an action: asks {@code flow} whether it is allowed from the order's current state (allocations and
     * amendments are not flow transitions and follow the order's own rules), checks the quantities against the line
     * ledger, and answers with the order after the change, the typed change and its event; or with the reason it is
     * refused. Has no side effects: the caller saves and publishes.
     */
    public ActionOutcome apply(OrderAction action, FlowRules flow, OrderAction.Context context) {
        try {
            return switch (action) {
                case OrderAction.Allocate allocate -> allocate(allocate, context);
                case OrderAction.Amend amend -> amend(amend.amendment(), context);
                case OrderAction.RequestReturn request ->
                    returnMovement(
                            request,
                            request.returnId(),
                            request.lines(),
                            LineQuantities::returnable,
                            "return",
                            "returnable",
                            LineQuantities::requestReturn,
                            null,
                            context);
                case OrderAction.WithdrawReturn withdraw ->
                    returnMovement(
                            withdraw,
                            withdraw.returnId(),
                            withdraw.lines(),
                            LineQuantities::returnRequested,
                            "withdraw",
                            "return requested",
                            LineQuantities::withdrawReturn,
                            withdraw.reason(),
                            context);
                case OrderAction.ReceiveReturn receive ->
                    returnMovement(
                            receive,
                            receive.returnId(),
                            receive.lines(),
                            LineQuantities::returnRequested,
                            "receive",
                            "return requested",
                            LineQuantities::receiveReturn,
                            null,
                            context);
                case OrderAction.RecordReturnStep step -> returnStep(step, context);
                case OrderAction.Refund refund -> refund(refund, context);
                case OrderAction.Hold hold
                when !Hold.TYPES.contains(hold.type()) ->
                    new ActionOutcome.Refused(
                            "invalid-request",
                            "must be one of " + Hold.TYPES.stream().sorted().toList(),
                            "type");
                default -> transition(action, flow, context);
            };
        } catch (Refusal refusal) {
            return refusal.outcome;
        }
    }

    private ActionOutcome transition(OrderAction action, FlowRules flow, OrderAction.Context context) {
        FlowRules.Step step = flow.step(this, action.name());
        FlowRules.Allowed allowed = switch (step) {
            case FlowRules.Allowed yes -> yes;
            case FlowRules.Forbidden no ->
                throw new Refusal(new ActionOutcome.Refused("transition-not-allowed", no.reason(), null));
        };
        Draft draft = changed(action, context);
        Order after = allowed.effects().apply(draft.order());
        OrderChange change = new OrderChange(
                action.name(), draft.lines(), withStatus(draft.details(), after), context.actor(), context.at());
        return new ActionOutcome.Applied(after, change, draft.event().apply(after));
    }

    private static Map<String, Object> withStatus(Map<String, Object> details, Order after) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.put("status", after.status().wireName());
        return all;
    }

    /** The order after a flow action, before the flow's effects, with what the change says and its event. */
    private record Draft(
            Order order,
            List<LineMovement> lines,
            Map<String, Object> details,
            Function<Order, @Nullable OrderEvent> event) {}

    private Draft changed(OrderAction action, OrderAction.Context context) {
        long sequence = context.sequence();
        Instant at = context.at();
        return switch (action) {
            case OrderAction.Pay pay -> {
                Payment previous = payment;
                Payment captured = new Payment(
                        "captured",
                        pay.method() != null ? pay.method() : previous != null ? previous.method() : null,
                        pay.amount() != null ? paid(pay.amount()) : total);
                List<Hold> remaining = holds.stream()
                        .filter(hold -> !hold.type().equals("payment"))
                        .toList();
                yield new Draft(
                        withLedger(lines, captured, remaining, at),
                        List.of(),
                        details(
                                "method",
                                captured.method(),
                                "amount",
                                captured.amount() == null
                                        ? null
                                        : captured.amount().toPlainString()),
                        changed -> new OrderEvent.OrderPaid(changed, sequence, at));
            }
            case OrderAction.Hold request -> {
                if (holds.stream().anyMatch(hold -> hold.type().equals(request.type()))) {
                    throw refused("already-held", "the order already has a " + request.type() + " hold");
                }
                Hold hold = new Hold(request.type(), request.reason(), context.actor(), at);
                List<Hold> more = new ArrayList<>(holds);
                more.add(hold);
                yield new Draft(
                        withLedger(lines, payment, more, at),
                        List.of(),
                        details("type", request.type(), "reason", request.reason()),
                        changed -> new OrderEvent.OrderHeld(changed, hold, sequence, at));
            }
            case OrderAction.Release release -> {
                String type = release.type();
                List<Hold> released = holds.stream()
                        .filter(hold -> type == null || hold.type().equals(type))
                        .toList();
                if (released.isEmpty()) {
                    throw refused(
                            "not-held", type == null ? "the order has no holds" : "the order has no " + type + " hold");
                }
                List<Hold> remaining =
                        holds.stream().filter(hold -> !released.contains(hold)).toList();
                String releasedTypes =
                        String.join(",", released.stream().map(Hold::type).toList());
                yield new Draft(
                        withLedger(lines, payment, remaining, at),
                        List.of(),
                        details("type", releasedTypes),
                        changed -> new OrderEvent.OrderReleased(changed, releasedTypes, sequence, at));
            }
            case OrderAction.Cancel cancel -> {
                List<OrderLine> cancelled = lines.stream()
                        .map(line -> line.withQuantities(line.quantities().cancelOpen()))
                        .toList();
                yield new Draft(
                        withLedger(cancelled, payment, List.of(), at).toBuilder()
                                .shipBy(null)
                                .deliverBy(null)
                                .build(),
                        List.of(),
                        details("reason", cancel.reason()),
                        changed -> new OrderEvent.OrderCancelled(changed, cancel.reason(), sequence, at));
            }
            case OrderAction.Ship ship -> {
                List<LineMovement> moved = resolve(ship.lines(), LineQuantities::open, "ship", "still open");
                yield new Draft(
                        withLedger(moveLines(moved, LineQuantities::ship), payment, holds, at),
                        moved,
                        details(
                                "lines",
                                movementDetails(moved),
                                "carrier",
                                ship.carrier(),
                                "trackingNumber",
                                ship.trackingNumber()),
                        changed -> new OrderEvent.OrderShipped(
                                changed, moved, ship.carrier(), ship.trackingNumber(), sequence, at));
            }
            case OrderAction.Deliver deliver -> {
                List<LineMovement> moved = resolve(deliver.lines(), LineQuantities::inTransit, "deliver", "in transit");
                yield new Draft(
                        withLedger(moveLines(moved, LineQuantities::deliver), payment, holds, at),
                        moved,
                        details("lines", movementDetails(moved)),
                        changed -> new OrderEvent.OrderDelivered(changed, moved, sequence, at));
            }
            case OrderAction.Named named -> changed(named.performs(), context);
            case OrderAction.Custom custom ->
                // The flow's effects are the whole change; the event says what they did (see FlowActionEvents).
                new Draft(
                        toBuilder().updatedAt(at).build(),
                        List.of(),
                        new LinkedHashMap<>(custom.parameters()),
                        changed -> FlowActionEvents.of(this, changed, sequence, at));
            case OrderAction.Allocate allocate -> throw new IllegalStateException("not a flow transition: " + allocate);
            case OrderAction.RequestReturn request ->
                throw new IllegalStateException("not a flow transition: " + request);
            case OrderAction.WithdrawReturn withdraw ->
                throw new IllegalStateException("not a flow transition: " + withdraw);
            case OrderAction.ReceiveReturn receive ->
                throw new IllegalStateException("not a flow transition: " + receive);
            case OrderAction.RecordReturnStep step -> throw new IllegalStateException("not a flow transition: " + step);
            case OrderAction.Refund refund -> throw new IllegalStateException("not a flow transition: " + refund);
            case OrderAction.Amend amend -> throw new IllegalStateException("not a flow transition: " + amend);
        };
    }

    /**
     * Allocation is sourcing's record on the ledger, not a flow step: any order with units open may have them
     * allocated; the figures are absolute and the promise dates replace the previous ones.
     */
    private ActionOutcome allocate(OrderAction.Allocate allocate, OrderAction.Context context) {
        List<OrderLine> changed = new ArrayList<>(lines);
        List<LineMovement> movements = new ArrayList<>();
        for (int i = 0; i < allocate.lines().size(); i++) {
            LineQuantity request = allocate.lines().get(i);
            Integer lineNo = request.lineNo();
            OrderLine line = lineNo != null && lineNo >= 1 && lineNo <= lines.size()
                    ? lines.get(lineNo - 1)
                    : findLine(new LineQuantity(lineNo, request.sku(), 1), i);
            if (request.quantity() < 0 || request.quantity() > line.quantities().open()) {
                throw refused(
                        "quantity-exceeded",
                        "cannot allocate " + request.quantity() + " of line " + line.lineNo() + ": "
                                + line.quantities().open() + " are open");
            }
            changed.set(line.lineNo() - 1, line.withQuantities(line.quantities().allocate(request.quantity())));
            movements.add(new LineMovement(line.lineNo(), line.sku(), request.quantity()));
        }
        Order after = toBuilder()
                .lines(changed)
                .shipBy(allocate.shipBy())
                .deliverBy(allocate.deliverBy())
                .updatedAt(context.at())
                .build();
        OrderChange change = new OrderChange(
                allocate.name(),
                movements,
                details(
                        "lines",
                        movements.stream()
                                .map(m -> Map.<String, Object>of(
                                        "lineNo",
                                        String.valueOf(m.lineNo()),
                                        "sku",
                                        m.sku(),
                                        "allocated",
                                        m.quantity()))
                                .toList(),
                        "shipBy",
                        allocate.shipBy(),
                        "deliverBy",
                        allocate.deliverBy()),
                context.actor(),
                context.at());
        return new ActionOutcome.Applied(after, change, null);
    }

    /**
     * A return moving units on the ledger (asked back, withdrawn, received). Returns are not flow steps: the order's
     * status stays on its canonical contract whatever its returns do, and only the ledger decides (a return may name
     * no more units than were delivered and are neither returned nor asked back already).
     */
    private ActionOutcome returnMovement(
            OrderAction action,
            String returnId,
            List<LineQuantity> requested,
            ToIntFunction<LineQuantities> available,
            String verb,
            String stage,
            java.util.function.BiFunction<LineQuantities, Integer, LineQuantities> step,
            @Nullable String reason,
            OrderAction.Context context) {
        if (requested.isEmpty()) {
            throw invalid("lines", "name at least one line");
        }
        List<LineMovement> moved = resolve(requested, available, verb, stage);
        Order after = toBuilder()
                .lines(moveLines(moved, step))
                .updatedAt(context.at())
                .build();
        OrderChange change = new OrderChange(
                action.name(),
                moved,
                details("returnId", returnId, "lines", movementDetails(moved), "reason", reason),
                context.actor(),
                context.at());
        return new ActionOutcome.Applied(after, change, null);
    }

    /** A step of a return that moves no units: recorded on the timeline only. */
    private ActionOutcome returnStep(OrderAction.RecordReturnStep step, OrderAction.Context context) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("returnId", step.returnId());
        details.putAll(step.details());
        OrderChange change = new OrderChange(step.name(), List.of(), details, context.actor(), context.at());
        return new ActionOutcome.Applied(toBuilder().updatedAt(context.at()).build(), change, null);
    }

    /** Money paid back for a return: needs a captured payment, the order's currency and delivered units. */
    private ActionOutcome refund(OrderAction.Refund refund, OrderAction.Context context) {
        if (payment == null || !payment.isCaptured()) {
            throw refused("not-paid", "cannot refund an order whose payment is not captured");
        }
        if (!refund.amount().currency().getCurrencyCode().equals(currency())) {
            throw invalid(
                    "amount",
                    "is in " + refund.amount().currency().getCurrencyCode() + " but the order is in " + currency());
        }
        if (refund.amount().amount().signum() < 0) {
            throw invalid("amount", "must not be negative");
        }
        List<LineMovement> lines = refund.lines().isEmpty()
                ? List.of()
                : refund.kept()
                        ? resolve(refund.lines(), LineQuantities::returnRequested, "keep", "return requested")
                        : resolve(refund.lines(), LineQuantities::delivered, "refund", "delivered");
        Order after = toBuilder()
                .lines(refund.kept() ? moveLines(lines, LineQuantities::receiveReturn) : lines())
                .updatedAt(context.at())
                .build();
        OrderChange change = new OrderChange(
                refund.name(),
                lines,
                details(
                        "returnId",
                        refund.returnId(),
                        "amount",
                        refund.amount().toPlainString(),
                        "currency",
                        currency(),
                        "kept",
                        refund.kept() ? Boolean.TRUE : null,
                        "lines",
                        movementDetails(lines)),
                context.actor(),
                context.at());
        return new ActionOutcome.Applied(
                after,
                change,
                new OrderEvent.OrderRefunded(
                        after, refund.returnId(), refund.amount(), lines, context.sequence(), context.at()));
    }

    /** What may change while nothing has shipped and the order is not cancelled; the status stays. */
    private ActionOutcome amend(OrderAmendment amendment, OrderAction.Context context) {
        if (status == OrderStatus.CANCELLED || totalQuantity(LineQuantities::shipped) > 0) {
            throw refused(
                    "transition-not-allowed",
                    "cannot amend an order that is " + status.wireName().replace('_', ' '));
        }
        List<String> changed = new ArrayList<>();
        Builder after = toBuilder()
                .customer(pick(amendment.customer(), customer, "customer", changed))
                .shippingAddress(pick(amendment.shippingAddress(), shippingAddress, "shippingAddress", changed))
                .billingAddress(pick(amendment.billingAddress(), billingAddress, "billingAddress", changed))
                .notes(pick(amendment.notes(), notes, "notes", changed))
                .tags(pick(amendment.tags() == null ? null : List.copyOf(amendment.tags()), tags, "tags", changed))
                .attributes(pick(
                        amendment.attributes() == null
                                ? null
                                : Collections.unmodifiableMap(new LinkedHashMap<>(amendment.attributes())),
                        attributes,
                        "attributes",
                        changed));
        OrderChange change = new OrderChange(
                "amend", List.of(), Map.of("changed", List.copyOf(changed)), context.actor(), context.at());
        if (changed.isEmpty()) {
            return new ActionOutcome.Applied(this, change, null);
        }
        Order amended = after.updatedAt(context.at()).build();
        return new ActionOutcome.Applied(
                amended,
                change,
                new OrderEvent.OrderUpdated(amended, List.copyOf(changed), context.sequence(), context.at()));
    }

    private static <T> @Nullable T pick(@Nullable T proposed, @Nullable T current, String field, List<String> changed) {
        if (proposed == null || proposed.equals(current)) {
            return current;
        }
        changed.add(field);
        return proposed;
    }

    /** A paid amount in the order's currency; more decimals than its minor unit are refused, never rounded. */
    private Money paid(BigDecimal amount) {
        Currency currency = total.currency();
        if (!Money.fits(amount, currency)) {
            throw invalid("amount", Money.tooManyDecimals(currency));
        }
        return new Money(amount, currency);
    }

    private Order withLedger(
            List<OrderLine> changedLines, @Nullable Payment changedPayment, List<Hold> changedHolds, Instant at) {
        return toBuilder()
                .lines(changedLines)
                .payment(changedPayment)
                .holds(changedHolds)
                .status(statusOf(changedLines, changedPayment))
                .updatedAt(at)
                .build();
    }

    private List<LineMovement> resolve(
            List<LineQuantity> requested, ToIntFunction<LineQuantities> available, String verb, String stage) {
        List<LineMovement> moved = new ArrayList<>();
        if (requested.isEmpty()) {
            for (OrderLine line : lines) {
                int units = available.applyAsInt(line.quantities());
                if (units > 0) {
                    moved.add(new LineMovement(line.lineNo(), line.sku(), units));
                }
            }
            if (moved.isEmpty()) {
                throw refused("nothing-to-" + verb, "no units are " + stage);
            }
            return moved;
        }
        Map<Integer, Integer> perLine = new LinkedHashMap<>();
        for (int i = 0; i < requested.size(); i++) {
            LineQuantity request = requested.get(i);
            OrderLine line = findLine(request, i);
            perLine.merge(line.lineNo(), request.quantity(), Integer::sum);
        }
        for (Map.Entry<Integer, Integer> entry : perLine.entrySet()) {
            OrderLine line = lines.get(entry.getKey() - 1);
            int units = available.applyAsInt(line.quantities());
            if (entry.getValue() > units) {
                throw refused(
                        "quantity-exceeded",
                        "cannot " + verb + " " + entry.getValue() + " of line " + line.lineNo() + " (" + line.sku()
                                + "): only " + units + " " + (units == 1 ? "is " : "are ") + stage);
            }
            moved.add(new LineMovement(line.lineNo(), line.sku(), entry.getValue()));
        }
        return moved;
    }

    private OrderLine findLine(LineQuantity request, int index) {
        String field = "lines[" + index + "]";
        if (request.quantity() <= 0) {
            throw invalid(field + ".quantity", "must be greater than zero");
        }
        Integer lineNo = request.lineNo();
        if (lineNo != null) {
            if (lineNo < 1 || lineNo > lines.size()) {
                throw invalid(field + ".lineNo", "the order has no line " + lineNo);
            }
            return lines.get(lineNo - 1);
        }
        String sku = request.sku();
        if (sku == null) {
            throw invalid(field, "name the line by lineNo or sku");
        }
        List<OrderLine> matching =
                lines.stream().filter(line -> line.sku().equals(sku)).toList();
        if (matching.size() != 1) {
            throw invalid(
                    field + ".sku",
                    matching.isEmpty()
                            ? "the order has no line for this SKU"
                            : "several lines have this SKU: name the line by lineNo");
        }
        return matching.getFirst();
    }

    private List<OrderLine> moveLines(
            List<LineMovement> moved, java.util.function.BiFunction<LineQuantities, Integer, LineQuantities> step) {
        List<OrderLine> changed = new ArrayList<>(lines);
        for (LineMovement movement : moved) {
            OrderLine line = changed.get(movement.lineNo() - 1);
            changed.set(movement.lineNo() - 1, line.withQuantities(step.apply(line.quantities(), movement.quantity())));
        }
        return changed;
    }

    private static List<Map<String, Object>> movementDetails(List<LineMovement> moved) {
        return moved.stream()
                .map(m -> Map.<String, Object>of("lineNo", m.lineNo(), "sku", m.sku(), "quantity", m.quantity()))
                .toList();
    }

    private static Map<String, Object> details(@Nullable Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object key = keyValues[i];
            Object value = keyValues[i + 1];
            if (key != null && value != null) {
                details.put(
                        key.toString(),
                        value instanceof Instant || value instanceof LocalDate ? value.toString() : value);
            }
        }
        return details;
    }

    private static Refusal refused(String problem, String reason) {
        return new Refusal(new ActionOutcome.Refused(problem, reason, null));
    }

    private static Refusal invalid(String field, String reason) {
        return new Refusal(new ActionOutcome.Refused("invalid-request", reason, field));
    }

    /** Unwinds an action being applied to the refusal {@link #apply} answers with. */
    private static final class Refusal extends RuntimeException {

        private static final long serialVersionUID = 1L;

        @SuppressWarnings("serial") // never serialised: caught in apply
        private final ActionOutcome.Refused outcome;

        Refusal(ActionOutcome.Refused outcome) {
            super(outcome.reason(), null, false, false);
            this.outcome = outcome;
        }
    }

    /** Builds an order; every value but the two promise dates, billing address, payment and notes must be set. */
    public static final class Builder {
        private @Nullable OrderId id;
        private @Nullable String channel;
        private @Nullable String externalId;
        private @Nullable Customer customer;
        private @Nullable Address shippingAddress;
        private @Nullable Address billingAddress;
        private List<OrderLine> lines = List.of();
        private @Nullable Payment payment;
        private @Nullable String notes;
        private List<String> tags = List.of();
        private Map<String, Object> attributes = Map.of();
        private @Nullable Instant placedAt;
        private @Nullable OrderStatus status;
        private List<Hold> holds = List.of();
        private @Nullable FlowRef flow;
        private @Nullable Money total;
        private @Nullable Instant createdAt;
        private @Nullable Instant updatedAt;
        private @Nullable Instant shipBy;
        private @Nullable LocalDate deliverBy;

        private Builder() {}

        private Builder(Order order) {
            id = order.id;
            channel = order.channel;
            externalId = order.externalId;
            customer = order.customer;
            shippingAddress = order.shippingAddress;
            billingAddress = order.billingAddress;
            lines = order.lines;
            payment = order.payment;
            notes = order.notes;
            tags = order.tags;
            attributes = order.attributes;
            placedAt = order.placedAt;
            status = order.status;
            holds = order.holds;
            flow = order.flow;
            total = order.total;
            createdAt = order.createdAt;
            updatedAt = order.updatedAt;
            shipBy = order.shipBy;
            deliverBy = order.deliverBy;
        }

        public Builder id(OrderId value) {
            id = value;
            return this;
        }

        public Builder channel(String value) {
            channel = value;
            return this;
        }

        public Builder externalId(String value) {
            externalId = value;
            return this;
        }

        public Builder customer(@Nullable Customer value) {
            customer = value;
            return this;
        }

        public Builder shippingAddress(@Nullable Address value) {
            shippingAddress = value;
            return this;
        }

        public Builder billingAddress(@Nullable Address value) {
            billingAddress = value;
            return this;
        }

        public Builder lines(List<OrderLine> value) {
            lines = value;
            return this;
        }

        public Builder payment(@Nullable Payment value) {
            payment = value;
            return this;
        }

        public Builder notes(@Nullable String value) {
            notes = value;
            return this;
        }

        public Builder tags(@Nullable List<String> value) {
            tags = value == null ? List.of() : value;
            return this;
        }

        public Builder attributes(@Nullable Map<String, Object> value) {
            attributes = value == null ? Map.of() : value;
            return this;
        }

        public Builder placedAt(Instant value) {
            placedAt = value;
            return this;
        }

        public Builder status(OrderStatus value) {
            status = value;
            return this;
        }

        public Builder holds(List<Hold> value) {
            holds = value;
            return this;
        }

        public Builder flow(FlowRef value) {
            flow = value;
            return this;
        }

        public Builder total(Money value) {
            total = value;
            return this;
        }

        public Builder createdAt(Instant value) {
            createdAt = value;
            return this;
        }

        public Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public Builder shipBy(@Nullable Instant value) {
            shipBy = value;
            return this;
        }

        public Builder deliverBy(@Nullable LocalDate value) {
            deliverBy = value;
            return this;
        }

        /**
         * The order. Without a status, the status follows from the lines and payment.
         *
         * @throws NullPointerException naming the first required value that was not set
         */
        public Order build() {
            return new Order(
                    required(id, "id"),
                    required(channel, "channel"),
                    required(externalId, "externalId"),
                    required(customer, "customer"),
                    required(shippingAddress, "shippingAddress"),
                    billingAddress,
                    lines,
                    payment,
                    notes,
                    tags,
                    attributes,
                    required(placedAt, "placedAt"),
                    status != null ? status : statusOf(lines, payment),
                    holds,
                    required(flow, "flow"),
                    required(total, "total"),
                    required(createdAt, "createdAt"),
                    required(updatedAt, "updatedAt"),
                    shipBy,
                    deliverBy);
        }

        private static <T> T required(@Nullable T value, String name) {
            if (value == null) {
                throw new NullPointerException("an order needs its " + name);
            }
            return value;
        }
    }
}

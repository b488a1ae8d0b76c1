package dev.fulcrum.channels.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.channels.ChannelLine;
import dev.fulcrum.channels.ConnectionType;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.NewOrderLine;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderAction;
import dev.fulcrum.order.OrderAmendment;
import dev.fulcrum.order.OrderContract;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.Payment;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Digests;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.OrderId;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The path of every channel payload: map it with the connection's adapter, check it against the order data contract,
 * drop repeats by (tenant, connection, external id), then place the order or update it through
 * {@link OrderManagement}, attach the raw payload, plan shipment groups and consider merging. A payload that is
 * authentic but cannot become an order goes to quarantine with every reason: nothing authentic is lost.
 *
 * <p>Callers bind the tenant's {@code RequestContext}; each payload is applied in one transaction.
 */
@Service
public class ChannelIntake {

    private static final Logger log = LoggerFactory.getLogger(ChannelIntake.class);

    /** An amendment that changes nothing: asks the order whether its details may still change at all. */
    private static final OrderAction.Amend ANY_AMENDMENT =
            new OrderAction.Amend(new OrderAmendment(null, null, null, null, null, null));

    private final OrderManagement orders;
    private final ChannelOrders channelOrders;
    private final QuarantineEntries quarantine;
    private final ShipmentPlanner shipments;
    private final MergeGroups merges;
    private final AuditLog audit;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration defaultMergeWindow;

    ChannelIntake(
            OrderManagement orders,
            ChannelOrders channelOrders,
            QuarantineEntries quarantine,
            ShipmentPlanner shipments,
            MergeGroups merges,
            AuditLog audit,
            JsonMapper json,
            PlatformTransactionManager transactionManager,
            Clock clock,
            @Value("${fulcrum.channels.merge-window:PT30M}") Duration defaultMergeWindow) {
        this.orders = orders;
        this.channelOrders = channelOrders;
        this.quarantine = quarantine;
        this.shipments = shipments;
        this.merges = merges;
        this.audit = audit;
        this.json = json;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.defaultMergeWindow = defaultMergeWindow;
    }

    /** A payload as it arrived: topic (webhook topic, or what the endpoint implies), optional delivery id, raw body. */
    public record Inbound(
            String topic,
            @Nullable String deliveryId,
            @Nullable String contentType,
            String body,
            String source) {}

    /**
     * What intake did: {@code placed}, {@code updated}, {@code unchanged} (a repeat), {@code duplicate} (a repeated
     * delivery id), {@code cancelled}, {@code refunded}, {@code ignored} or {@code quarantined}.
     */
    @SuppressWarnings("InvalidParam") // {@code quarantined} names a result, not the component quarantineId
    public record Outcome(
            String result,
            @Nullable UUID orderId,
            @Nullable UUID quarantineId,
            List<FieldProblem> problems,
            @Nullable String detail) {

        static Outcome of(String result, @Nullable OrderId orderId, @Nullable String detail) {
            return new Outcome(result, orderId == null ? null : orderId.value(), null, List.of(), detail);
        }

        static Outcome rejected(List<FieldProblem> problems) {
            return new Outcome("quarantined", null, null, problems, null);
        }

        public boolean isRejected() {
            return "quarantined".equals(result);
        }
    }

    /** A payload mapped and checked against the contract, ready to place. */
    public record Prepared(Mapped mapped, NewOrder order, String contentHash) {}

    /** Receives one payload; never throws for a bad payload: it ends in quarantine instead. */
    public Outcome receive(StoredConnection connection, Inbound inbound) {
        Instant now = clock.instant();
        try {
            Outcome outcome = transactions.execute(status -> {
                if (inbound.deliveryId() != null
                        && !channelOrders.firstDelivery(connection.id(), inbound.deliveryId(), inbound.topic(), now)) {
                    return Outcome.of("duplicate", null, "delivery " + inbound.deliveryId() + " was received before");
                }
                Outcome applied = apply(connection, inbound.topic(), inbound.contentType(), inbound.body());
                if (applied.isRejected()) {
                    return quarantined(connection, inbound, applied.problems(), now);
                }
                return applied;
            });
            return outcome;
        } catch (ApiProblem refused) {
            return transactions.execute(status -> quarantined(
                    connection,
                    inbound,
                    refused.errors().isEmpty()
                            ? List.of(new FieldProblem("body", refused.getMessage()))
                            : refused.errors(),
                    now));
        } catch (RuntimeException unexpected) {
            log.warn(
                    "channel payload from connection {} could not be applied; quarantined",
                    connection.id(),
                    unexpected);
            return transactions.execute(status -> quarantined(
                    connection,
                    inbound,
                    List.of(new FieldProblem("body", "could not be applied: " + describe(unexpected))),
                    now));
        }
    }

    private Outcome quarantined(
            StoredConnection connection, Inbound inbound, List<FieldProblem> problems, Instant now) {
        UUID id = quarantine
                .putAll(
                        List.of(new QuarantineEntries.NewEntry(
                                connection.id(),
                                inbound.source(),
                                inbound.topic(),
                                null,
                                inbound.contentType(),
                                inbound.body(),
                                problems)),
                        now)
                .getFirst();
        audit.record(
                "channel.payload.quarantined",
                "quarantine",
                id.toString(),
                Map.of(
                        "connectionId",
                        connection.id().toString(),
                        "topic",
                        inbound.topic(),
                        "reasons",
                        problems.size()));
        return new Outcome("quarantined", null, id, problems, null);
    }

    /** Maps and applies a payload inside the caller's transaction; a payload that cannot become an order is returned rejected. */
    public Outcome apply(StoredConnection connection, String topic, @Nullable String contentType, String body) {
        Mapped mapped;
        try {
            mapped = map(connection, topic, body);
        } catch (MappingFailure failure) {
            return Outcome.rejected(failure.problems());
        }
        // What the channel itself says about its order is not reported back to it.
        return OutboundStatus.asToldBy(connection.id(), () -> switch (mapped.intent()) {
            case REFUND -> refund(connection, topic, contentType, body, mapped);
            case DELETE -> delete(connection, topic, contentType, body, mapped);
            case UPSERT -> upsert(connection, topic, contentType, body, mapped);
        });
    }

    /** The adapter of the connection's type; CSV import rows and JSON Lines share the generic path. */
    public Mapped map(StoredConnection connection, String topic, String body) {
        if ("import.csv".equals(topic)) {
            return JsonataMapping.fromCanonical(CsvOrders.parseOne(body));
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException notJson) {
            throw new MappingFailure(
                    "body", "is not JSON: " + LenientJson.abbreviate(String.valueOf(notJson.getOriginalMessage())));
        }
        if (node == null || node.isMissingNode()) {
            throw new MappingFailure("body", "is empty");
        }
        return switch (connection.type()) {
            case SHOPIFY -> ShopifyMapper.map(topic, node);
            case WOOCOMMERCE -> WooCommerceMapper.map(topic, node);
            case AMAZON -> AmazonMapper.map(node);
            case GENERIC -> JsonataMapping.map(connection.mapping(), node);
        };
    }

    /** Completes the mapped document with the connection's channel and defaults, and checks it against the contract. */
    public Prepared prepare(StoredConnection connection, Mapped mapped) {
        ObjectNode document = mapped.document();
        if (document == null) {
            throw new MappingFailure("body", "carries no order");
        }
        document.put("channel", connection.channel());
        if (connection.defaultCurrency() != null
                && (document.get("currency") == null || document.get("currency").isNull())) {
            document.put("currency", connection.defaultCurrency());
        }
        if (!connection.defaultTags().isEmpty()) {
            LinkedHashSet<String> tags = new LinkedHashSet<>();
            JsonNode existing = document.get("tags");
            if (existing != null && existing.isArray()) {
                existing.values().forEach(tag -> tags.add(tag.isString() ? tag.stringValue() : tag.toString()));
            } else if (existing != null && !existing.isNull()) {
                throw new MappingFailure("tags", "must be an array of strings");
            }
            tags.addAll(connection.defaultTags());
            ArrayNode array = document.putArray("tags");
            tags.forEach(array::add);
        }
        List<FieldProblem> problems = OrderContract.problemsOf(document);
        if (!problems.isEmpty()) {
            throw new MappingFailure(problems);
        }
        NewOrder order = OrderContract.parse(document);
        return new Prepared(mapped, order, Digests.sha256Hex(document.toString() + "|cancelled=" + mapped.cancelled()));
    }

    /**
     * Tries a mapping on a sample: the canonical order the sample maps to under the connection (or under
     * {@code mapping} when given), whether it passes the order data contract, and the shipment groups it would form;
     * stores nothing.
     */
    public Map<String, Object> tryMapping(
            StoredConnection connection, @Nullable String mapping, String topic, String sample) {
        StoredConnection trial = mapping == null
                ? connection
                : new StoredConnection(
                        connection.tenant(),
                        connection.id(),
                        connection.type(),
                        connection.name(),
                        connection.channel(),
                        connection.secret(),
                        connection.signatureHeader(),
                        mapping,
                        connection.defaultCurrency(),
                        connection.defaultTags(),
                        connection.mergeWindowMinutes(),
                        connection.outboundBaseUrl(),
                        connection.outboundToken(),
                        connection.createdAt(),
                        connection.updatedAt());
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            Mapped mapped = map(trial, topic, sample);
            if (mapped.document() == null) {
                result.put("valid", true);
                result.put("intent", mapped.intent().name().toLowerCase(java.util.Locale.ROOT));
                result.put("externalId", mapped.externalId());
                return result;
            }
            ObjectNode produced = mapped.document().deepCopy();
            try {
                Prepared prepared = prepare(trial, mapped);
                result.put("valid", true);
                result.put("order", mapped.document());
                result.put("lineExtras", mapped.lineExtras());
                result.put("shipmentGroups", shipments.plan(channelLines(prepared)));
                result.put("problems", List.of());
            } catch (MappingFailure invalid) {
                result.put("valid", false);
                result.put("order", produced);
                result.put("problems", invalid.problems());
            }
        } catch (MappingFailure failure) {
            result.put("valid", false);
            result.put("order", null);
            result.put("problems", failure.problems());
        }
        return result;
    }

    private Outcome upsert(
            StoredConnection connection, String topic, @Nullable String contentType, String body, Mapped mapped) {
        Prepared prepared;
        try {
            prepared = prepare(connection, mapped);
        } catch (MappingFailure invalid) {
            return Outcome.rejected(invalid.problems());
        }
        Instant now = clock.instant();
        Optional<ChannelOrders.Known> known = channelOrders.find(connection.id(), mapped.externalId());
        if (known.isEmpty()) {
            // A conflict here (the order API placed this channel's external id before) propagates: the payload is
            // then quarantined with the reason, in a transaction of its own.
            Order placed = orders.place(prepared.order());
            recordPlaced(connection, List.of(new Placed(prepared, placed, topic, contentType, body)), now);
            merges.consider(
                    placed,
                    MergeGroups.customerKey(placed.customer()),
                    MergeGroups.addressKey(placed.shippingAddress()),
                    mergeWindow(connection));
            if (mapped.cancelled()) {
                return Outcome.of(
                        "cancelled",
                        orders.cancel(placed.id(), mapped.cancelReason()).id(),
                        "placed and cancelled");
            }
            return Outcome.of("placed", placed.id(), null);
        }
        if (known.get().contentHash().equals(prepared.contentHash())) {
            return Outcome.of("unchanged", known.get().orderId(), "the channel sent this order unchanged before");
        }
        return update(connection, known.get(), prepared, topic, contentType, body, now);
    }

    /** Applies what changed in the channel: details while nothing shipped, payment, cancellation. */
    private Outcome update(
            StoredConnection connection,
            ChannelOrders.Known known,
            Prepared prepared,
            String topic,
            @Nullable String contentType,
            String body,
            Instant now) {
        NewOrder incoming = prepared.order();
        Order order = orders.get(known.orderId());
        List<String> notes = new ArrayList<>();
        String result = "updated";
        if (orders.allows(order, ANY_AMENDMENT)) {
            order = orders.amend(
                    order.id(),
                    new OrderAmendment(
                            incoming.customer(),
                            incoming.shippingAddress(),
                            incoming.billingAddress(),
                            incoming.notes() == null ? "" : incoming.notes(),
                            incoming.tags(),
                            incoming.attributes()));
        } else {
            notes.add("details not changed: the order is "
                    + order.status().wireName().replace('_', ' '));
        }
        if (!sameLines(order, incoming)) {
            notes.add("line changes are not applied to a placed order; edit it in Fulcrum");
        }
        Payment payment = incoming.payment();
        if (payment != null
                && payment.isCaptured()
                && orders.allows(order, new OrderAction.Pay(payment.method(), amountOf(payment)))) {
            order = orders.pay(order.id(), payment.method(), amountOf(payment));
        }
        if (prepared.mapped().cancelled() && !order.status().isCancelled()) {
            if (orders.allows(order, new OrderAction.Cancel(prepared.mapped().cancelReason()))) {
                order = orders.cancel(order.id(), prepared.mapped().cancelReason());
                result = "cancelled";
            } else {
                notes.add("not cancelled: units have shipped");
            }
        }
        channelOrders.changed(known, prepared.contentHash(), now);
        channelOrders.attach(order.id(), connection.id(), topic, contentType, body, now);
        return Outcome.of(result, order.id(), notes.isEmpty() ? null : String.join("; ", notes));
    }

    private Outcome delete(
            StoredConnection connection, String topic, @Nullable String contentType, String body, Mapped mapped) {
        Optional<ChannelOrders.Known> known = channelOrders.find(connection.id(), mapped.externalId());
        if (known.isEmpty()) {
            return Outcome.of("ignored", null, "order " + mapped.externalId() + " was never received");
        }
        channelOrders.attach(known.get().orderId(), connection.id(), topic, contentType, body, clock.instant());
        Order order = orders.get(known.get().orderId());
        if (order.status().isCancelled()) {
            return Outcome.of("unchanged", order.id(), "already cancelled");
        }
        if (!orders.allows(order, new OrderAction.Cancel(mapped.cancelReason()))) {
            return Outcome.of("ignored", order.id(), "not cancelled: units have shipped");
        }
        return Outcome.of(
                "cancelled", orders.cancel(order.id(), mapped.cancelReason()).id(), null);
    }

    private Outcome refund(
            StoredConnection connection, String topic, @Nullable String contentType, String body, Mapped mapped) {
        Optional<ChannelOrders.Known> known = channelOrders.find(connection.id(), mapped.externalId());
        if (known.isEmpty()) {
            return Outcome.rejected(List.of(new FieldProblem(
                    "order_id", "refund for order " + mapped.externalId() + ", which this connection never sent")));
        }
        channelOrders.attach(known.get().orderId(), connection.id(), topic, contentType, body, clock.instant());
        Order order = orders.get(known.get().orderId());
        Map<String, Object> attributes = new LinkedHashMap<>(order.attributes());
        List<Object> refunds = new ArrayList<>();
        if (attributes.get("refunds") instanceof List<?> earlier) {
            refunds.addAll(earlier);
        }
        refunds.add(mapped.refund());
        attributes.put("refunds", refunds);
        if (!orders.allows(order, ANY_AMENDMENT)) {
            return Outcome.of(
                    "refunded",
                    order.id(),
                    "the order is " + order.status().wireName().replace('_', ' ')
                            + ": the refund is kept with its payloads");
        }
        orders.amend(order.id(), new OrderAmendment(null, null, null, null, null, attributes));
        return Outcome.of("refunded", order.id(), null);
    }

    /** An order just placed from a prepared payload. */
    public record Placed(
            Prepared prepared,
            Order order,
            String topic,
            @Nullable String contentType,
            String body) {}

    /** Records the dedupe identity, first payload and shipment groups of orders just placed, in batches. */
    public void recordPlaced(StoredConnection connection, List<Placed> placed, Instant now) {
        List<ChannelOrders.NewChannelOrder> rows = new ArrayList<>();
        Map<OrderId, List<ChannelLine>> lines = new LinkedHashMap<>();
        for (Placed one : placed) {
            Order order = one.order();
            List<String> refs = one.prepared().mapped().lineExtras().stream()
                    .map(Mapped.LineExtra::ref)
                    .toList();
            rows.add(new ChannelOrders.NewChannelOrder(
                    connection.id(),
                    order.externalId(),
                    order.id(),
                    one.prepared().contentHash(),
                    MergeGroups.customerKey(order.customer()),
                    MergeGroups.addressKey(order.shippingAddress()),
                    json.writeValueAsString(refs),
                    one.topic(),
                    one.contentType(),
                    one.body()));
            lines.put(order.id(), channelLines(one.prepared()));
        }
        channelOrders.insertAll(rows, now);
        shipments.planAndStore(lines);
    }

    static List<ChannelLine> channelLines(Prepared prepared) {
        List<ChannelLine> lines = new ArrayList<>();
        List<NewOrderLine> orderLines = prepared.order().lines();
        List<Mapped.LineExtra> extras = prepared.mapped().lineExtras();
        for (int i = 0; i < orderLines.size(); i++) {
            Mapped.LineExtra extra =
                    i < extras.size() ? extras.get(i) : new Mapped.LineExtra(null, Map.of(), List.of());
            lines.add(new ChannelLine(
                    i + 1, orderLines.get(i).sku(), orderLines.get(i).quantity(), extra.attributes(), extra.tags()));
        }
        return lines;
    }

    public Duration mergeWindow(StoredConnection connection) {
        return connection.mergeWindowMinutes() != null
                ? Duration.ofMinutes(connection.mergeWindowMinutes())
                : defaultMergeWindow;
    }

    private static boolean sameLines(Order order, NewOrder incoming) {
        if (order.lines().size() != incoming.lines().size()) {
            return false;
        }
        for (int i = 0; i < incoming.lines().size(); i++) {
            NewOrderLine line = incoming.lines().get(i);
            var current = order.lines().get(i);
            if (!current.sku().equals(line.sku())
                    || current.quantity() != line.quantity()
                    || current.unitPrice().compareTo(line.unitPrice()) != 0) {
                return false;
            }
        }
        return true;
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + LenientJson.abbreviate(message));
    }

    /** Whether a connection type verifies webhooks by signature. */
    public static boolean signs(ConnectionType type) {
        return type == ConnectionType.SHOPIFY || type == ConnectionType.WOOCOMMERCE;
    }

    private static @Nullable BigDecimal amountOf(Payment payment) {
        return payment.amount() == null ? null : payment.amount().amount();
    }
}

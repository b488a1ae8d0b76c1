package dev.fulcrum.order;

import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Orders, their lines and holds in PostgreSQL. Explicit SQL; every statement names its tenant. */
@Repository
class Orders {

    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {};
    private static final TypeReference<List<OrderEvent.LineMovement>> MOVEMENTS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
    private final JsonMapper json;

    Orders(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate, JsonMapper json) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
    }

    void insert(Order order, long eventSequence) {
        insertAll(List.of(order));
        if (eventSequence != 1) {
            jdbc.sql("update orders set event_seq = ? where tenant_id = ? and id = ?")
                    .params(eventSequence, tenant(), order.id().value())
                    .update();
        }
    }

    /** Inserts new orders with their lines and holds as three JDBC batches; each order's event sequence starts at 1. */
    void insertAll(List<Order> batch) {
        UUID tenant = tenant();
        List<Object[]> headers = new ArrayList<>(batch.size());
        List<Object[]> lines = new ArrayList<>();
        List<Object[]> holds = new ArrayList<>();
        for (Order order : batch) {
            headers.add(new Object[] {
                tenant,
                order.id().value(),
                order.channel(),
                order.externalId(),
                order.currency(),
                json.writeValueAsString(order.customer()),
                order.customer().id(),
                json.writeValueAsString(order.shippingAddress()),
                jsonOrNull(order.billingAddress()),
                jsonOrNull(order.payment()),
                order.notes(),
                order.tags().toArray(String[]::new),
                json.writeValueAsString(order.attributes()),
                Timestamp.from(order.placedAt()),
                order.status().wireName(),
                order.statusCode(),
                order.flow().name(),
                order.flow().version(),
                order.flow().state(),
                order.total().amount(),
                searchText(order),
                1L,
                Timestamp.from(order.createdAt()),
                Timestamp.from(order.updatedAt()),
                timestampOrNull(order.shipBy()),
                order.deliverBy()
            });
            for (OrderLine line : order.lines()) {
                lines.add(new Object[] {
                    tenant,
                    order.id().value(),
                    line.lineNo(),
                    line.sku(),
                    line.quantity(),
                    line.unitPrice().amount(),
                    line.discount().amount(),
                    line.tax().amount(),
                    line.weightGrams()
                });
            }
            for (Hold hold : order.holds()) {
                holds.add(new Object[] {
                    tenant, order.id().value(), hold.type(), hold.reason(), hold.by(), Timestamp.from(hold.at())
                });
            }
        }
        batch("""
                insert into orders (tenant_id, id, channel, external_id, currency, customer, customer_id, shipping_address,
                    billing_address, payment, notes, tags, attributes, placed_at, status, status_code, flow_name, flow_version,
                    flow_state, total_amount, search_text, event_seq, created_at, updated_at, ship_by, deliver_by)
                values (?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", headers);
        batch("""
                insert into order_lines (tenant_id, order_id, line_no, sku, quantity, unit_price, discount, tax, weight_grams)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", lines);
        batch("""
                insert into order_holds (tenant_id, order_id, hold_type, reason, held_by, held_at)
                values (?, ?, ?, ?, ?, ?)""", holds);
    }

    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbcTemplate.batchUpdate(sql, rows);
        }
    }

    /** Which of these orders have an event sequence above {@code sequence}: changed since they were at it. */
    java.util.Set<OrderId> changedSince(List<OrderId> ids, long sequence) {
        if (ids.isEmpty()) {
            return java.util.Set.of();
        }
        UUID[] values = ids.stream().map(OrderId::value).toArray(UUID[]::new);
        return new java.util.HashSet<>(
                jdbc.sql("select id from orders where tenant_id = ? and id = any(?) and event_seq > ?")
                        .params(tenant(), values, sequence)
                        .query((rs, row) -> new OrderId(rs.getObject("id", UUID.class)))
                        .list());
    }

    /** Which of the given orders' (channel, external id) pairs were placed before. */
    List<NewOrder> findExisting(List<NewOrder> candidates) {
        String[] channels = candidates.stream().map(NewOrder::channel).toArray(String[]::new);
        String[] externalIds = candidates.stream().map(NewOrder::externalId).toArray(String[]::new);
        java.util.Set<String> existing = new java.util.HashSet<>(jdbc.sql("""
                select o.channel, o.external_id from orders o
                join unnest(?::text[], ?::text[]) as c(channel, external_id)
                  on o.channel = c.channel and o.external_id = c.external_id
                where o.tenant_id = ?""")
                .params(channels, externalIds, tenant())
                .query((rs, row) -> rs.getString("channel") + "\u0000" + rs.getString("external_id"))
                .list());
        return candidates.stream()
                .filter(order -> existing.contains(order.channel() + "\u0000" + order.externalId()))
                .toList();
    }

    /** How many orders were placed (committed in Fulcrum) at or after {@code since}. */
    long countCreatedSince(java.time.Instant since) {
        return jdbc.sql("select count(*) from orders where tenant_id = ? and created_at >= ?")
                .params(tenant(), Timestamp.from(since))
                .query(Long.class)
                .single();
    }

    /** The newest orders placed at or after {@code since}, at most {@code limit}, newest first. */
    @SuppressWarnings("NullAway") // id is NOT NULL
    List<OrderId> recentIds(java.time.Instant since, int limit) {
        return jdbc.sql("""
                select id from orders where tenant_id = ? and created_at >= ?
                order by created_at desc limit ?""")
                .params(tenant(), Timestamp.from(since), limit)
                .query((rs, row) -> new OrderId(rs.getObject("id", UUID.class)))
                .list();
    }

    /** The order with the given external id of a channel, if placed before. */
    Optional<OrderId> findIdByExternalId(String channel, String externalId) {
        return jdbc.sql("select id from orders where tenant_id = ? and channel = ? and external_id = ?")
                .params(tenant(), channel, externalId)
                .query((rs, row) -> new OrderId(rs.getObject("id", UUID.class)))
                .optional();
    }

    Optional<Order> find(OrderId id) {
        return load(id, false).map(LoadedOrder::order);
    }

    /**
     * The orders with the given ids as stored now, with their lines and holds, in one statement (the lines and holds
     * come aggregated as JSON beside each header); ids that do not exist are left out. Order is not kept.
     */
    List<Order> findAll(List<OrderId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        UUID[] values = ids.stream().map(OrderId::value).toArray(UUID[]::new);
        return jdbc.sql("""
                select o.*,
                    (select json_agg(json_build_array(l.line_no, l.sku, l.quantity, l.unit_price::text, l.discount::text, l.tax::text,
                            l.allocated, l.shipped, l.delivered, l.cancelled, l.return_requested, l.returned)
                        order by l.line_no)
                     from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id) as line_rows,
                    (select json_agg(json_build_array(h.hold_type, h.reason, h.held_by, h.held_at) order by h.held_at)
                     from order_holds h where h.tenant_id = o.tenant_id and h.order_id = o.id) as hold_rows
                from orders o where o.tenant_id = ? and o.id = any(?)""")
                .params(tenant(), values)
                .query((rs, row) -> {
                    Header header = header(rs);
                    Currency currency = header.currency;
                    return header.toOrder(
                            aggregatedLines(rs.getString("line_rows"), currency),
                            aggregatedHolds(rs.getString("hold_rows")));
                })
                .list();
    }

    private List<OrderLine> aggregatedLines(@Nullable String rows, Currency currency) {
        List<OrderLine> lines = new ArrayList<>();
        if (rows == null) {
            return lines;
        }
        for (tools.jackson.databind.JsonNode row : json.readTree(rows)) {
            int quantity = row.get(2).asInt();
            Money unitPrice = amount(new BigDecimal(row.get(3).asString()), currency);
            Money discount = amount(new BigDecimal(row.get(4).asString()), currency);
            Money tax = amount(new BigDecimal(row.get(5).asString()), currency);
            lines.add(new OrderLine(
                    row.get(0).asInt(),
                    row.get(1).asString(),
                    quantity,
                    unitPrice,
                    discount,
                    tax,
                    OrderLine.totalOf(quantity, unitPrice, discount, tax),
                    new LineQuantities(
                            quantity,
                            row.get(6).asInt(),
                            row.get(7).asInt(),
                            row.get(8).asInt(),
                            row.get(9).asInt(),
                            row.get(10).asInt(),
                            row.get(11).asInt())));
        }
        return lines;
    }

    private List<Hold> aggregatedHolds(@Nullable String rows) {
        List<Hold> holds = new ArrayList<>();
        if (rows == null) {
            return holds;
        }
        for (tools.jackson.databind.JsonNode row : json.readTree(rows)) {
            holds.add(new Hold(
                    row.get(0).asString(),
                    row.get(1).asString(),
                    row.get(2).asString(),
                    java.time.OffsetDateTime.parse(row.get(3).asString()).toInstant()));
        }
        return holds;
    }

    /** Loads the order and locks its row until the transaction ends: changes to one order are serialised. */
    Optional<LoadedOrder> lock(OrderId id) {
        return load(id, true);
    }

    private Optional<LoadedOrder> load(OrderId id, boolean forUpdate) {
        UUID tenant = tenant();
        Optional<Header> header = jdbc.sql(
                        "select * from orders where tenant_id = ? and id = ?" + (forUpdate ? " for update" : ""))
                .params(tenant, id.value())
                .query((rs, row) -> header(rs))
                .optional();
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Currency currency = header.get().currency;
        List<OrderLine> lines = jdbc.sql(
                        "select * from order_lines where tenant_id = ? and order_id = ? order by line_no")
                .params(tenant, id.value())
                .query((rs, row) -> line(rs, currency))
                .list();
        List<Hold> holds = jdbc.sql("select * from order_holds where tenant_id = ? and order_id = ? order by held_at")
                .params(tenant, id.value())
                .query((rs, row) -> new Hold(
                        rs.getString("hold_type"),
                        rs.getString("reason"),
                        rs.getString("held_by"),
                        rs.getTimestamp("held_at").toInstant()))
                .list();
        return Optional.of(new LoadedOrder(header.get().toOrder(lines, holds), header.get().eventSeq));
    }

    /**
     * Writes what an action can alter: the header's details, status, payment, tags, promise dates and event sequence
     * in one statement, then the line ledgers and holds that changed.
     */
    void save(Order before, Order after, long eventSequence) {
        UUID tenant = tenant();
        jdbc.sql("""
                update orders set status = ?, status_code = ?, payment = ?::jsonb, tags = ?, customer = ?::jsonb,
                    customer_id = ?, shipping_address = ?::jsonb, billing_address = ?::jsonb, notes = ?,
                    attributes = ?::jsonb, search_text = ?, ship_by = ?, deliver_by = ?, flow_state = ?, event_seq = ?,
                    updated_at = ?
                where tenant_id = ? and id = ?""")
                .params(
                        after.status().wireName(),
                        after.statusCode(),
                        jsonOrNull(after.payment()),
                        after.tags().toArray(String[]::new),
                        json.writeValueAsString(after.customer()),
                        after.customer().id(),
                        json.writeValueAsString(after.shippingAddress()),
                        jsonOrNull(after.billingAddress()),
                        after.notes(),
                        json.writeValueAsString(after.attributes()),
                        searchText(after),
                        timestampOrNull(after.shipBy()),
                        after.deliverBy(),
                        after.flow().state(),
                        eventSequence,
                        Timestamp.from(after.updatedAt()),
                        tenant,
                        after.id().value())
                .update();
        for (int i = 0; i < after.lines().size(); i++) {
            LineQuantities changed = after.lines().get(i).quantities();
            if (!changed.equals(before.lines().get(i).quantities())) {
                jdbc.sql("""
                        update order_lines set allocated = ?, shipped = ?, delivered = ?, cancelled = ?, return_requested = ?,
                            returned = ?
                        where tenant_id = ? and order_id = ? and line_no = ?""")
                        .params(
                                changed.allocated(),
                                changed.shipped(),
                                changed.delivered(),
                                changed.cancelled(),
                                changed.returnRequested(),
                                changed.returned(),
                                tenant,
                                after.id().value(),
                                after.lines().get(i).lineNo())
                        .update();
            }
        }
        Map<String, Hold> beforeHolds = before.holds().stream().collect(Collectors.toMap(Hold::type, hold -> hold));
        Map<String, Hold> afterHolds = after.holds().stream().collect(Collectors.toMap(Hold::type, hold -> hold));
        beforeHolds.keySet().stream()
                .filter(type -> !afterHolds.containsKey(type))
                .forEach(type -> jdbc.sql(
                                "delete from order_holds where tenant_id = ? and order_id = ? and hold_type = ?")
                        .params(tenant, after.id().value(), type)
                        .update());
        afterHolds.values().stream()
                .filter(hold -> !beforeHolds.containsKey(hold.type()))
                .forEach(hold -> insertHold(after.id(), hold));
    }

    /**
     * Writes the allocated units of orders whose event sequence is still {@code expectedSequence}, and moves it to
     * {@code newSequence}: two JDBC batches for any number of orders.
     *
     * @throws IllegalStateException when an order's sequence was not the expected one (it changed meanwhile)
     */
    void recordAllocations(List<Order> after, long expectedSequence, long newSequence) {
        UUID tenant = tenant();
        List<Object[]> headers = new ArrayList<>(after.size());
        List<Object[]> lines = new ArrayList<>();
        for (Order order : after) {
            headers.add(new Object[] {
                newSequence,
                Timestamp.from(order.updatedAt()),
                timestampOrNull(order.shipBy()),
                order.deliverBy(),
                tenant,
                order.id().value(),
                expectedSequence
            });
            for (OrderLine line : order.lines()) {
                if (line.quantities().allocated() > 0) {
                    lines.add(new Object[] {
                        line.quantities().allocated(), tenant, order.id().value(), line.lineNo()
                    });
                }
            }
        }
        int[] updated = jdbcTemplate.batchUpdate(
                "update orders set event_seq = ?, updated_at = ?, ship_by = ?, deliver_by = ? "
                        + "where tenant_id = ? and id = ? and event_seq = ?",
                headers);
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                throw new IllegalStateException("order " + after.get(i).id() + " changed after it was placed");
            }
        }
        batch("update order_lines set allocated = ? where tenant_id = ? and order_id = ? and line_no = ?", lines);
    }

    /**
     * Locks the orders (in id order, so two batches cannot deadlock) and answers each one's event sequence; ids that
     * do not exist are left out. One statement for any number of orders.
     */
    Map<OrderId, Long> lockSequences(List<OrderId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<OrderId, Long> sequences = new java.util.HashMap<>();
        jdbc.sql("select id, event_seq from orders where tenant_id = ? and id = any(?) order by id for update")
                .params(tenant(), ids.stream().map(OrderId::value).toArray(UUID[]::new))
                .query((rs, row) -> sequences.put(new OrderId(rs.getObject("id", UUID.class)), rs.getLong("event_seq")))
                .list();
        return sequences;
    }

    /**
     * Writes the allocated units and promise dates of existing orders, each moving from its own expected event
     * sequence to the next: two JDBC batches for any number of orders. Only lines whose allocation changed are written.
     *
     * @throws IllegalStateException when an order's sequence was not the expected one (it changed meanwhile)
     */
    void recordAllocationsOf(List<Order> before, List<Order> after, long[] expectedSequences) {
        UUID tenant = tenant();
        List<Object[]> headers = new ArrayList<>(after.size());
        List<Object[]> lines = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            Order order = after.get(i);
            headers.add(new Object[] {
                expectedSequences[i] + 1,
                Timestamp.from(order.updatedAt()),
                timestampOrNull(order.shipBy()),
                order.deliverBy(),
                tenant,
                order.id().value(),
                expectedSequences[i]
            });
            for (int l = 0; l < order.lines().size(); l++) {
                OrderLine line = order.lines().get(l);
                if (line.quantities().allocated()
                        != before.get(i).lines().get(l).quantities().allocated()) {
                    lines.add(new Object[] {
                        line.quantities().allocated(), tenant, order.id().value(), line.lineNo()
                    });
                }
            }
        }
        int[] updated = jdbcTemplate.batchUpdate(
                "update orders set event_seq = ?, updated_at = ?, ship_by = ?, deliver_by = ? "
                        + "where tenant_id = ? and id = ? and event_seq = ?",
                headers);
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                throw new IllegalStateException("order " + after.get(i).id() + " changed while it was allocated");
            }
        }
        batch("update order_lines set allocated = ? where tenant_id = ? and order_id = ? and line_no = ?", lines);
    }

    /** A change to record: the order, the event sequence number it took, the change and the request that made it. */
    record RecordedChange(OrderId orderId, long sequence, OrderChange change, String requestId) {}

    /** Records changes of any number of orders with one statement. */
    void insertChanges(List<RecordedChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        int size = changes.size();
        UUID[] orderIds = new UUID[size];
        long[] sequences = new long[size];
        String[] actions = new String[size];
        String[] lines = new String[size];
        String[] details = new String[size];
        String[] actors = new String[size];
        String[] requestIds = new String[size];
        String[] ats = new String[size];
        for (int i = 0; i < size; i++) {
            RecordedChange recorded = changes.get(i);
            OrderChange change = recorded.change();
            orderIds[i] = recorded.orderId().value();
            sequences[i] = recorded.sequence();
            actions[i] = change.action();
            lines[i] = json.writeValueAsString(change.lines());
            details[i] = json.writeValueAsString(change.details());
            actors[i] = change.actor();
            requestIds[i] = recorded.requestId();
            ats[i] = change.at().toString();
        }
        jdbc.sql("""
                insert into order_changes (tenant_id, order_id, seq, action, lines, details, actor, request_id, at)
                select ?, c.order_id, c.seq, c.action, c.lines::jsonb, c.details::jsonb, c.actor, c.request_id,
                    c.at::timestamptz
                from unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                    as c(order_id, seq, action, lines, details, actor, request_id, at)""")
                .params(tenant(), orderIds, sequences, actions, lines, details, actors, requestIds, ats)
                .update();
    }

    /** The recorded changes of an order, oldest first, with the request that made each. */
    List<RecordedChange> changes(OrderId orderId) {
        return jdbc.sql("""
                select seq, action, lines, details, actor, request_id, at from order_changes
                where tenant_id = ? and order_id = ? order by seq""")
                .params(tenant(), orderId.value())
                .query((rs, row) -> new RecordedChange(
                        orderId,
                        rs.getLong("seq"),
                        new OrderChange(
                                rs.getString("action"),
                                json.readValue(rs.getString("lines"), MOVEMENTS),
                                json.readValue(rs.getString("details"), ATTRIBUTES),
                                rs.getString("actor"),
                                rs.getTimestamp("at").toInstant()),
                        rs.getString("request_id")))
                .list();
    }

    List<OrderSummary> list(OrderQuery query) {
        StringBuilder sql = new StringBuilder("""
                select o.id, o.channel, o.external_id, o.currency, o.customer, o.status, o.status_code, o.total_amount,
                    o.placed_at, o.tags,
                    coalesce((select array_agg(h.hold_type order by h.held_at) from order_holds h
                              where h.tenant_id = o.tenant_id and h.order_id = o.id), '{}') as holds
                from orders o where o.tenant_id = ?""");
        List<Object> params = new ArrayList<>();
        params.add(tenant());
        if (query.status() != null) {
            sql.append(" and o.status = ?");
            params.add(query.status().wireName());
        }
        if (query.channel() != null) {
            sql.append(" and o.channel = ?");
            params.add(query.channel());
        }
        if (query.customer() != null) {
            sql.append(" and (o.customer_id = ? or lower(o.customer->>'email') = lower(?))");
            params.add(query.customer());
            params.add(query.customer());
        }
        if (query.placedFrom() != null) {
            sql.append(" and o.placed_at >= ?");
            params.add(Timestamp.from(query.placedFrom()));
        }
        if (query.placedTo() != null) {
            sql.append(" and o.placed_at < ?");
            params.add(Timestamp.from(query.placedTo()));
        }
        if (query.tag() != null) {
            sql.append(" and o.tags @> array[?]::text[]");
            params.add(query.tag());
        }
        if (query.text() != null) {
            sql.append(" and o.search_text like ?");
            params.add("%" + escapeLike(query.text().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (query.after() != null) {
            sql.append(" and (o.placed_at, o.id) < (?, ?)");
            params.add(Timestamp.from(query.after().placedAt()));
            params.add(query.after().id().value());
        }
        sql.append(" order by o.placed_at desc, o.id desc limit ?");
        params.add(query.limit());
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, row) -> summary(rs))
                .list();
    }

    private void insertHold(OrderId orderId, Hold hold) {
        jdbc.sql("""
                insert into order_holds (tenant_id, order_id, hold_type, reason, held_by, held_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(tenant(), orderId.value(), hold.type(), hold.reason(), hold.by(), Timestamp.from(hold.at()))
                .update();
    }

    private OrderSummary summary(ResultSet rs) throws SQLException {
        Customer customer = json.readValue(rs.getString("customer"), Customer.class);
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return new OrderSummary(
                new OrderId(rs.getObject("id", UUID.class)),
                rs.getString("channel"),
                rs.getString("external_id"),
                customer.name(),
                OrderStatus.fromWireName(rs.getString("status")),
                amount(rs.getBigDecimal("total_amount"), currency),
                rs.getTimestamp("placed_at").toInstant(),
                strings(rs.getArray("tags")),
                strings(rs.getArray("holds")));
    }

    private Header header(ResultSet rs) throws SQLException {
        Currency currency = Currency.getInstance(rs.getString("currency"));
        return new Header(
                new OrderId(rs.getObject("id", UUID.class)),
                rs.getString("channel"),
                rs.getString("external_id"),
                currency,
                json.readValue(rs.getString("customer"), Customer.class),
                json.readValue(rs.getString("shipping_address"), Address.class),
                readNullable(rs.getString("billing_address"), Address.class),
                payment(rs.getString("payment"), currency),
                rs.getString("notes"),
                strings(rs.getArray("tags")),
                json.readValue(rs.getString("attributes"), ATTRIBUTES),
                rs.getTimestamp("placed_at").toInstant(),
                OrderStatus.fromWireName(rs.getString("status")),
                new FlowRef(rs.getString("flow_name"), rs.getInt("flow_version"), rs.getString("flow_state")),
                amount(rs.getBigDecimal("total_amount"), currency),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                instantOrNull(rs.getTimestamp("ship_by")),
                rs.getObject("deliver_by", java.time.LocalDate.class),
                rs.getLong("event_seq"));
    }

    private static OrderLine line(ResultSet rs, Currency currency) throws SQLException {
        int quantity = rs.getInt("quantity");
        Money unitPrice = amount(rs.getBigDecimal("unit_price"), currency);
        Money discount = amount(rs.getBigDecimal("discount"), currency);
        Money tax = amount(rs.getBigDecimal("tax"), currency);
        return new OrderLine(
                rs.getInt("line_no"),
                rs.getString("sku"),
                quantity,
                unitPrice,
                discount,
                tax,
                OrderLine.totalOf(quantity, unitPrice, discount, tax),
                new LineQuantities(
                        quantity,
                        rs.getInt("allocated"),
                        rs.getInt("shipped"),
                        rs.getInt("delivered"),
                        rs.getInt("cancelled"),
                        rs.getInt("return_requested"),
                        rs.getInt("returned")),
                weightGrams(rs));
    }

    private static @Nullable Double weightGrams(ResultSet rs) throws SQLException {
        BigDecimal grams = rs.getBigDecimal("weight_grams");
        return grams == null ? null : grams.doubleValue();
    }

    private <T> @Nullable T readNullable(@Nullable String value, Class<T> type) {
        return value == null ? null : json.readValue(value, type);
    }

    private static @Nullable Timestamp timestampOrNull(java.time.@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static java.time.@Nullable Instant instantOrNull(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private @Nullable String jsonOrNull(@Nullable Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }

    private static List<String> strings(@Nullable Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /**
     * An amount as stored (numeric columns keep a fixed scale: {@code 1500.0000}) read back with the currency's own
     * scale ({@code 1500} yen). Only amounts that fit the currency were ever stored, so nothing is rounded here.
     */
    private static Money amount(BigDecimal stored, Currency currency) {
        return Money.rounded(stored, currency);
    }

    /** The payment as stored: its amount is a plain decimal in the order's currency. */
    private @Nullable Payment payment(@Nullable String stored, Currency currency) {
        if (stored == null) {
            return null;
        }
        tools.jackson.databind.JsonNode node = json.readTree(stored);
        tools.jackson.databind.JsonNode method = node.get("method");
        tools.jackson.databind.JsonNode amount = node.get("amount");
        return new Payment(
                node.get("status").asString(),
                method == null || method.isNull() ? null : method.asString(),
                amount == null || amount.isNull() ? null : amount(new BigDecimal(amount.asString()), currency));
    }

    private static String searchText(Order order) {
        StringBuilder text = new StringBuilder();
        text.append(order.externalId())
                .append(' ')
                .append(order.customer().name())
                .append(' ');
        append(text, order.customer().email());
        append(text, order.customer().phone());
        append(text, order.customer().id());
        append(text, order.notes());
        order.lines().forEach(line -> text.append(line.sku()).append(' '));
        return text.toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static void append(StringBuilder text, @Nullable String value) {
        if (value != null) {
            text.append(value).append(' ');
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }

    /** An order as loaded for a change, with the sequence number of its last event. */
    record LoadedOrder(Order order, long eventSequence) {}

    private record Header(
            OrderId id,
            String channel,
            String externalId,
            Currency currency,
            Customer customer,
            Address shippingAddress,
            @Nullable Address billingAddress,
            @Nullable Payment payment,
            @Nullable String notes,
            List<String> tags,
            Map<String, Object> attributes,
            java.time.Instant placedAt,
            OrderStatus status,
            FlowRef flow,
            Money total,
            java.time.Instant createdAt,
            java.time.Instant updatedAt,
            java.time.@Nullable Instant shipBy,
            java.time.@Nullable LocalDate deliverBy,
            long eventSeq) {

        Order toOrder(List<OrderLine> lines, List<Hold> holds) {
            return Order.builder()
                    .id(id)
                    .channel(channel)
                    .externalId(externalId)
                    .customer(customer)
                    .shippingAddress(shippingAddress)
                    .billingAddress(billingAddress)
                    .lines(lines)
                    .payment(payment)
                    .notes(notes)
                    .tags(tags)
                    .attributes(attributes)
                    .placedAt(placedAt)
                    .status(status)
                    .holds(holds)
                    .flow(flow)
                    .total(total)
                    .createdAt(createdAt)
                    .updatedAt(updatedAt)
                    .shipBy(shipBy)
                    .deliverBy(deliverBy)
                    .build();
        }
    }
}

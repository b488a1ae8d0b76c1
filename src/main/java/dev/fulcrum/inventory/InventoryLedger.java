package dev.fulcrum.inventory;

import static dev.fulcrum.inventory.Locations.tenant;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.Sku;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stock positions and their append-only movement ledger. Every change to a position writes its movement in the same
 * transaction, so that a position's on hand and reserved always equal the sums of its movements.
 *
 * <p>Reservations lock position rows one at a time in (location, SKU) order, each with a conditional update that only
 * succeeds while enough stock is available: concurrent orders can neither oversell nor deadlock on each other.
 */
@Service
public class InventoryLedger {

    private static final Comparator<Reservation> LOCK_ORDER = Comparator.comparing(
                    (Reservation line) -> line.locationId().value())
            .thenComparing(line -> line.sku().value());

    private final JdbcClient jdbc;
    private final Clock clock;

    InventoryLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new absolute on-hand figure (and safety stock) for one SKU, as a stock feed sends it. */
    public record PositionUpdate(
            Sku sku, int onHand, @Nullable Integer safetyStock) {}

    /** A relative change of on hand: {@code kind} is receive, adjust or restock. */
    public record Adjustment(
            LocationId locationId,
            Sku sku,
            int delta,
            String kind,
            @Nullable String reason,
            @Nullable OrderId orderId) {}

    /** The outcome of a reservation: everything reserved, or nothing and the first line that could not be. */
    public record ReservationOutcome(
            boolean reserved, @Nullable Reservation shortfall) {}

    /**
     * Applies an absolute stock snapshot of one location, stamped {@code asOf}. Each change of on hand is written
     * as a {@code snapshot} movement of the difference.
     *
     * @throws ApiProblem 409 when the location has a newer feed already, 404 when it does not exist
     */
    @Transactional
    public void applySnapshot(LocationId location, Instant asOf, List<PositionUpdate> positions) {
        String locationId = location.value();
        Instant latest = jdbc.sql("select stock_as_of from locations where tenant_id = ? and id = ? for update")
                .params(tenant(), locationId)
                .query((rs, row) -> rs.getTimestamp(1) == null
                        ? Instant.EPOCH
                        : rs.getTimestamp(1).toInstant())
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("location " + locationId + " does not exist"));
        if (asOf.isBefore(latest)) {
            throw ApiProblem.conflict(
                    "stale-stock-feed",
                    "location " + locationId + " has a newer stock feed (as of " + latest + ") than this one (" + asOf
                            + ")");
        }
        List<PositionUpdate> sorted = positions.stream()
                .sorted(Comparator.comparing(update -> update.sku().value()))
                .toList();
        for (PositionUpdate update : sorted) {
            String sku = update.sku().value();
            int previous = lockPosition(locationId, sku);
            int delta = update.onHand() - previous;
            jdbc.sql("""
                    update stock_positions set on_hand = ?, safety_stock = coalesce(?, safety_stock), updated_at = ?
                    where tenant_id = ? and location_id = ? and sku = ?""")
                    .params(update.onHand(), update.safetyStock(), now(), tenant(), locationId, sku)
                    .update();
            if (delta != 0) {
                insertMovement(locationId, sku, "snapshot", delta, 0, "stock feed as of " + asOf, null);
            }
        }
        jdbc.sql("update locations set stock_as_of = ? where tenant_id = ? and id = ?")
                .params(Timestamp.from(asOf), tenant(), locationId)
                .update();
    }

    /**
     * Applies relative changes of on hand in one transaction.
     *
     * @throws ApiProblem 409 when a change would take on hand below zero or below what is reserved
     */
    @Transactional
    public void adjust(List<Adjustment> adjustments) {
        List<Adjustment> sorted = adjustments.stream()
                .sorted(Comparator.comparing((Adjustment adjustment) ->
                                adjustment.locationId().value())
                        .thenComparing(adjustment -> adjustment.sku().value()))
                .toList();
        for (Adjustment adjustment : sorted) {
            String locationId = adjustment.locationId().value();
            String sku = adjustment.sku().value();
            requireLocation(locationId);
            lockPosition(locationId, sku);
            int changed = jdbc.sql("""
                    update stock_positions set on_hand = on_hand + ?, updated_at = ?
                    where tenant_id = ? and location_id = ? and sku = ? and on_hand + ? >= reserved and on_hand + ? >= 0""")
                    .params(
                            adjustment.delta(),
                            now(),
                            tenant(),
                            locationId,
                            sku,
                            adjustment.delta(),
                            adjustment.delta())
                    .update();
            if (changed == 0) {
                throw ApiProblem.conflict(
                        "insufficient-stock",
                        "adjusting " + adjustment.sku() + " at "
                                + adjustment.locationId() + " by " + adjustment.delta()
                                + " would leave less on hand than zero or than is reserved");
            }
            insertMovement(
                    locationId,
                    sku,
                    adjustment.kind(),
                    adjustment.delta(),
                    0,
                    adjustment.reason(),
                    adjustment.orderId() == null ? null : adjustment.orderId().value());
        }
    }

    /**
     * Takes returned units of one SKU back at a location, in the caller's transaction: {@code sellable} units go back on
     * hand (a {@code return} movement, available to promise again), {@code damaged} units into the position's damaged
     * quantity, which available-to-promise never counts (a {@code return} movement with only a damaged delta).
     *
     * @throws ApiProblem 404 when the location does not exist
     */
    @Transactional
    public void receiveReturn(
            LocationId location, Sku sku, int sellable, int damaged, OrderId orderId, @Nullable String reason) {
        if (sellable < 0 || damaged < 0 || sellable + damaged == 0) {
            throw new IllegalArgumentException("a return takes back a positive number of units");
        }
        requireLocation(location.value());
        lockPosition(location.value(), sku.value());
        jdbc.sql("""
                update stock_positions set on_hand = on_hand + ?, damaged = damaged + ?, updated_at = ?
                where tenant_id = ? and location_id = ? and sku = ?""")
                .params(sellable, damaged, now(), tenant(), location.value(), sku.value())
                .update();
        jdbc.sql("""
                insert into stock_movements (tenant_id, id, location_id, sku, kind, on_hand_delta, reserved_delta,
                    damaged_delta, reason, order_id, at, actor)
                values (?, ?, ?, ?, 'return', ?, 0, ?, ?, ?, ?, ?)""")
                .params(
                        tenant(),
                        Ids.timeOrdered(),
                        location.value(),
                        sku.value(),
                        sellable,
                        damaged,
                        reason,
                        orderId.value(),
                        now(),
                        RequestContext.require().actor())
                .update();
    }

    /** The location that last shipped units of {@code sku} for the order; empty when none was shipped from stock here. */
    @Transactional(readOnly = true)
    public java.util.Optional<LocationId> shippedFrom(OrderId orderId, Sku sku) {
        return jdbc.sql("""
                select location_id from stock_movements
                where tenant_id = ? and order_id = ? and sku = ? and kind = 'ship' order by at desc limit 1""")
                .params(tenant(), orderId.value(), sku.value())
                .query((rs, row) -> new LocationId(rs.getString(1)))
                .optional();
    }

    /** Units of a SKU at a location taken back damaged: never available to promise. Zero for an unknown position. */
    @Transactional(readOnly = true)
    public int damaged(LocationId location, Sku sku) {
        return jdbc.sql("select damaged from stock_positions where tenant_id = ? and location_id = ? and sku = ?")
                .params(tenant(), location.value(), sku.value())
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /**
     * Reserves every line for the order inside the caller's transaction, or nothing. Rows are locked in (location,
     * SKU) order; a line whose available quantity is short undoes the lines reserved before it (ADR 0021).
     *
     * @param expiresAt when the reservation lapses unless confirmed (orders waiting for payment); null: never
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ReservationOutcome reserve(OrderId orderId, List<Reservation> lines, @Nullable Instant expiresAt) {
        Map<String, Reservation> merged = new LinkedHashMap<>();
        for (Reservation line : lines) {
            merged.merge(
                    line.locationId() + "\u0000" + line.sku(),
                    line,
                    (a, b) -> new Reservation(a.locationId(), a.sku(), a.quantity() + b.quantity(), null));
        }
        List<Reservation> sorted = merged.values().stream().sorted(LOCK_ORDER).toList();
        List<UUID> movements = new ArrayList<>();
        for (Reservation line : sorted) {
            UUID movement = Ids.timeOrdered();
            Timestamp now = now();
            // One statement per line: the conditional update takes the row lock and checks availability, and only
            // when it succeeded are the ledger movement and the reservation row written. Keeping it to one round trip
            // keeps the hot row's lock short.
            int reserved = jdbc.sql("""
                    with reserved as (
                        update stock_positions set reserved = reserved + ?, updated_at = ?
                        where tenant_id = ? and location_id = ? and sku = ? and on_hand - reserved - safety_stock >= ?
                        returning tenant_id, location_id, sku),
                    movement as (
                        insert into stock_movements (tenant_id, id, location_id, sku, kind, on_hand_delta, reserved_delta,
                            reason, order_id, at, actor)
                        select tenant_id, ?, location_id, sku, 'reserve', 0, ?, 'reserved for order', ?, ?, ? from reserved)
                    insert into reservations (tenant_id, order_id, location_id, sku, quantity, expires_at, created_at)
                    select tenant_id, ?, location_id, sku, ?, ?, ? from reserved
                    on conflict (tenant_id, order_id, location_id, sku)
                    do update set quantity = reservations.quantity + excluded.quantity, expires_at = excluded.expires_at""")
                    .params(
                            line.quantity(),
                            now,
                            tenant(),
                            line.locationId().value(),
                            line.sku().value(),
                            line.quantity(),
                            movement,
                            line.quantity(),
                            orderId.value(),
                            now,
                            RequestContext.require().actor(),
                            orderId.value(),
                            line.quantity(),
                            expiresAt == null ? null : Timestamp.from(expiresAt),
                            now)
                    .update();
            if (reserved == 0) {
                // We hold the locks of the rows reserved so far: undoing them here keeps all-or-nothing without a
                // savepoint; their movements were never visible outside this transaction.
                for (int i = 0; i < movements.size(); i++) {
                    undo(orderId, sorted.get(i), movements.get(i));
                }
                return new ReservationOutcome(false, line);
            }
            movements.add(movement);
        }
        return new ReservationOutcome(true, null);
    }

    /** What one order of a batch reserves; {@code expiresAt} as for {@link #reserve}. */
    public record OrderReservation(
            OrderId orderId,
            List<Reservation> lines,
            @Nullable Instant expiresAt) {}

    /**
     * Reserves the lines of many orders inside the caller's transaction, all or nothing, with a fixed number of
     * statements however many orders there are: the positions are locked in (location, SKU) order (the order
     * {@link #reserve} locks in, so the two cannot deadlock), the quantities are added per position with one
     * conditional update that refuses to go below available, then one movement and one reservation row per order and
     * position are inserted. Returns false, having written the positions it could, when any position is short (stock
     * went meanwhile): the caller rolls back to a savepoint taken before (ADR 0078).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean reserveAll(List<OrderReservation> orders) {
        Map<String, Reservation> totals = new LinkedHashMap<>();
        List<OrderReservation> merged = new ArrayList<>(orders.size());
        for (OrderReservation order : orders) {
            Map<String, Reservation> lines = new LinkedHashMap<>();
            for (Reservation line : order.lines()) {
                String key = line.locationId() + "\u0000" + line.sku();
                lines.merge(
                        key,
                        line,
                        (a, b) -> new Reservation(a.locationId(), a.sku(), a.quantity() + b.quantity(), null));
                totals.merge(
                        key,
                        line,
                        (a, b) -> new Reservation(a.locationId(), a.sku(), a.quantity() + b.quantity(), null));
            }
            merged.add(new OrderReservation(order.orderId(), List.copyOf(lines.values()), order.expiresAt()));
        }
        if (totals.isEmpty()) {
            return true;
        }
        List<Reservation> positions =
                totals.values().stream().sorted(LOCK_ORDER).toList();
        String[] locationIds =
                positions.stream().map(line -> line.locationId().value()).toArray(String[]::new);
        String[] skus = positions.stream().map(line -> line.sku().value()).toArray(String[]::new);
        jdbc.sql("""
                select p.location_id from stock_positions p
                join unnest(?::text[], ?::text[]) as w(location_id, sku) on p.location_id = w.location_id and p.sku = w.sku
                where p.tenant_id = ? order by p.location_id collate "C", p.sku collate "C" for update of p""").params(locationIds, skus, tenant()).query(String.class).list();
        Timestamp now = now();
        int updated = jdbc.sql("""
                update stock_positions p set reserved = p.reserved + w.quantity, updated_at = ?
                from unnest(?::text[], ?::text[], ?::int[]) as w(location_id, sku, quantity)
                where p.tenant_id = ? and p.location_id = w.location_id and p.sku = w.sku
                  and p.on_hand - p.reserved - p.safety_stock >= w.quantity""")
                .params(
                        now,
                        locationIds,
                        skus,
                        positions.stream().map(Reservation::quantity).toArray(Integer[]::new),
                        tenant())
                .update();
        if (updated < positions.size()) {
            return false;
        }
        List<UUID> movementIds = new ArrayList<>();
        List<UUID> orderIds = new ArrayList<>();
        List<String> lineLocations = new ArrayList<>();
        List<String> lineSkus = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        List<Timestamp> expiries = new ArrayList<>();
        for (OrderReservation order : merged) {
            for (Reservation line : order.lines()) {
                movementIds.add(Ids.timeOrdered());
                orderIds.add(order.orderId().value());
                lineLocations.add(line.locationId().value());
                lineSkus.add(line.sku().value());
                quantities.add(line.quantity());
                expiries.add(order.expiresAt() == null ? null : Timestamp.from(order.expiresAt()));
            }
        }
        jdbc.sql("""
                insert into stock_movements (tenant_id, id, location_id, sku, kind, on_hand_delta, reserved_delta, reason,
                    order_id, at, actor)
                select ?, m.id, m.location_id, m.sku, 'reserve', 0, m.quantity, 'reserved for order', m.order_id, ?, ?
                from unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::uuid[]) as m(id, location_id, sku, quantity, order_id)""")
                .params(
                        tenant(),
                        now,
                        RequestContext.require().actor(),
                        movementIds.toArray(UUID[]::new),
                        lineLocations.toArray(String[]::new),
                        lineSkus.toArray(String[]::new),
                        quantities.toArray(Integer[]::new),
                        orderIds.toArray(UUID[]::new))
                .update();
        jdbc.sql("""
                insert into reservations (tenant_id, order_id, location_id, sku, quantity, expires_at, created_at)
                select ?, r.order_id, r.location_id, r.sku, r.quantity, r.expires_at, ?
                from unnest(?::uuid[], ?::text[], ?::text[], ?::int[], ?::timestamptz[])
                    as r(order_id, location_id, sku, quantity, expires_at)
                on conflict (tenant_id, order_id, location_id, sku)
                do update set quantity = reservations.quantity + excluded.quantity, expires_at = excluded.expires_at""")
                .params(
                        tenant(),
                        now,
                        orderIds.toArray(UUID[]::new),
                        lineLocations.toArray(String[]::new),
                        lineSkus.toArray(String[]::new),
                        quantities.toArray(Integer[]::new),
                        expiries.toArray(Timestamp[]::new))
                .update();
        return true;
    }

    /**
     * Locks every position of these SKUs in (location, SKU) order until the transaction ends, so that reserving for
     * many orders one after the other afterwards cannot deadlock with another transaction doing the same.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockPositions(Collection<Sku> skus) {
        jdbc.sql("""
                select location_id from stock_positions where tenant_id = ? and sku = any(?)
                order by location_id collate "C", sku collate "C" for update""").params(tenant(), values(skus)).query(String.class).list();
    }

    private void undo(OrderId orderId, Reservation line, UUID movement) {
        jdbc.sql(
                        "update stock_positions set reserved = reserved - ? where tenant_id = ? and location_id = ? and sku = ?")
                .params(
                        line.quantity(),
                        tenant(),
                        line.locationId().value(),
                        line.sku().value())
                .update();
        jdbc.sql("delete from stock_movements where tenant_id = ? and id = ?")
                .params(tenant(), movement)
                .update();
        int reduced = jdbc.sql("""
                update reservations set quantity = quantity - ?
                where tenant_id = ? and order_id = ? and location_id = ? and sku = ? and quantity > ?""")
                .params(
                        line.quantity(),
                        tenant(),
                        orderId.value(),
                        line.locationId().value(),
                        line.sku().value(),
                        line.quantity())
                .update();
        if (reduced == 0) {
            jdbc.sql("delete from reservations where tenant_id = ? and order_id = ? and location_id = ? and sku = ?")
                    .params(
                            tenant(),
                            orderId.value(),
                            line.locationId().value(),
                            line.sku().value())
                    .update();
        }
    }

    /** Releases everything the order holds, writing a {@code release} movement per position. Returns units released. */
    @Transactional
    public int release(OrderId orderId, String reason) {
        int units = 0;
        for (Reservation reservation : lockReservations(orderId)) {
            jdbc.sql("""
                    update stock_positions set reserved = reserved - ?, updated_at = ?
                    where tenant_id = ? and location_id = ? and sku = ?""")
                    .params(
                            reservation.quantity(),
                            now(),
                            tenant(),
                            reservation.locationId().value(),
                            reservation.sku().value())
                    .update();
            insertMovement(
                    reservation.locationId().value(),
                    reservation.sku().value(),
                    "release",
                    0,
                    -reservation.quantity(),
                    reason,
                    orderId.value());
            units += reservation.quantity();
        }
        jdbc.sql("delete from reservations where tenant_id = ? and order_id = ?")
                .params(tenant(), orderId.value())
                .update();
        return units;
    }

    /** Makes the order's reservations permanent (the order was paid). Returns whether it held any. */
    @Transactional
    public boolean confirm(OrderId orderId) {
        return jdbc.sql("update reservations set expires_at = null where tenant_id = ? and order_id = ?")
                        .params(tenant(), orderId.value())
                        .update()
                > 0;
    }

    /**
     * Ships units of a SKU for the order: takes them from its reservations, so that reserved and on hand both drop.
     * Units the order did not reserve are left for a stock feed or adjustment to account for.
     */
    @Transactional
    public void ship(OrderId orderId, Sku shipped, int quantity) {
        String sku = shipped.value();
        int left = quantity;
        for (Reservation reservation : lockReservations(orderId)) {
            if (left == 0 || !reservation.sku().equals(shipped)) {
                continue;
            }
            String locationId = reservation.locationId().value();
            int units = Math.min(left, reservation.quantity());
            jdbc.sql("""
                    update stock_positions set reserved = reserved - ?, on_hand = on_hand - ?, updated_at = ?
                    where tenant_id = ? and location_id = ? and sku = ?""").params(units, units, now(), tenant(), locationId, sku).update();
            insertMovement(locationId, sku, "ship", -units, -units, "shipped", orderId.value());
            if (units == reservation.quantity()) {
                jdbc.sql(
                                "delete from reservations where tenant_id = ? and order_id = ? and location_id = ? and sku = ?")
                        .params(tenant(), orderId.value(), locationId, sku)
                        .update();
            } else {
                jdbc.sql("""
                        update reservations set quantity = quantity - ?
                        where tenant_id = ? and order_id = ? and location_id = ? and sku = ?""")
                        .params(units, tenant(), orderId.value(), locationId, sku)
                        .update();
            }
            left -= units;
        }
    }

    /** What the order holds, in lock order. */
    @Transactional(readOnly = true)
    public List<Reservation> reservations(OrderId orderId) {
        return jdbc.sql("""
                select location_id, sku, quantity, expires_at from reservations
                where tenant_id = ? and order_id = ? order by location_id, sku""")
                .params(tenant(), orderId.value())
                .query((rs, row) -> new Reservation(
                        new LocationId(rs.getString(1)),
                        new Sku(rs.getString(2)),
                        rs.getInt(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** Which of these orders hold any stock, in one query (batch allocation checks a whole scope at once). */
    @Transactional(readOnly = true)
    public Set<OrderId> ordersHoldingStock(Collection<OrderId> orderIds) {
        if (orderIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        select distinct order_id from reservations where tenant_id = ? and order_id = any(?)""")
                .params(tenant(), orderIds.stream().map(OrderId::value).toArray(UUID[]::new))
                .query((rs, row) -> new OrderId(rs.getObject(1, UUID.class)))
                .list());
    }

    /** Positions of these SKUs at every location that has a row for them. */
    @Transactional(readOnly = true)
    public List<StockPosition> positions(Collection<Sku> skus) {
        return jdbc.sql("""
                select location_id, sku, on_hand, reserved, safety_stock from stock_positions
                where tenant_id = ? and sku = any(?) order by location_id, sku""")
                .params(tenant(), values(skus))
                .query((rs, row) -> position(rs))
                .list();
    }

    /** Every position at one location, by SKU. */
    @Transactional(readOnly = true)
    public List<StockPosition> positionsAt(LocationId locationId) {
        return jdbc.sql("""
                select location_id, sku, on_hand, reserved, safety_stock from stock_positions
                where tenant_id = ? and location_id = ? order by sku""")
                .params(tenant(), locationId.value())
                .query((rs, row) -> position(rs))
                .list();
    }

    private static StockPosition position(java.sql.ResultSet rs) throws java.sql.SQLException {
        return StockPosition.of(
                new LocationId(rs.getString(1)), new Sku(rs.getString(2)), rs.getInt(3), rs.getInt(4), rs.getInt(5));
    }

    private static String[] values(Collection<Sku> skus) {
        return skus.stream().map(Sku::value).toArray(String[]::new);
    }

    /** The latest movements of one position, newest first. */
    @Transactional(readOnly = true)
    public List<StockMovement> movements(LocationId locationId, Sku sku, int limit) {
        return jdbc.sql("""
                select * from stock_movements where tenant_id = ? and location_id = ? and sku = ?
                order by at desc, id desc limit ?""")
                .params(tenant(), locationId.value(), sku.value(), limit)
                .query((rs, row) -> new StockMovement(
                        rs.getObject("id", UUID.class),
                        rs.getString("location_id"),
                        rs.getString("sku"),
                        rs.getString("kind"),
                        rs.getInt("on_hand_delta"),
                        rs.getInt("reserved_delta"),
                        rs.getString("reason"),
                        rs.getObject("order_id", UUID.class),
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("actor")))
                .list();
    }

    /** Positions whose on hand or reserved differ from the sums of their movements; empty when the ledger holds. */
    @Transactional(readOnly = true)
    @SuppressWarnings("NullAway") // the query concatenates NOT NULL columns: no row is null
    public List<String> ledgerMismatches() {
        return jdbc.sql("""
                select p.location_id || '/' || p.sku || ': position ' || p.on_hand || '/' || p.reserved
                       || ', ledger ' || coalesce(m.on_hand, 0) || '/' || coalesce(m.reserved, 0)
                from stock_positions p
                left join (select location_id, sku, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved
                           from stock_movements where tenant_id = ? group by location_id, sku) m
                  on m.location_id = p.location_id and m.sku = p.sku
                where p.tenant_id = ? and (p.on_hand <> coalesce(m.on_hand, 0) or p.reserved <> coalesce(m.reserved, 0))""").params(tenant(), tenant()).query(String.class).list();
    }

    /** Tenants that have reservations past their expiry; read across tenants through a security-definer function. */
    @Transactional(readOnly = true)
    @SuppressWarnings("NullAway") // the function returns tenant ids, never null
    public List<UUID> tenantsWithExpiredReservations(Instant now) {
        return jdbc.sql("select fulcrum_tenants_with_expired_reservations(?)")
                .param(Timestamp.from(now))
                .query(UUID.class)
                .list();
    }

    /** Orders of the current tenant holding reservations that expired by {@code now}. */
    @Transactional(readOnly = true)
    public List<OrderId> ordersWithExpiredReservations(Instant now) {
        return jdbc.sql("""
                select distinct order_id from reservations where tenant_id = ? and expires_at is not null and expires_at <= ?""")
                .params(tenant(), Timestamp.from(now))
                .query((rs, row) -> new OrderId(rs.getObject(1, UUID.class)))
                .list();
    }

    private List<Reservation> lockReservations(OrderId orderId) {
        return jdbc.sql("""
                select r.location_id, r.sku, r.quantity, r.expires_at from reservations r
                join stock_positions p on p.tenant_id = r.tenant_id and p.location_id = r.location_id and p.sku = r.sku
                where r.tenant_id = ? and r.order_id = ? order by r.location_id, r.sku for update of p, r""")
                .params(tenant(), orderId.value())
                .query((rs, row) -> new Reservation(
                        new LocationId(rs.getString(1)),
                        new Sku(rs.getString(2)),
                        rs.getInt(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
                .list();
    }

    /** Locks a position (creating it empty if new) and returns its on hand. */
    private int lockPosition(String locationId, String sku) {
        jdbc.sql("""
                insert into stock_positions (tenant_id, location_id, sku, on_hand, reserved, safety_stock, updated_at)
                values (?, ?, ?, 0, 0, 0, ?) on conflict do nothing""").params(tenant(), locationId, sku, now()).update();
        return jdbc.sql(
                        "select on_hand from stock_positions where tenant_id = ? and location_id = ? and sku = ? for update")
                .params(tenant(), locationId, sku)
                .query(Integer.class)
                .single();
    }

    private void requireLocation(String locationId) {
        if (jdbc.sql("select count(*) from locations where tenant_id = ? and id = ?")
                        .params(tenant(), locationId)
                        .query(Integer.class)
                        .single()
                == 0) {
            throw ApiProblem.notFound("location " + locationId + " does not exist");
        }
    }

    private void insertMovement(
            String locationId,
            String sku,
            String kind,
            int onHandDelta,
            int reservedDelta,
            @Nullable String reason,
            @Nullable UUID orderId) {
        jdbc.sql("""
                insert into stock_movements (tenant_id, id, location_id, sku, kind, on_hand_delta, reserved_delta, reason,
                    order_id, at, actor)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        tenant(),
                        Ids.timeOrdered(),
                        locationId,
                        sku,
                        kind,
                        onHandDelta,
                        reservedDelta,
                        reason,
                        orderId,
                        now(),
                        RequestContext.require().actor())
                .update();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}

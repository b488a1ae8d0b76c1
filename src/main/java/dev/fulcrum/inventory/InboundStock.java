package dev.fulcrum.inventory;

import static dev.fulcrum.inventory.Locations.tenant;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.Sku;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Expected inbound stock: purchase-order lines with an expected date. An open line raises a position's availability
 * from its expected date on ({@link #expectedBy}); receiving it puts its units on hand through the stock ledger, so
 * that positions still equal the sums of their movements.
 */
@Service
public class InboundStock {

    private final JdbcClient jdbc;
    private final InventoryLedger ledger;
    private final AuditLog audit;
    private final Clock clock;

    InboundStock(JdbcClient jdbc, InventoryLedger ledger, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records a purchase-order line expected at a location on a date.
     *
     * @param reference what ordered it (a replenishment proposal), null when entered by hand
     * @throws ApiProblem 404 when the location does not exist
     */
    @Transactional
    public InboundLine expect(
            LocationId location,
            Sku sku,
            int quantity,
            LocalDate expectedOn,
            String purchaseOrder,
            @Nullable String reference) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("an inbound line brings a positive quantity");
        }
        boolean exists = jdbc.sql("select exists (select 1 from locations where tenant_id = ? and id = ?)")
                .params(tenant(), location.value())
                .query(Boolean.class)
                .single();
        if (!exists) {
            throw ApiProblem.notFound("location " + location + " does not exist");
        }
        UUID id = Ids.timeOrdered();
        jdbc.sql("""
                insert into inbound_lines (tenant_id, id, location_id, sku, quantity, expected_on, status, purchase_order,
                    reference, created_at, created_by)
                values (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)""")
                .params(
                        tenant(),
                        id,
                        location.value(),
                        sku.value(),
                        quantity,
                        Date.valueOf(expectedOn),
                        purchaseOrder,
                        reference,
                        Timestamp.from(clock.instant()),
                        RequestContext.require().actor())
                .update();
        audit.record(
                "inbound.expected",
                "inbound",
                id.toString(),
                Map.of(
                        "locationId", location.value(),
                        "sku", sku.value(),
                        "quantity", quantity,
                        "expectedOn", expectedOn.toString()));
        return find(id).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<InboundLine> find(UUID id) {
        return jdbc.sql("select * from inbound_lines where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query((rs, row) -> line(rs))
                .optional();
    }

    /**
     * One page of inbound lines by expected date, then id; filters are null for any.
     *
     * @param after the last line of the previous page, null for the first
     */
    @Transactional(readOnly = true)
    public List<InboundLine> list(
            @Nullable String status,
            @Nullable LocationId location,
            @Nullable Sku sku,
            @Nullable InboundLine after,
            int limit) {
        return jdbc.sql("""
                select * from inbound_lines where tenant_id = ?
                  and (?::text is null or status = ?) and (?::text is null or location_id = ?) and (?::text is null or sku = ?)
                  and (?::date is null or (expected_on, id) > (?::date, ?::uuid))
                order by expected_on, id limit ?""")
                .params(
                        tenant(),
                        status,
                        status,
                        location == null ? null : location.value(),
                        location == null ? null : location.value(),
                        sku == null ? null : sku.value(),
                        sku == null ? null : sku.value(),
                        after == null ? null : Date.valueOf(after.expectedOn()),
                        after == null ? null : Date.valueOf(after.expectedOn()),
                        after == null ? null : after.id(),
                        limit)
                .query((rs, row) -> line(rs))
                .list();
    }

    /**
     * Receives an open line whole: its units go on hand at its location (a {@code receive} movement naming the purchase
     * order) and it stops counting as inbound, in one transaction.
     *
     * @throws ApiProblem 404 when there is no such line, 409 when it is not open
     */
    @Transactional
    public InboundLine receive(UUID id) {
        InboundLine line = jdbc.sql("select * from inbound_lines where tenant_id = ? and id = ? for update")
                .params(tenant(), id)
                .query((rs, row) -> line(rs))
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("inbound line " + id + " does not exist"));
        if (!line.status().equals("open")) {
            throw ApiProblem.conflict("inbound-not-open", "inbound line " + id + " is " + line.status());
        }
        ledger.adjust(List.of(new InventoryLedger.Adjustment(
                line.locationId(),
                line.sku(),
                line.quantity(),
                "receive",
                "inbound " + line.purchaseOrder() + " (" + id + ")",
                null)));
        jdbc.sql("update inbound_lines set status = 'received', received_at = ? where tenant_id = ? and id = ?")
                .params(Timestamp.from(clock.instant()), tenant(), id)
                .update();
        audit.record("inbound.received", "inbound", id.toString(), Map.of("quantity", line.quantity()));
        return find(id).orElseThrow();
    }

    /** Where inbound units of one SKU stand at one location. */
    public record Expected(LocationId locationId, Sku sku, int quantity) {}

    /**
     * Units of open inbound lines of these SKUs expected on or before {@code by} (null: whenever), per location and
     * SKU: one set-based read, for availability by date and replenishment.
     */
    @Transactional(readOnly = true)
    public List<Expected> expectedBy(Collection<Sku> skus, @Nullable LocalDate by) {
        if (skus.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select location_id, sku, sum(quantity)::int from inbound_lines
                where tenant_id = ? and status = 'open' and sku = any(?) and (?::date is null or expected_on <= ?)
                group by location_id, sku order by location_id, sku""")
                .params(
                        tenant(),
                        skus.stream().map(Sku::value).toArray(String[]::new),
                        by == null ? null : Date.valueOf(by),
                        by == null ? null : Date.valueOf(by))
                .query((rs, row) ->
                        new Expected(new LocationId(rs.getString(1)), new Sku(rs.getString(2)), rs.getInt(3)))
                .list();
    }

    /**
     * The first date on which open inbound lines of {@code sku} (at any location, earliest first) add up to
     * {@code units}, with the locations they arrive at; empty when the open lines do not cover them. For a backordered
     * line: when it can be filled.
     */
    public static Optional<Cover> coverOf(List<InboundLine> open, Sku sku, int units) {
        int expected = 0;
        java.util.Set<String> at = new java.util.TreeSet<>();
        for (InboundLine line : open) {
            if (!line.sku().equals(sku)) {
                continue;
            }
            expected += line.quantity();
            at.add(line.locationId().value());
            if (expected >= units) {
                return Optional.of(new Cover(line.expectedOn(), List.copyOf(at)));
            }
        }
        return Optional.empty();
    }

    /** When open inbound lines cover a quantity, and where they arrive. */
    public record Cover(LocalDate on, List<String> locationIds) {}

    /** The open inbound lines of these SKUs, earliest expected first: one set-based read. */
    @Transactional(readOnly = true)
    public List<InboundLine> open(Collection<Sku> skus) {
        if (skus.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select * from inbound_lines where tenant_id = ? and status = 'open' and sku = any(?)
                order by expected_on, id""")
                .params(tenant(), skus.stream().map(Sku::value).toArray(String[]::new))
                .query((rs, row) -> line(rs))
                .list();
    }

    /** {@link #expectedBy} as a map keyed by location then SKU. */
    public static Map<LocationId, Map<Sku, Integer>> byLocation(List<Expected> expected) {
        Map<LocationId, Map<Sku, Integer>> map = new HashMap<>();
        expected.forEach(e ->
                map.computeIfAbsent(e.locationId(), any -> new HashMap<>()).merge(e.sku(), e.quantity(), Integer::sum));
        return map;
    }

    private static InboundLine line(ResultSet rs) throws SQLException {
        return new InboundLine(
                rs.getObject("id", UUID.class),
                new LocationId(rs.getString("location_id")),
                new Sku(rs.getString("sku")),
                rs.getInt("quantity"),
                rs.getDate("expected_on").toLocalDate(),
                rs.getString("status"),
                rs.getString("purchase_order"),
                rs.getString("reference"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                rs.getTimestamp("received_at") == null
                        ? null
                        : rs.getTimestamp("received_at").toInstant());
    }
}

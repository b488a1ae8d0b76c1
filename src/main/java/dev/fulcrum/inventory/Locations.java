package dev.fulcrum.inventory;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.RequestContext;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The current tenant's locations, and the orders each has taken on per local day against its daily capacity. */
@Service
public class Locations {

    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditLog audit;
    private final Clock clock;

    Locations(JdbcClient jdbc, JsonMapper json, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates or replaces a location; its stock and feed time are kept. */
    @Transactional
    public Location put(Location location) {
        jdbc.sql("""
                insert into locations (tenant_id, id, name, type, latitude, longitude, country, region, postal_code, time_zone,
                    capabilities, daily_order_capacity, handling_cost_per_order, handling_cost_per_unit, processing_hours,
                    cutoff_time, working_days, holidays, assortment, attributes, active, updated_at, lead_time_days,
                    review_period_days)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)
                on conflict (tenant_id, id) do update set name = excluded.name, type = excluded.type,
                    latitude = excluded.latitude, longitude = excluded.longitude, country = excluded.country,
                    region = excluded.region, postal_code = excluded.postal_code, time_zone = excluded.time_zone,
                    capabilities = excluded.capabilities, daily_order_capacity = excluded.daily_order_capacity,
                    handling_cost_per_order = excluded.handling_cost_per_order,
                    handling_cost_per_unit = excluded.handling_cost_per_unit, processing_hours = excluded.processing_hours,
                    cutoff_time = excluded.cutoff_time, working_days = excluded.working_days, holidays = excluded.holidays,
                    assortment = excluded.assortment, attributes = excluded.attributes, active = excluded.active,
                    updated_at = excluded.updated_at, lead_time_days = excluded.lead_time_days,
                    review_period_days = excluded.review_period_days""")
                .params(
                        tenant(),
                        location.id(),
                        location.name(),
                        location.type(),
                        location.latitude(),
                        location.longitude(),
                        location.country(),
                        location.region(),
                        location.postalCode(),
                        location.timeZone(),
                        location.capabilities().toArray(String[]::new),
                        location.dailyOrderCapacity(),
                        location.handlingCostPerOrder(),
                        location.handlingCostPerUnit(),
                        location.processingHours(),
                        Time.valueOf(location.cutoffTime()),
                        location.workingDays().toArray(String[]::new),
                        location.holidays().stream().map(Date::valueOf).toArray(Date[]::new),
                        location.assortment() == null
                                ? null
                                : location.assortment().toArray(String[]::new),
                        json.writeValueAsString(location.attributes()),
                        location.active(),
                        Timestamp.from(clock.instant()),
                        location.leadTimeDays(),
                        location.reviewPeriodDays())
                .update();
        audit.record(
                "location.upserted",
                "location",
                location.id(),
                Map.of("type", location.type(), "active", location.active()));
        return find(new LocationId(location.id())).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<Location> find(LocationId id) {
        return jdbc.sql("select * from locations where tenant_id = ? and id = ?")
                .params(tenant(), id.value())
                .query((rs, row) -> location(rs))
                .optional();
    }

    /** Every location of the tenant, by id; active only when asked. */
    @Transactional(readOnly = true)
    public List<Location> list(boolean activeOnly) {
        return jdbc.sql("select * from locations where tenant_id = ?" + (activeOnly ? " and active" : "")
                        + " order by id")
                .params(tenant())
                .query((rs, row) -> location(rs))
                .list();
    }

    /** Whether the tenant has at least one active location (cheaper than listing them). */
    @Transactional(readOnly = true)
    public boolean anyActive() {
        return jdbc.sql("select exists (select 1 from locations where tenant_id = ? and active)")
                .params(tenant())
                .query(Boolean.class)
                .single();
    }

    /** Orders each location has taken on for the given local day. */
    @Transactional(readOnly = true)
    public Map<String, Integer> loadOn(LocalDate day) {
        Map<String, Integer> load = new java.util.HashMap<>();
        jdbc.sql("select location_id, orders from location_daily_load where tenant_id = ? and day = ?")
                .params(tenant(), Date.valueOf(day))
                .query((rs, row) -> load.put(rs.getString(1), rs.getInt(2)))
                .list();
        return load;
    }

    /** Orders each location has taken on for each of the given local days: one query. */
    @Transactional(readOnly = true)
    public Map<LocalDate, Map<String, Integer>> loadsOn(Collection<LocalDate> days) {
        Map<LocalDate, Map<String, Integer>> loads = new java.util.HashMap<>();
        days.forEach(day -> loads.put(day, new java.util.HashMap<>()));
        jdbc.sql("select day, location_id, orders from location_daily_load where tenant_id = ? and day = any(?)")
                .params(tenant(), days.stream().map(Date::valueOf).toArray(Date[]::new))
                .query((rs, row) -> loads.computeIfAbsent(rs.getDate(1).toLocalDate(), day -> new java.util.HashMap<>())
                        .put(rs.getString(2), rs.getInt(3)))
                .list();
        return loads;
    }

    /** Orders a batch takes on at one location for one local day, against the location's capacity (null: none). */
    public record CapacityTake(
            LocationId locationId,
            LocalDate day,
            int orders,
            @Nullable Integer capacity) {}

    /**
     * Takes the orders of a batch from the locations' capacity, all or nothing, inside the caller's transaction: rows
     * are written in (location, day) order with one statement, each only while it stays within the capacity. Returns
     * false when any location would go over its capacity; the caller then rolls back what this did (a savepoint).
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public boolean takeCapacity(List<CapacityTake> takes) {
        List<CapacityTake> limited = takes.stream()
                .filter(take -> take.capacity() != null)
                .sorted(java.util.Comparator.comparing(
                                (CapacityTake take) -> take.locationId().value())
                        .thenComparing(CapacityTake::day))
                .toList();
        if (limited.isEmpty()) {
            return true;
        }
        if (limited.stream().anyMatch(take -> take.capacity() != null && take.orders() > take.capacity())) {
            return false;
        }
        int taken = jdbc.sql("""
                insert into location_daily_load (tenant_id, location_id, day, orders)
                select ?, t.location_id, t.day, t.orders
                from unnest(?::text[], ?::date[], ?::int[]) with ordinality as t(location_id, day, orders, n)
                order by t.n
                on conflict (tenant_id, location_id, day) do update set orders = location_daily_load.orders + excluded.orders
                where location_daily_load.orders + excluded.orders <= (select l.daily_order_capacity from locations l
                    where l.tenant_id = excluded.tenant_id and l.id = excluded.location_id)""")
                .params(
                        tenant(),
                        limited.stream().map(take -> take.locationId().value()).toArray(String[]::new),
                        limited.stream().map(take -> Date.valueOf(take.day())).toArray(Date[]::new),
                        limited.stream().map(CapacityTake::orders).toArray(Integer[]::new))
                .update();
        return taken == limited.size();
    }

    /**
     * Takes one order of the location's capacity for the day, inside the caller's transaction. Refuses (false)
     * when the location is at capacity; a location without a capacity always accepts.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public boolean takeCapacity(LocationId locationId, LocalDate day, @Nullable Integer capacity) {
        if (capacity == null) {
            return true;
        }
        return jdbc.sql("""
                insert into location_daily_load (tenant_id, location_id, day, orders) values (?, ?, ?, 1)
                on conflict (tenant_id, location_id, day) do update set orders = location_daily_load.orders + 1
                where location_daily_load.orders < ?""")
                                .params(tenant(), locationId.value(), Date.valueOf(day), capacity)
                                .update()
                        == 1
                && capacity > 0;
    }

    private Location location(ResultSet rs) throws SQLException {
        Array holidays = rs.getArray("holidays");
        return new Location(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("type"),
                rs.getDouble("latitude"),
                rs.getDouble("longitude"),
                rs.getString("country"),
                rs.getString("region"),
                rs.getString("postal_code"),
                rs.getString("time_zone"),
                strings(rs.getArray("capabilities")),
                (Integer) rs.getObject("daily_order_capacity"),
                rs.getBigDecimal("handling_cost_per_order"),
                rs.getBigDecimal("handling_cost_per_unit"),
                rs.getInt("processing_hours"),
                rs.getTime("cutoff_time").toLocalTime(),
                strings(rs.getArray("working_days")),
                holidays == null
                        ? List.of()
                        : Arrays.stream((Date[]) holidays.getArray())
                                .map(Date::toLocalDate)
                                .toList(),
                rs.getArray("assortment") == null ? null : strings(rs.getArray("assortment")),
                json.readValue(rs.getString("attributes"), ATTRIBUTES),
                rs.getBoolean("active"),
                rs.getTimestamp("stock_as_of") == null
                        ? null
                        : rs.getTimestamp("stock_as_of").toInstant(),
                rs.getInt("lead_time_days"),
                rs.getInt("review_period_days"));
    }

    static List<String> strings(@Nullable Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

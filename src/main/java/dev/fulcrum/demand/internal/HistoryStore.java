package dev.fulcrum.demand.internal;

import dev.fulcrum.demand.models.Forecaster;
import dev.fulcrum.shared.RequestContext;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Weekly demand, read set-based from the imported history and the units orders allocated to locations, added up per
 * series of a level: at {@code location} level over all SKUs of a location, at {@code sku} level over all locations,
 * at {@code sku-location} level per pair. In a series key an empty string stands for "all".
 */
@Component
public class HistoryStore {

    /** A series: its location and SKU, each empty for "all". */
    public record SeriesKey(String location, String sku) {

        /** The key the forecaster sees: unique per series, readable in logs. */
        public String id() {
            return location + "|" + sku;
        }
    }

    /** Every week of demand of the current tenant, imported and from orders, in one relation. */
    private static final String WEEKS = """
            (select location_id, sku, week, quantity, holiday from demand_history where tenant_id = :tenant
             union all
             select location_id, sku, week, quantity::float8, false from demand_order_units where tenant_id = :tenant)""";

    private final JdbcClient jdbc;

    HistoryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds one chunk of an import: rows of this import add up, rows of an earlier import are replaced. */
    public int write(UUID importId, Collection<HistoryCsv.Row> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                insert into demand_history (tenant_id, location_id, sku, week, quantity, holiday, import_id)
                select ?, r.location_id, r.sku, r.week, r.quantity, r.holiday, ?
                from unnest(?::text[], ?::text[], ?::date[], ?::float8[], ?::boolean[]) as r(location_id, sku, week, quantity, holiday)
                on conflict (tenant_id, location_id, sku, week) do update set
                    quantity = case when demand_history.import_id = excluded.import_id
                                    then demand_history.quantity + excluded.quantity else excluded.quantity end,
                    holiday = case when demand_history.import_id = excluded.import_id
                                   then demand_history.holiday or excluded.holiday else excluded.holiday end,
                    import_id = excluded.import_id""")
                .params(
                        tenant(),
                        importId,
                        rows.stream().map(HistoryCsv.Row::location).toArray(String[]::new),
                        rows.stream().map(HistoryCsv.Row::sku).toArray(String[]::new),
                        rows.stream().map(row -> Date.valueOf(row.week())).toArray(Date[]::new),
                        rows.stream().map(HistoryCsv.Row::quantity).toArray(Double[]::new),
                        rows.stream().map(HistoryCsv.Row::holiday).toArray(Boolean[]::new))
                .update();
    }

    /** The series of a level that have history up to {@code origin}, ordered by location and SKU. */
    public List<SeriesKey> seriesOf(String level, LocalDate origin, int limit) {
        String location = level.equals("sku") ? "''" : "location_id";
        String sku = level.equals("location") ? "''" : "sku";
        return jdbc.sql("select " + location + " as location, " + sku + " as sku from " + WEEKS
                        + " w where week <= :origin group by 1, 2 order by 1, 2 limit :limit")
                .param("tenant", tenant())
                .param("origin", Date.valueOf(origin))
                .param("limit", limit)
                .query((rs, row) -> new SeriesKey(rs.getString("location"), rs.getString("sku")))
                .list();
    }

    /** The latest week with any demand; empty without history. */
    public java.util.Optional<LocalDate> lastWeek() {
        List<@org.jspecify.annotations.Nullable Date> last = jdbc.sql("select max(week) from " + WEEKS + " w")
                .param("tenant", tenant())
                .query(Date.class)
                .list();
        return last.stream().filter(java.util.Objects::nonNull).findFirst().map(Date::toLocalDate);
    }

    /** Every week of each series (all of its history, also after any origin), keyed by {@link SeriesKey#id()}. */
    public Map<String, List<Forecaster.WeeklyPoint>> weeks(List<SeriesKey> keys) {
        Map<String, List<Forecaster.WeeklyPoint>> series = new LinkedHashMap<>();
        keys.forEach(key -> series.put(key.id(), new ArrayList<>()));
        if (keys.isEmpty()) {
            return series;
        }
        jdbc.sql("select k.location, k.sku, w.week, sum(w.quantity) as quantity, bool_or(w.holiday) as holiday from "
                        + WEEKS
                        + """
                         w join unnest(cast(:locations as text[]), cast(:skus as text[])) as k(location, sku)"""
                        + " on " + join(keys)
                        + " group by k.location, k.sku, w.week order by k.location, k.sku, w.week")
                .param("tenant", tenant())
                .param("locations", keys.stream().map(SeriesKey::location).toArray(String[]::new))
                .param("skus", keys.stream().map(SeriesKey::sku).toArray(String[]::new))
                .query(rs -> {
                    String id = new SeriesKey(rs.getString("location"), rs.getString("sku")).id();
                    List<Forecaster.WeeklyPoint> points = series.get(id);
                    if (points != null) {
                        points.add(new Forecaster.WeeklyPoint(
                                rs.getDate("week").toLocalDate(), rs.getDouble("quantity"), rs.getBoolean("holiday")));
                    }
                });
        return series;
    }

    /**
     * The join of a partition's keys to the weeks, by equality so that PostgreSQL can hash it: a partition's series are
     * all of one level, so the first key says which columns it names.
     */
    private static String join(List<SeriesKey> keys) {
        SeriesKey first = keys.getFirst();
        if (first.location().isEmpty()) {
            return "w.sku = k.sku";
        }
        return first.sku().isEmpty() ? "w.location_id = k.location" : "w.location_id = k.location and w.sku = k.sku";
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

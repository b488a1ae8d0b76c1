package dev.fulcrum.demand.internal;

import dev.fulcrum.demand.ForecastRun;
import dev.fulcrum.demand.ForecastSeries;
import dev.fulcrum.shared.RequestContext;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The SQL of forecast runs, their partitions and series; every statement names the current tenant. */
@Component
public class RunStore {

    /** A series as a partition job stores it. */
    public record StoredSeries(
            HistoryStore.SeriesKey key,
            LocalDate origin,
            String model,
            List<ForecastSeries.Point> points,
            List<ForecastSeries.Backtest> backtests,
            double errorStdDev,
            Scores.Score score) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RunStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insertRun(
            UUID id,
            String level,
            int horizonWeeks,
            LocalDate origin,
            List<List<HistoryStore.SeriesKey>> partitions,
            int seriesTotal,
            Instant now) {
        RequestContext context = RequestContext.require();
        jdbc.sql("""
                insert into forecast_runs (tenant_id, id, level, horizon_weeks, origin, status, partitions_total,
                    series_total, created_by, created_at)
                values (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)""")
                .params(
                        tenant(),
                        id,
                        level,
                        horizonWeeks,
                        Date.valueOf(origin),
                        partitions.size(),
                        seriesTotal,
                        context.actor(),
                        Timestamp.from(now))
                .update();
        for (int i = 0; i < partitions.size(); i++) {
            jdbc.sql("""
                    insert into forecast_partitions (tenant_id, run_id, partition_no, series, status)
                    values (?, ?, ?, ?::jsonb, 'pending')""")
                    .params(tenant(), id, i, json.writeValueAsString(partitions.get(i)))
                    .update();
        }
    }

    /** The series of a partition still pending; empty when it is done, failed or unknown. */
    public Optional<List<HistoryStore.SeriesKey>> pendingPartition(UUID runId, int partitionNo) {
        return jdbc.sql("""
                select series from forecast_partitions
                where tenant_id = ? and run_id = ? and partition_no = ? and status = 'pending'""")
                .params(tenant(), runId, partitionNo)
                .query((rs, row) ->
                        json.readValue(rs.getString("series"), new TypeReference<List<HistoryStore.SeriesKey>>() {}))
                .optional();
    }

    /**
     * Marks a partition done or failed; false when another instance did so first (the caller then writes nothing).
     * The row lock serialises two instances finishing the same partition.
     */
    public boolean finishPartition(UUID runId, int partitionNo, String status, String claimant) {
        return jdbc.sql("""
                        update forecast_partitions set status = ?, claimed_by = ?
                        where tenant_id = ? and run_id = ? and partition_no = ? and status = 'pending'""")
                        .params(status, claimant, tenant(), runId, partitionNo)
                        .update()
                == 1;
    }

    public void saveSeries(UUID runId, List<StoredSeries> series) {
        for (StoredSeries one : series) {
            jdbc.sql("""
                    insert into forecast_series (tenant_id, run_id, location_id, sku, origin, model, points, backtests,
                        error_std_dev, evaluated_weeks, actual_sum, abs_error_naive, abs_error_chosen)
                    values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, run_id, location_id, sku) do nothing""")
                    .params(
                            tenant(),
                            runId,
                            one.key().location(),
                            one.key().sku(),
                            Date.valueOf(one.origin()),
                            one.model(),
                            json.writeValueAsString(one.points()),
                            json.writeValueAsString(one.backtests()),
                            one.errorStdDev(),
                            one.score().weeks(),
                            one.score().actualSum(),
                            one.score().absErrorNaive(),
                            one.score().absErrorChosen())
                    .update();
        }
    }

    /** Adds a finished partition to the run; the last one marks the run done. Returns the run's status. */
    public String addPartition(UUID runId, int series, Scores.Score score, Instant now) {
        return jdbc.sql("""
                update forecast_runs set partitions_done = partitions_done + 1, series_done = series_done + ?,
                    evaluated_weeks = evaluated_weeks + ?, actual_sum = actual_sum + ?,
                    abs_error_naive = abs_error_naive + ?, abs_error_chosen = abs_error_chosen + ?,
                    status = case when status = 'running' and partitions_done + 1 >= partitions_total then 'done'
                                  else status end,
                    finished_at = case when status = 'running' and partitions_done + 1 >= partitions_total then ?
                                       else finished_at end
                where tenant_id = ? and id = ? returning status""")
                .params(
                        series,
                        score.weeks(),
                        score.actualSum(),
                        score.absErrorNaive(),
                        score.absErrorChosen(),
                        Timestamp.from(now),
                        tenant(),
                        runId)
                .query(String.class)
                .optional()
                .orElseThrow();
    }

    public void failRun(UUID runId, String error, Instant now) {
        jdbc.sql("""
                update forecast_runs set status = 'failed', error = ?, finished_at = ?
                where tenant_id = ? and id = ? and status = 'running'""").params(error, Timestamp.from(now), tenant(), runId).update();
    }

    public Optional<ForecastRun> run(UUID id) {
        return jdbc.sql("select * from forecast_runs where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query(RunStore::run)
                .optional();
    }

    public List<ForecastRun> runs(int limit) {
        return jdbc.sql("select * from forecast_runs where tenant_id = ? order by created_at desc, id desc limit ?")
                .params(tenant(), limit)
                .query(RunStore::run)
                .list();
    }

    /** The newest done run of each level: the ones the drift check watches. */
    public List<UUID> latestDoneRuns() {
        return jdbc.sql("""
                select distinct on (level) id from forecast_runs
                where tenant_id = ? and status = 'done' order by level, finished_at desc, id desc""").params(tenant()).query(UUID.class).list().stream()
                .map(java.util.Objects::requireNonNull)
                .toList();
    }

    /** Series of a run ordered by location and SKU, from {@code offset}. */
    public List<ForecastSeries> series(UUID runId, int limit, long offset) {
        return jdbc.sql("""
                select * from forecast_series where tenant_id = ? and run_id = ?
                order by location_id collate "C", sku collate "C" limit ? offset ?""")
                .params(tenant(), runId, limit, offset)
                .query((rs, row) -> series(rs))
                .list();
    }

    /** Series of a run after the given key (keyset paging, for streaming the whole run). */
    public List<ForecastSeries> seriesAfter(UUID runId, String location, String sku, int limit) {
        return jdbc.sql("""
                select * from forecast_series where tenant_id = ? and run_id = ?
                  and (location_id collate "C", sku collate "C") > (? collate "C", ? collate "C")
                order by location_id collate "C", sku collate "C" limit ?""")
                .params(tenant(), runId, location, sku, limit)
                .query((rs, row) -> series(rs))
                .list();
    }

    public Optional<ForecastSeries> oneSeries(UUID runId, String location, String sku) {
        return jdbc.sql(
                        "select * from forecast_series where tenant_id = ? and run_id = ? and location_id = ? and sku = ?")
                .params(tenant(), runId, location, sku)
                .query((rs, row) -> series(rs))
                .optional();
    }

    /** The latest done forecast of a SKU at a location, at the sku-location level. */
    public Optional<ForecastSeries> latest(String sku, String location) {
        return jdbc.sql("""
                select s.* from forecast_series s join forecast_runs r on r.tenant_id = s.tenant_id and r.id = s.run_id
                where s.tenant_id = ? and s.sku = ? and s.location_id = ? and r.status = 'done' and r.level = 'sku-location'
                order by r.finished_at desc, r.id desc limit 1""")
                .params(tenant(), sku, location)
                .query((rs, row) -> series(rs))
                .optional();
    }

    public void refit(UUID runId, ForecastSeries after) {
        jdbc.sql("""
                update forecast_series set origin = ?, model = ?, points = ?::jsonb, backtests = ?::jsonb,
                    error_std_dev = ?, refits = ?::jsonb
                where tenant_id = ? and run_id = ? and location_id = ? and sku = ?""")
                .params(
                        Date.valueOf(after.origin()),
                        after.model(),
                        json.writeValueAsString(after.points()),
                        json.writeValueAsString(after.backtests()),
                        after.errorStdDev(),
                        json.writeValueAsString(after.refits()),
                        tenant(),
                        runId,
                        after.location() == null ? "" : after.location(),
                        after.sku() == null ? "" : after.sku())
                .update();
        jdbc.sql("update forecast_runs set refits = refits + 1 where tenant_id = ? and id = ?")
                .params(tenant(), runId)
                .update();
    }

    private ForecastSeries series(ResultSet rs) throws SQLException {
        String location = rs.getString("location_id");
        String sku = rs.getString("sku");
        return new ForecastSeries(
                location.isEmpty() ? null : location,
                sku.isEmpty() ? null : sku,
                rs.getDate("origin").toLocalDate(),
                rs.getString("model"),
                rs.getDouble("error_std_dev"),
                json.readValue(rs.getString("points"), new TypeReference<List<ForecastSeries.Point>>() {}),
                json.readValue(rs.getString("backtests"), new TypeReference<List<ForecastSeries.Backtest>>() {}),
                ForecastRun.Evaluation.of(
                        rs.getInt("evaluated_weeks"),
                        rs.getDouble("actual_sum"),
                        rs.getDouble("abs_error_naive"),
                        rs.getDouble("abs_error_chosen")),
                json.readValue(rs.getString("refits"), new TypeReference<List<ForecastSeries.Refit>>() {}));
    }

    private static ForecastRun run(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new ForecastRun(
                rs.getObject("id", UUID.class),
                rs.getString("level"),
                rs.getInt("horizon_weeks"),
                rs.getDate("origin").toLocalDate(),
                rs.getString("status"),
                new ForecastRun.Progress(
                        rs.getInt("partitions_done"),
                        rs.getInt("partitions_total"),
                        rs.getInt("series_done"),
                        rs.getInt("series_total")),
                ForecastRun.Evaluation.of(
                        rs.getInt("evaluated_weeks"),
                        rs.getDouble("actual_sum"),
                        rs.getDouble("abs_error_naive"),
                        rs.getDouble("abs_error_chosen")),
                rs.getInt("refits"),
                rs.getString("error"),
                rs.getTimestamp("created_at").toInstant(),
                finished == null ? null : finished.toInstant());
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

package dev.fulcrum.risk.model;

import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code risk_models} table: every training run of each tenant, its backtest and fitted parameters. Every method
 * runs in the caller's transaction, for the tenant of the current {@link RequestContext}.
 */
@Repository
class RiskModelStore {

    /** A run that made no progress for the stall timeout is shown failed: the instance running it went away. */
    static final String STALLED = "training stopped without finishing: the instance running it stopped";

    /** The active model of a tenant, ready to score. */
    record Active(String modelVersion, LogisticModel model) {}

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final RiskModelSettings settings;

    RiskModelStore(JdbcClient jdbc, JsonMapper json, Clock clock, RiskModelSettings settings) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    /** The next version of the tenant; versions are serialised by a transaction lock on the tenant. */
    int nextVersion() {
        lockTenant();
        return jdbc.sql("select coalesce(max(version), 0) + 1 from risk_models where tenant_id = ?")
                .params(tenant())
                .query(Integer.class)
                .single();
    }

    /** Serialises runs and activations of the tenant until the transaction ends. */
    void lockTenant() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('risk_models'), hashtext(?::text))")
                .params(tenant().toString())
                .query((rs, row) -> 1)
                .single();
    }

    boolean trainingInProgress() {
        return jdbc.sql("""
                select exists (select 1 from risk_models where tenant_id = ? and status = 'training' and updated_at > ?)""")
                .params(tenant(), Timestamp.from(clock.instant().minus(settings.stallTimeout())))
                .query(Boolean.class)
                .single();
    }

    void insert(int version, ModelTrainer.Split split, int heldBackPercent, double threshold, int cap) {
        Instant now = clock.instant();
        jdbc.sql("""
                insert into risk_models (tenant_id, version, status, phase, progress, created_at, created_by, updated_at,
                    examples, training_examples, held_back_examples, held_back_percent, fraud_examples, threshold)
                values (?, ?, 'training', 'loaded', 0.1, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        tenant(),
                        version,
                        Timestamp.from(now),
                        RequestContext.require().actor(),
                        Timestamp.from(now),
                        split.training().size() + split.heldBack().size(),
                        split.training().size(),
                        split.heldBack().size(),
                        heldBackPercent,
                        split.fraud(),
                        threshold)
                .update();
    }

    void progress(int version, String phase, double progress) {
        jdbc.sql("""
                update risk_models set phase = ?, progress = ?, updated_at = ?
                where tenant_id = ? and version = ? and status = 'training'""")
                .params(phase, progress, Timestamp.from(clock.instant()), tenant(), version)
                .update();
    }

    void done(int version, LogisticModel model, Backtest backtest) {
        Instant now = clock.instant();
        jdbc.sql("""
                update risk_models set status = 'done', phase = 'done', progress = 1, updated_at = ?, trained_at = ?,
                    auc = ?, precision = ?, recall = ?, held_back_fraud = ?, flagged = ?, parameters = ?::jsonb
                where tenant_id = ? and version = ?""")
                .params(
                        Timestamp.from(now),
                        Timestamp.from(now),
                        backtest.auc(),
                        backtest.precision(),
                        backtest.recall(),
                        backtest.fraud(),
                        backtest.flagged(),
                        json.writeValueAsString(model.parameters()),
                        tenant(),
                        version)
                .update();
    }

    void failed(int version, String error) {
        jdbc.sql("""
                update risk_models set status = 'failed', phase = 'failed', updated_at = ?, error = ?
                where tenant_id = ? and version = ?""")
                .params(Timestamp.from(clock.instant()), error, tenant(), version)
                .update();
    }

    Optional<RiskModel> find(int version) {
        return jdbc.sql("select * from risk_models where tenant_id = ? and version = ?")
                .params(tenant(), version)
                .query((rs, row) -> model(rs, true))
                .optional();
    }

    /** The tenant's runs, newest first, below version {@code before} when given. */
    List<RiskModel> list(@Nullable Integer before, int limit) {
        return jdbc.sql("""
                select * from risk_models where tenant_id = ? and version < ? order by version desc limit ?""")
                .params(tenant(), before == null ? Integer.MAX_VALUE : before, limit)
                .query((rs, row) -> model(rs, false))
                .list();
    }

    /** Makes {@code version} the tenant's only active model. */
    void activate(int version) {
        jdbc.sql("update risk_models set active = false where tenant_id = ? and active and version <> ?")
                .params(tenant(), version)
                .update();
        jdbc.sql("update risk_models set active = true where tenant_id = ? and version = ? and status = 'done'")
                .params(tenant(), version)
                .update();
    }

    Optional<Active> active() {
        return jdbc.sql("select version, parameters from risk_models where tenant_id = ? and active")
                .params(tenant())
                .query((rs, row) -> new Active(
                        RiskModel.modelVersion(rs.getInt("version")),
                        new LogisticModel(json.readValue(rs.getString("parameters"), LogisticModel.Parameters.class))))
                .optional();
    }

    private RiskModel model(ResultSet rs, boolean withFeatures) throws SQLException {
        String status = rs.getString("status");
        String phase = rs.getString("phase");
        String error = rs.getString("error");
        Instant updatedAt = rs.getTimestamp("updated_at").toInstant();
        if (status.equals(RiskModel.TRAINING)
                && updatedAt.isBefore(clock.instant().minus(settings.stallTimeout()))) {
            status = RiskModel.FAILED;
            phase = RiskModel.FAILED;
            error = STALLED;
        }
        int version = rs.getInt("version");
        Timestamp trainedAt = rs.getTimestamp("trained_at");
        double threshold = rs.getDouble("threshold");
        Backtest backtest = null;
        if (status.equals(RiskModel.DONE)) {
            backtest = new Backtest(
                    rs.getInt("held_back_examples"),
                    rs.getInt("held_back_fraud"),
                    rs.getDouble("auc"),
                    threshold,
                    rs.getInt("flagged"),
                    (Double) rs.getObject("precision"),
                    rs.getDouble("recall"));
        }
        String parameters = rs.getString("parameters");
        List<LogisticModel.Feature> features = withFeatures && parameters != null
                ? json.readValue(parameters, LogisticModel.Parameters.class).features()
                : null;
        return new RiskModel(
                version,
                RiskModel.modelVersion(version),
                status,
                phase,
                rs.getDouble("progress"),
                rs.getBoolean("active"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                updatedAt,
                trainedAt == null ? null : trainedAt.toInstant(),
                new RiskModel.Examples(
                        rs.getInt("examples"),
                        rs.getInt("training_examples"),
                        rs.getInt("held_back_examples"),
                        rs.getInt("held_back_percent"),
                        rs.getInt("fraud_examples"),
                        settings.maxExamples()),
                threshold,
                backtest,
                error,
                features);
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}

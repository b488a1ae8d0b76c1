package dev.fulcrum.risk.model;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One training run of a tenant's learned score, as the API shows it.
 *
 * @param version the run's number within the tenant (1, 2, ...)
 * @param modelVersion the name assessments carry ({@code learned-3})
 * @param status {@code training}, {@code done} or {@code failed}
 * @param phase what the run is doing or last did ({@code loaded}, {@code standardised}, {@code training},
 *     {@code backtesting}, {@code done}, {@code failed})
 * @param progress from 0 to 1
 * @param backtest the held-back slice's figures; null until the run is done
 * @param features the fitted model per feature (mean, scale, weight); only on a single read of a done run
 */
record RiskModel(
        int version,
        String modelVersion,
        String status,
        String phase,
        double progress,
        boolean active,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        @Nullable Instant trainedAt,
        Examples examples,
        double threshold,
        @Nullable Backtest backtest,
        @Nullable String error,
        @Nullable List<LogisticModel.Feature> features) {

    static final String TRAINING = "training";
    static final String DONE = "done";
    static final String FAILED = "failed";

    /**
     * The labelled examples of the run.
     *
     * @param total all of them (at most {@code cap})
     * @param training the oldest, which fitted the model
     * @param heldBack the latest, held back to backtest it
     * @param heldBackPercent the share held back
     * @param fraud how many of all were fraud or a chargeback
     * @param cap the most examples one run takes ({@code fulcrum.risk.model.max-examples})
     */
    record Examples(int total, int training, int heldBack, int heldBackPercent, int fraud, int cap) {}

    static String modelVersion(int version) {
        return "learned-" + version;
    }

    RiskModel withoutFeatures() {
        return features == null
                ? this
                : new RiskModel(
                        version,
                        modelVersion,
                        status,
                        phase,
                        progress,
                        active,
                        createdAt,
                        createdBy,
                        updatedAt,
                        trainedAt,
                        examples,
                        threshold,
                        backtest,
                        error,
                        null);
    }
}

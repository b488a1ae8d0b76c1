package dev.fulcrum.risk.model;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The learned score's settings, under {@code fulcrum.risk.model} (environment {@code FULCRUM_RISK_MODEL_*}); see
 * docs/guide/risk-model.md and docs/guide/limits.md.
 *
 * @param maxExamples the most labelled examples one training run takes; a tenant with more is refused up front
 * @param minExamples the fewest labelled examples a run accepts
 * @param minPerClass the fewest fraud, and legitimate, examples each slice (training, held back) must hold
 * @param maxFeatures the most distinct feature names a model may have
 * @param epochs passes of stochastic gradient descent over the training slice
 * @param concurrentTrainings how many runs one instance trains at once; another request meanwhile gets 503
 * @param stallTimeout a run without progress for this long is reported failed (its instance stopped)
 * @param cacheTenants how many tenants' active models one instance keeps in memory
 * @param cacheRefresh how soon an activation made on another instance is seen here
 */
@ConfigurationProperties("fulcrum.risk.model")
record RiskModelSettings(
        int maxExamples,
        int minExamples,
        int minPerClass,
        int maxFeatures,
        int epochs,
        int concurrentTrainings,
        Duration stallTimeout,
        int cacheTenants,
        Duration cacheRefresh) {

    RiskModelSettings {
        maxExamples = maxExamples <= 0 ? 50_000 : maxExamples;
        minExamples = minExamples <= 0 ? 100 : minExamples;
        minPerClass = minPerClass <= 0 ? 5 : minPerClass;
        maxFeatures = maxFeatures <= 0 ? 200 : maxFeatures;
        epochs = epochs <= 0 ? 10 : epochs;
        concurrentTrainings = concurrentTrainings <= 0 ? 1 : concurrentTrainings;
        stallTimeout = stallTimeout == null ? Duration.ofMinutes(10) : stallTimeout;
        cacheTenants = cacheTenants <= 0 ? 1_000 : cacheTenants;
        cacheRefresh = cacheRefresh == null ? Duration.ofSeconds(30) : cacheRefresh;
    }

    ModelTrainer.Settings trainer() {
        return new ModelTrainer.Settings(minExamples, minPerClass, maxFeatures, epochs);
    }
}

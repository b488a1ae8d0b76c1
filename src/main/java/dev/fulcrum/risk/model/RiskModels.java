package dev.fulcrum.risk.model;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.shared.TenantId;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Trains, lists and activates a tenant's learned models. A run is checked and its examples read while the request
 * waits, so that a run that cannot succeed is refused with the reason; the fitting and the backtest then run in the
 * background, reporting their phase and progress in {@code risk_models}.
 */
@Service
class RiskModels {

    /** The review threshold a run is measured at when the request names none. */
    static final double DEFAULT_THRESHOLD = 60;

    /** The share of the latest examples held back when the request names none. */
    static final int DEFAULT_HELD_BACK_PERCENT = 20;

    private static final Logger log = LoggerFactory.getLogger(RiskModels.class);

    private final ObjectProvider<TrainingExamples> examples;
    private final RiskModelStore store;
    private final ActiveModels activeModels;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final RiskModelSettings settings;
    private final ModelTrainer trainer;
    private final Semaphore trainingSlots;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();

    RiskModels(
            ObjectProvider<TrainingExamples> examples,
            RiskModelStore store,
            ActiveModels activeModels,
            AuditLog audit,
            PlatformTransactionManager transactionManager,
            RiskModelSettings settings) {
        this.examples = examples;
        this.store = store;
        this.activeModels = activeModels;
        this.audit = audit;
        this.transactions = new TransactionTemplate(transactionManager);
        this.settings = settings;
        this.trainer = new ModelTrainer(settings.trainer());
        this.trainingSlots = new Semaphore(settings.concurrentTrainings());
    }

    /**
     * Starts a run on the tenant's labelled examples: the latest {@code heldBackPercent} percent are held back and the
     * model is measured on them at {@code threshold}.
     *
     * @throws ApiProblem 503 {@code training-busy} when this instance is already training; 409
     *     {@code training-in-progress} when the tenant has a run going; 422 when the examples cannot make a model
     *     (too many, too few, one class)
     */
    RiskModel train(double threshold, int heldBackPercent) {
        TrainingExamples source = examples.getIfAvailable();
        if (source == null) {
            throw ApiProblem.unavailable(
                    "no-training-examples",
                    "no source of labelled examples is installed: risk assessments with outcomes are needed to train");
        }
        if (!trainingSlots.tryAcquire()) {
            throw ApiProblem.unavailable(
                    "training-busy",
                    "models",
                    "this instance trains at most " + settings.concurrentTrainings()
                            + " model(s) at once, all in use: retry when a run has finished");
        }
        boolean handedOver = false;
        try {
            RequestContext context = RequestContext.require();
            TenantId tenant = context.tenantId();
            int cap = settings.maxExamples();
            ModelTrainer.Split split = Objects.requireNonNull(transactions.execute(status -> {
                if (store.trainingInProgress()) {
                    throw inProgress();
                }
                List<TrainingExamples.Example> labelled = source.labelled(tenant, cap + 1);
                if (labelled.size() > cap) {
                    throw ApiProblem.unprocessable(
                            "too-many-examples",
                            RequestLimits.overCap(labelled.size(), cap, "labelled examples per training run")
                                    + " (or more): raise fulcrum.risk.model.max-examples");
                }
                return trainer.split(labelled, heldBackPercent);
            }));
            int version = Objects.requireNonNull(transactions.execute(status -> {
                int next = store.nextVersion();
                // Checked again under the tenant's lock: another instance may have started a run meanwhile.
                if (store.trainingInProgress()) {
                    throw inProgress();
                }
                store.insert(next, split, heldBackPercent, threshold, cap);
                audit.record(
                        "risk.model.training-started",
                        "risk-model",
                        String.valueOf(next),
                        Map.of(
                                "examples",
                                        split.training().size()
                                                + split.heldBack().size(),
                                "heldBackPercent", heldBackPercent,
                                "threshold", threshold));
                return next;
            }));
            // Read before the run starts, so that the answer always shows the run as it was accepted.
            RiskModel accepted = get(version);
            RequestContext background = new RequestContext(tenant, context.actor(), context.requestId());
            runs.execute(() -> {
                try {
                    background.run(() -> run(version, split, threshold));
                } finally {
                    trainingSlots.release();
                }
            });
            handedOver = true;
            return accepted;
        } finally {
            if (!handedOver) {
                trainingSlots.release();
            }
        }
    }

    private static ApiProblem inProgress() {
        return ApiProblem.conflict("training-in-progress", "a model of this tenant is training: wait until it is done");
    }

    private void run(int version, ModelTrainer.Split split, double threshold) {
        try {
            ModelTrainer.Trained trained = trainer.train(
                    split,
                    threshold,
                    (phase, progress) -> transactions.executeWithoutResult(
                            status -> store.progress(version, phase, Math.min(progress, 0.99))));
            transactions.executeWithoutResult(status -> store.done(version, trained.model(), trained.backtest()));
            log.info(
                    "risk model {} trained on {} examples: AUC {} on the {} held back",
                    RiskModel.modelVersion(version),
                    split.training().size(),
                    trained.backtest().auc(),
                    split.heldBack().size());
        } catch (RuntimeException | LinkageError failure) {
            log.warn("risk model {} failed to train", RiskModel.modelVersion(version), failure);
            String reason = failure.getMessage() == null
                    ? failure.getClass().getSimpleName()
                    : failure.getClass().getSimpleName() + ": " + failure.getMessage();
            transactions.executeWithoutResult(status -> store.failed(version, reason));
        }
    }

    RiskModel get(int version) {
        return Objects.requireNonNull(transactions.execute(status -> store.find(version)
                .orElseThrow(() -> ApiProblem.notFound("risk model " + version + " does not exist"))));
    }

    List<RiskModel> list(@Nullable Integer before, int limit) {
        return Objects.requireNonNull(transactions.execute(status -> store.list(before, limit)));
    }

    /**
     * Makes a done model the tenant's active one; new assessments score with it from now on (on other instances within
     * {@code fulcrum.risk.model.cache-refresh}).
     *
     * @throws ApiProblem 404 when there is no such version; 409 {@code model-not-done} when it is training or failed
     */
    RiskModel activate(int version) {
        TenantId tenant = RequestContext.require().tenantId();
        RiskModel activated = Objects.requireNonNull(transactions.execute(status -> {
            store.lockTenant();
            RiskModel model = store.find(version)
                    .orElseThrow(() -> ApiProblem.notFound("risk model " + version + " does not exist"));
            if (!model.status().equals(RiskModel.DONE)) {
                throw ApiProblem.conflict(
                        "model-not-done",
                        "risk model " + version + " is " + model.status() + ": only a done model can be activated");
            }
            store.activate(version);
            audit.record(
                    "risk.model.activated",
                    "risk-model",
                    String.valueOf(version),
                    Map.of("modelVersion", model.modelVersion()));
            return store.find(version).orElseThrow();
        }));
        activeModels.forget(tenant);
        return activated;
    }

    @PreDestroy
    void stop() {
        // A run cut short here stays "training" until the stall timeout shows it failed.
        runs.shutdownNow();
    }
}

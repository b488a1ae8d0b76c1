package dev.fulcrum.risk.model;

import dev.fulcrum.shared.ApiProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a {@link LogisticModel} from labelled examples and backtests it; no Spring, no database. The examples are
 * split by time: the oldest train the model, the latest slice (a share the caller chooses) is held back and only
 * scored, as new orders would be. Values are standardised with the training slice's means and deviations alone, so
 * nothing of the held-back slice leaks into the model.
 *
 * <p>The weights are fitted by Tribuo's {@link LinearSGDTrainer} with the logistic (softmax) loss and AdaGrad, with a
 * fixed seed, so the same examples give the same model (ADR 0120).
 */
final class ModelTrainer {

    static final String FRAUD = "fraud";
    static final String LEGITIMATE = "legitimate";

    /**
     * What a run needs and may take.
     *
     * @param minExamples the fewest labelled examples a run accepts
     * @param minPerClassAndSlice the fewest fraud, and legitimate, examples each slice (training, held back) must hold
     * @param maxFeatures the most distinct feature names a model may have
     * @param epochs passes of stochastic gradient descent over the training slice
     */
    record Settings(int minExamples, int minPerClassAndSlice, int maxFeatures, int epochs) {}

    /** The examples of a run, oldest first, split by time, with the feature names the model will have (sorted). */
    record Split(
            List<TrainingExamples.Example> training, List<TrainingExamples.Example> heldBack, List<String> features) {

        Split {
            training = List.copyOf(training);
            heldBack = List.copyOf(heldBack);
            features = List.copyOf(features);
        }

        int fraud() {
            return (int) (training.stream()
                            .filter(TrainingExamples.Example::fraud)
                            .count()
                    + heldBack.stream().filter(TrainingExamples.Example::fraud).count());
        }
    }

    /** A trained model and how it did on the held-back slice. */
    record Trained(LogisticModel model, Backtest backtest) {}

    /** Told how far a run has got, from 0 to 1, with the phase it is in. */
    @FunctionalInterface
    interface Progress {
        void reached(String phase, double progress);
    }

    private final Settings settings;

    ModelTrainer(Settings settings) {
        this.settings = settings;
    }

    /**
     * Orders the examples by the time they were assessed and holds back the latest {@code heldBackPercent} percent
     * (at least one example), refusing a run that could not train or could not be measured.
     *
     * @throws ApiProblem 422 {@code not-enough-examples}, {@code one-class} or {@code too-many-features}, saying why
     */
    Split split(List<TrainingExamples.Example> examples, int heldBackPercent) {
        List<TrainingExamples.Example> ordered = new ArrayList<>(examples);
        ordered.sort(Comparator.comparing(TrainingExamples.Example::assessedAt)
                .thenComparing(example -> example.order().value()));
        long fraud = ordered.stream().filter(TrainingExamples.Example::fraud).count();
        if (ordered.size() < settings.minExamples()) {
            throw ApiProblem.unprocessable(
                    "not-enough-examples",
                    "training needs at least " + settings.minExamples()
                            + " labelled examples (assessed orders with an outcome), the tenant has " + ordered.size());
        }
        if (fraud == 0 || fraud == ordered.size()) {
            throw ApiProblem.unprocessable(
                    "one-class",
                    "all " + ordered.size() + " labelled examples are " + (fraud == 0 ? "legitimate" : "fraud")
                            + ": training needs both fraud (outcome fraud or chargeback) and legitimate orders");
        }
        int heldBackSize = Math.max(1, (int) Math.ceil(ordered.size() * heldBackPercent / 100.0));
        List<TrainingExamples.Example> training = ordered.subList(0, ordered.size() - heldBackSize);
        List<TrainingExamples.Example> heldBack = ordered.subList(ordered.size() - heldBackSize, ordered.size());
        requireBothClasses("training slice (the oldest " + (100 - heldBackPercent) + " %)", training);
        requireBothClasses("held-back slice (the latest " + heldBackPercent + " %)", heldBack);
        TreeSet<String> features = new TreeSet<>();
        training.forEach(example -> features.addAll(example.features().keySet()));
        if (features.size() > settings.maxFeatures()) {
            throw ApiProblem.unprocessable(
                    "too-many-features",
                    "the examples name " + features.size() + " distinct features, a model takes at most "
                            + settings.maxFeatures());
        }
        if (features.isEmpty()) {
            throw ApiProblem.unprocessable("not-enough-examples", "the training examples carry no features");
        }
        return new Split(training, heldBack, List.copyOf(features));
    }

    private void requireBothClasses(String slice, List<TrainingExamples.Example> examples) {
        long fraud = examples.stream().filter(TrainingExamples.Example::fraud).count();
        long legitimate = examples.size() - fraud;
        int needed = settings.minPerClassAndSlice();
        if (fraud < needed || legitimate < needed) {
            throw ApiProblem.unprocessable(
                    "not-enough-examples",
                    "the " + slice + " has " + fraud + " fraud and " + legitimate + " legitimate examples, and needs"
                            + " at least " + needed + " of each: record more outcomes or change heldBackPercent");
        }
    }

    /** Fits the model on the training slice and backtests it on the held-back slice at {@code threshold} (0-100). */
    Trained train(Split split, double threshold, Progress progress) {
        List<String> names = split.features();
        int width = names.size();
        double[] means = new double[width];
        double[] scales = new double[width];
        for (TrainingExamples.Example example : split.training()) {
            for (int i = 0; i < width; i++) {
                means[i] += LogisticModel.value(example.features(), names.get(i));
            }
        }
        for (int i = 0; i < width; i++) {
            means[i] /= split.training().size();
        }
        for (TrainingExamples.Example example : split.training()) {
            for (int i = 0; i < width; i++) {
                double deviation = LogisticModel.value(example.features(), names.get(i)) - means[i];
                scales[i] += deviation * deviation;
            }
        }
        for (int i = 0; i < width; i++) {
            double deviation = Math.sqrt(scales[i] / split.training().size());
            scales[i] = deviation > 0 ? deviation : 1;
        }
        progress.reached("standardised", 0.2);

        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset =
                new MutableDataset<>(new SimpleDataSourceProvenance("labelled orders", labels), labels);
        String[] featureNames = names.toArray(String[]::new);
        for (TrainingExamples.Example example : split.training()) {
            double[] values = new double[width];
            for (int i = 0; i < width; i++) {
                values[i] = (LogisticModel.value(example.features(), featureNames[i]) - means[i]) / scales[i];
            }
            dataset.add(new ArrayExample<>(new Label(example.fraud() ? FRAUD : LEGITIMATE), featureNames, values));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(
                new LogMulticlass(), new AdaGrad(1.0, 0.1), settings.epochs(), Trainer.DEFAULT_SEED);
        progress.reached("training", 0.3);
        LinearSGDModel fitted = trainer.train(dataset);
        progress.reached("backtesting", 0.8);

        // Softmax over two labels is the sigmoid of the difference of their scores: the weights of "fraud" less those
        // of "legitimate" are the logistic regression's, the bias being the last column.
        DenseMatrix weights = fitted.getWeightsCopy();
        int fraudRow = fitted.getOutputIDInfo().getID(new Label(FRAUD));
        int legitimateRow = fitted.getOutputIDInfo().getID(new Label(LEGITIMATE));
        int biasColumn = weights.getDimension2Size() - 1;
        List<LogisticModel.Feature> features = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            int id = fitted.getFeatureIDMap().getID(featureNames[i]);
            double weight = id < 0 ? 0 : weights.get(fraudRow, id) - weights.get(legitimateRow, id);
            features.add(new LogisticModel.Feature(featureNames[i], means[i], scales[i], weight));
        }
        double bias = weights.get(fraudRow, biasColumn) - weights.get(legitimateRow, biasColumn);
        LogisticModel model = new LogisticModel(new LogisticModel.Parameters(
                "tribuo LinearSGDTrainer(LogMulticlass, AdaGrad(1.0, 0.1), epochs " + settings.epochs() + ", seed "
                        + Trainer.DEFAULT_SEED + ")",
                bias,
                features));
        Backtest backtest = Backtest.of(model, split.heldBack(), threshold);
        progress.reached("done", 1.0);
        return new Trained(model, backtest);
    }
}

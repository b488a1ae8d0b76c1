package dev.fulcrum.risk.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained logistic regression as it is stored and scored: per feature the training slice's mean and standard
 * deviation (to standardise a value) and a weight, plus a bias. Scoring needs no library: it is a dot product and a
 * sigmoid, so the score at intake costs well under a microsecond per feature.
 *
 * <p>A value missing from the features, or not finite, counts as 0 before standardising, in training and in scoring.
 */
final class LogisticModel {

    /** One feature of the model: how its values are standardised and what weight the standardised value carries. */
    record Feature(String name, double mean, double scale, double weight) {}

    /**
     * The stored form ({@code risk_models.parameters}).
     *
     * @param trainer the library and settings that fitted the weights, for the record
     * @param bias the log-odds of fraud of an order whose every feature is at its training mean
     */
    record Parameters(String trainer, double bias, List<Feature> features) {

        Parameters {
            features = List.copyOf(features);
        }
    }

    private final Parameters parameters;
    private final String[] names;
    private final double[] means;
    private final double[] scales;
    private final double[] weights;

    LogisticModel(Parameters parameters) {
        this.parameters = parameters;
        int size = parameters.features().size();
        names = new String[size];
        means = new double[size];
        scales = new double[size];
        weights = new double[size];
        for (int i = 0; i < size; i++) {
            Feature feature = parameters.features().get(i);
            names[i] = feature.name();
            means[i] = feature.mean();
            // A feature that never varied in training carries no information; scale 1 keeps the arithmetic finite.
            scales[i] = feature.scale() > 0 && Double.isFinite(feature.scale()) ? feature.scale() : 1;
            weights[i] = feature.weight();
        }
    }

    Parameters parameters() {
        return parameters;
    }

    /** The value of a feature as training and scoring read it: 0 when absent or not a finite number. */
    static double value(Map<String, Double> features, String name) {
        Double value = features.get(name);
        return value == null || !Double.isFinite(value) ? 0 : value;
    }

    /** The probability of fraud for an order with these features. */
    double probability(Map<String, Double> features) {
        // Summed in the same order as score(), so that both give the same probability to the last bit.
        double total = 0;
        for (int i = 0; i < names.length; i++) {
            total += weights[i] * standardised(features, i);
        }
        return sigmoid(parameters.bias() + total);
    }

    /** The score of an order whose every feature is at its training mean: the base the contributions start from. */
    double baseScore() {
        return 100 * sigmoid(parameters.bias());
    }

    /**
     * The probability of fraud and each feature's share of the score (100 x probability) in points, largest share
     * first. The shares are integrated gradients along the straight path from the training mean to this order: in
     * log-odds each feature adds exactly weight x standardised value, and the sigmoid's rise over the whole path is
     * split between them in that proportion, so {@link #baseScore()} plus the shares is the score, exactly (up to
     * rounding of doubles).
     */
    LearnedScores.Scored score(Map<String, Double> features, String modelVersion) {
        double[] logitShares = new double[names.length];
        double total = 0;
        for (int i = 0; i < names.length; i++) {
            logitShares[i] = weights[i] * standardised(features, i);
            total += logitShares[i];
        }
        double base = sigmoid(parameters.bias());
        double probability = sigmoid(parameters.bias() + total);
        // The average slope of the sigmoid over the path; its limit, the slope at the base, when the path is empty.
        double slope = Math.abs(total) < 1e-12 ? base * (1 - base) : (probability - base) / total;
        List<Map.Entry<String, Double>> shares = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
            shares.add(Map.entry(names[i], 100 * slope * logitShares[i]));
        }
        shares.sort(Comparator.comparingDouble((Map.Entry<String, Double> share) -> Math.abs(share.getValue()))
                .reversed());
        Map<String, Double> contributions = new LinkedHashMap<>();
        shares.forEach(share -> contributions.put(share.getKey(), share.getValue()));
        return new LearnedScores.Scored(
                probability, modelVersion, java.util.Collections.unmodifiableMap(contributions));
    }

    private double standardised(Map<String, Double> features, int i) {
        return (value(features, names[i]) - means[i]) / scales[i];
    }

    static double sigmoid(double logit) {
        return 1 / (1 + Math.exp(-logit));
    }
}

package dev.fulcrum.risk.model;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a model did on the held-back slice: the latest examples, which training never saw.
 *
 * @param examples how many examples the slice holds
 * @param fraud how many of them turned out fraud or a chargeback
 * @param auc the area under the ROC curve: the chance that a fraud example scores above a legitimate one (ties count
 *     half); 0.5 is guessing, 1 is a perfect ranking
 * @param threshold the score (0-100) from which an order goes to review
 * @param flagged how many examples score at or above the threshold
 * @param precision of the flagged examples, the share that was fraud; null when none was flagged
 * @param recall of the fraud examples, the share that was flagged
 */
record Backtest(
        int examples,
        int fraud,
        double auc,
        double threshold,
        int flagged,
        @Nullable Double precision,
        double recall) {

    static Backtest of(LogisticModel model, List<TrainingExamples.Example> slice, double threshold) {
        double[] scores = new double[slice.size()];
        boolean[] fraud = new boolean[slice.size()];
        int frauds = 0;
        int flagged = 0;
        int caught = 0;
        for (int i = 0; i < slice.size(); i++) {
            TrainingExamples.Example example = slice.get(i);
            scores[i] = 100 * model.probability(example.features());
            fraud[i] = example.fraud();
            boolean flag = scores[i] >= threshold;
            frauds += fraud[i] ? 1 : 0;
            flagged += flag ? 1 : 0;
            caught += flag && fraud[i] ? 1 : 0;
        }
        return new Backtest(
                slice.size(),
                frauds,
                auc(scores, fraud),
                threshold,
                flagged,
                flagged == 0 ? null : (double) caught / flagged,
                frauds == 0 ? 0 : (double) caught / frauds);
    }

    /**
     * The area under the ROC curve by the Mann-Whitney rank sum, with tied scores given their average rank.
     *
     * @throws IllegalArgumentException when the examples are not of both classes
     */
    static double auc(double[] scores, boolean[] fraud) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumOfFraud = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (fraud[order[k]]) {
                    rankSumOfFraud += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("AUC needs fraud and legitimate examples");
        }
        return (rankSumOfFraud - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }
}

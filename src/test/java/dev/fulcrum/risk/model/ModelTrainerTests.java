package dev.fulcrum.risk.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fulcrum.shared.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer on generated orders with a known pattern ({@link KnownPatternOrders}); no Spring, no database. */
class ModelTrainerTests {

    private static final ModelTrainer.Settings SETTINGS = new ModelTrainer.Settings(100, 5, 200, 10);
    private static final ModelTrainer.Progress IGNORED = (phase, progress) -> {};

    private final ModelTrainer trainer = new ModelTrainer(SETTINGS);

    @Test
    void scoresThePatternHigherOnALaterUnseenSliceAndReportsItsAuc() {
        List<TrainingExamples.Example> history = KnownPatternOrders.generate(13, 5000, KnownPatternOrders.START);
        ModelTrainer.Split split = trainer.split(history, 20);
        assertThat(split.training()).hasSize(4000);
        assertThat(split.heldBack()).hasSize(1000);
        assertThat(split.heldBack().getFirst().assessedAt())
                .as("the held-back slice is the latest")
                .isAfter(split.training().getLast().assessedAt());

        ModelTrainer.Trained trained = trainer.train(split, 60, IGNORED);
        assertThat(trained.backtest().examples()).isEqualTo(1000);
        assertThat(trained.backtest().auc()).as("AUC on the held-back slice").isGreaterThan(0.8);

        // Orders of a week after everything the model was trained and backtested on.
        List<TrainingExamples.Example> later =
                KnownPatternOrders.generate(14, 2000, KnownPatternOrders.START.plus(Duration.ofDays(10)));
        double patternScore = averageScore(trained.model(), later, true);
        double otherScore = averageScore(trained.model(), later, false);
        assertThat(patternScore).as("average score of pattern orders").isGreaterThan(50);
        assertThat(otherScore).as("average score of other orders").isLessThan(20);
        Backtest unseen = Backtest.of(trained.model(), later, 60);
        assertThat(unseen.auc()).as("AUC on the later slice").isGreaterThan(0.8);
        assertThat(100 * trained.model().probability(KnownPatternOrders.patternOrder()))
                .isGreaterThan(100 * trained.model().probability(KnownPatternOrders.ordinaryOrder()));
    }

    @Test
    void aScoreIsTheBasePlusItsFeaturesContributions() {
        LogisticModel model = trainer.train(
                        trainer.split(KnownPatternOrders.generate(21, 2000, KnownPatternOrders.START), 20), 60, IGNORED)
                .model();
        for (TrainingExamples.Example example :
                KnownPatternOrders.generate(22, 200, KnownPatternOrders.START.plus(Duration.ofDays(5)))) {
            LearnedScores.Scored scored = model.score(example.features(), "learned-1");
            double sum = scored.contributions().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            assertThat(model.baseScore() + sum).isCloseTo(100 * scored.probability(), within(1e-9));
            assertThat(scored.probability()).isEqualTo(model.probability(example.features()));
        }
        LearnedScores.Scored pattern = model.score(KnownPatternOrders.patternOrder(), "learned-1");
        assertThat(pattern.modelVersion()).isEqualTo("learned-1");
        assertThat(pattern.contributions().keySet())
                .as("largest share first, one of the pattern's features")
                .first()
                .isIn("accountAgeHours", "orderAmount", "deviceOrders1h");
        assertThat(model.score(Map.of(), "learned-1").probability())
                .as("missing features count as 0")
                .isEqualTo(model.probability(Map.of(
                        "accountAgeHours", 0.0,
                        "orderAmount", 0.0,
                        "deviceOrders1h", 0.0,
                        "emailOrders1d", 0.0,
                        "billingDiffersFromShipping", 0.0)));
    }

    @Test
    void theSameExamplesGiveTheSameModel() {
        List<TrainingExamples.Example> history = KnownPatternOrders.generate(5, 1000, KnownPatternOrders.START);
        assertThat(trainer.train(trainer.split(history, 20), 60, IGNORED)
                        .model()
                        .parameters())
                .isEqualTo(trainer.train(trainer.split(history.reversed(), 20), 60, IGNORED)
                        .model()
                        .parameters());
    }

    @Test
    void reportsItsPhasesInOrder() {
        List<String> phases = new ArrayList<>();
        trainer.train(
                trainer.split(KnownPatternOrders.generate(5, 500, KnownPatternOrders.START), 20),
                60,
                (phase, progress) -> phases.add(phase + " " + progress));
        assertThat(phases).containsExactly("standardised 0.2", "training 0.3", "backtesting 0.8", "done 1.0");
    }

    @Test
    void refusesTooFewExamples() {
        assertThatThrownBy(() -> trainer.split(KnownPatternOrders.generate(1, 99, KnownPatternOrders.START), 20))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(422);
                    assertThat(problem.type()).isEqualTo("not-enough-examples");
                    assertThat(problem.getMessage()).contains("at least 100 labelled examples", "has 99");
                });
    }

    @Test
    void refusesExamplesOfOneClass() {
        List<TrainingExamples.Example> legitimate =
                KnownPatternOrders.generate(1, 300, KnownPatternOrders.START).stream()
                        .map(example -> new TrainingExamples.Example(
                                example.order(), example.assessedAt(), example.features(), false))
                        .toList();
        assertThatThrownBy(() -> trainer.split(legitimate, 20)).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.type()).isEqualTo("one-class");
            assertThat(problem.getMessage()).contains("all 300 labelled examples are legitimate");
        });
    }

    @Test
    void refusesAHeldBackSliceWithoutFraud() {
        List<TrainingExamples.Example> history = KnownPatternOrders.generate(1, 500, KnownPatternOrders.START);
        Instant cut = history.get(400).assessedAt();
        List<TrainingExamples.Example> noLateFraud = history.stream()
                .map(example -> example.assessedAt().isBefore(cut)
                        ? example
                        : new TrainingExamples.Example(
                                example.order(), example.assessedAt(), example.features(), false))
                .toList();
        assertThatThrownBy(() -> trainer.split(noLateFraud, 20))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.getMessage())
                                .contains("held-back slice (the latest 20 %) has 0 fraud and 100 legitimate examples"));
    }

    @Test
    void aucRanksFraudAboveLegitimateCountingTiesHalf() {
        assertThat(Backtest.auc(new double[] {10, 40, 35, 80}, new boolean[] {false, false, true, true}))
                .isEqualTo(0.75);
        assertThat(Backtest.auc(new double[] {5, 5, 5, 5}, new boolean[] {true, false, true, false}))
                .isEqualTo(0.5);
        assertThat(Backtest.auc(new double[] {1, 2, 3}, new boolean[] {false, false, true}))
                .isEqualTo(1.0);
    }

    @Test
    void precisionAndRecallAreCountedAtTheThreshold() {
        // One feature, standardised as is, weight 1, bias 0: the score is 100 x sigmoid(x).
        LogisticModel model = new LogisticModel(
                new LogisticModel.Parameters("by hand", 0, List.of(new LogisticModel.Feature("x", 0, 1, 1))));
        List<TrainingExamples.Example> slice = List.of(
                example(3, true), // 95.3: flagged, fraud
                example(2, false), // 88.1: flagged, legitimate
                example(0.5, true), // 62.2: flagged, fraud
                example(0, true), // 50: missed fraud
                example(-2, false)); // 11.9
        Backtest backtest = Backtest.of(model, slice, 60);
        assertThat(backtest.flagged()).isEqualTo(3);
        assertThat(backtest.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(backtest.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(Backtest.of(model, slice, 99).precision())
                .as("nothing flagged: no precision")
                .isNull();
    }

    private static TrainingExamples.Example example(double x, boolean fraud) {
        return new TrainingExamples.Example(
                dev.fulcrum.shared.OrderId.newId(), KnownPatternOrders.START, Map.of("x", x), fraud);
    }

    private static double averageScore(LogisticModel model, List<TrainingExamples.Example> orders, boolean pattern) {
        return orders.stream()
                .filter(order -> KnownPatternOrders.isPattern(order.features()) == pattern)
                .mapToDouble(order -> 100 * model.probability(order.features()))
                .average()
                .orElseThrow();
    }
}

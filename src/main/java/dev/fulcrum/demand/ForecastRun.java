package dev.fulcrum.demand;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A forecast run: its level ({@code location}, {@code sku} or {@code sku-location}), horizon and origin (the last week
 * of history it learns from), {@code status} {@code running}, {@code done} or {@code failed} (with {@code error}), its
 * progress in partitions and series, the evaluation over the weeks after the origin where history exists, and how many
 * series the drift check re-fitted.
 */
public record ForecastRun(
        UUID id,
        String level,
        int horizonWeeks,
        LocalDate origin,
        String status,
        Progress progress,
        Evaluation evaluation,
        int refits,
        @Nullable String error,
        Instant createdAt,
        @Nullable Instant finishedAt) {

    /** Partitions (jobs) and series done of the run's total; {@code percent} 0 to 100. */
    public record Progress(int partitionsDone, int partitionsTotal, int seriesDone, int seriesTotal) {

        public int percent() {
            return partitionsTotal == 0 ? 100 : partitionsDone * 100 / partitionsTotal;
        }
    }

    /**
     * Weighted absolute percentage error (sum of absolute errors over sum of actual units) of seasonal naive and of
     * the chosen models over the {@code weeks} (series-weeks) after the origin where history exists; null when there
     * are none.
     */
    public record Evaluation(
            int weeks,
            @Nullable Double wapeSeasonalNaive,
            @Nullable Double wapeChosen) {

        public static Evaluation of(int weeks, double actualSum, double absErrorNaive, double absErrorChosen) {
            if (weeks == 0 || actualSum <= 0) {
                return new Evaluation(weeks, null, null);
            }
            return new Evaluation(weeks, absErrorNaive / actualSum, absErrorChosen / actualSum);
        }
    }
}

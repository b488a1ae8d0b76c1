package dev.fulcrum.demand.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fulcrum.demand.models.ForecastAccuracy.Holdout;
import dev.fulcrum.demand.models.Forecaster.WeeklyPoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The models on real data they never saw: the last weeks of ../shared/data's Walmart and Online Retail series are kept
 * back and forecast from the weeks before; on Walmart the chosen models must beat seasonal naive over them. Skips where
 * the data is absent. BENCHMARKS.md ("Forecast accuracy") reports the same figures from {@code ForecastReport}.
 */
class RealDataForecastTests {

    static Path data(String relative) {
        Optional<Path> file = ForecastAccuracy.sharedData(relative);
        assumeTrue(file.isPresent(), "real demand data is absent (../shared/data/" + relative + "): skipping");
        return file.orElseThrow();
    }

    @Test
    void chosenModelsBeatSeasonalNaiveOnWalmartStoresOverTheLast26Weeks() {
        Map<String, List<WeeklyPoint>> stores =
                ForecastAccuracy.walmartStores(data("sales/walmart_weekly_store_sales_train.csv"));
        assertThat(stores).hasSize(45);

        Holdout holdout = ForecastAccuracy.holdout(stores, 26);
        System.out.println(ForecastAccuracy.table("Walmart, store level", holdout));

        assertThat(holdout.wapeByModel()).containsKey(SeasonalNaive.NAME);
        assertThat(holdout.chosenWape()).isLessThan(holdout.wapeByModel().get(SeasonalNaive.NAME));
    }

    /**
     * Reported, not asserted to win: on 25 weeks of lumpy wholesale demand the per-series choice from an 8-origin
     * backtest does worse than naive (BENCHMARKS.md, "Forecast accuracy"); the test holds the report's shape.
     */
    @Test
    void reportsEveryCandidateOnOnlineRetailSkusOverTheLast13Weeks() {
        Map<String, List<WeeklyPoint>> skus =
                ForecastAccuracy.retailTopSkus(data("retail/online_retail_train.csv"), 100);
        assertThat(skus).hasSize(100);
        assertThat(skus.values()).allSatisfy(points -> assertThat(points).hasSize(38));

        Holdout holdout = ForecastAccuracy.holdout(skus, 13);
        System.out.println(ForecastAccuracy.table("Online Retail, top 100 SKUs", holdout));

        assertThat(holdout.wapeByModel().keySet()).containsExactlyElementsOf(ModelSelection.CANDIDATES);
        assertThat(holdout.chosenCount().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(100);
        assertThat(holdout.wapeByModel().values())
                .allSatisfy(wape -> assertThat(wape).isPositive().isFinite());
    }
}

package dev.fulcrum.demand.models;

import dev.fulcrum.demand.models.ForecastAccuracy.Holdout;
import dev.fulcrum.demand.models.Forecaster.WeeklyPoint;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The "Forecast accuracy" figures of BENCHMARKS.md, as a plain program: the WAPE of every candidate model and of the
 * chosen ones over the weeks kept back of Walmart (store level, 26 weeks) and Online Retail (top 100 SKUs, 13 weeks),
 * and the time {@link ModelSelection#forecast} takes for many synthetic two-year series. Arguments: [synthetic series,
 * default 10,000] [series per partition, default 1,000] [runs, default 3].
 */
public final class ForecastReport {

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int partitionSize = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.println("cores: " + Runtime.getRuntime().availableProcessors() + ", max heap: "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        ForecastAccuracy.sharedData("sales/walmart_weekly_store_sales_train.csv")
                .ifPresentOrElse(
                        file -> System.out.println(ForecastAccuracy.table(
                                "Walmart, store level",
                                ForecastAccuracy.holdout(ForecastAccuracy.walmartStores(file), 26))),
                        () -> System.out.println("Walmart data absent (../shared/data/sales): skipped"));
        ForecastAccuracy.sharedData("retail/online_retail_train.csv")
                .ifPresentOrElse(
                        file -> {
                            Holdout holdout = ForecastAccuracy.holdout(ForecastAccuracy.retailTopSkus(file, 100), 13);
                            System.out.println(ForecastAccuracy.table("Online Retail, top 100 SKUs", holdout));
                        },
                        () -> System.out.println("Online Retail data absent (../shared/data/retail): skipped"));
        timeSynthetic(count, partitionSize, runs);
    }

    /** Seasonal, trending, noisy and some intermittent series of 104 weeks, forecast 26 weeks ahead. */
    static void timeSynthetic(int count, int partitionSize, int runs) {
        List<Map<String, List<WeeklyPoint>>> partitions = new ArrayList<>();
        Random random = new Random(16);
        LocalDate start = LocalDate.of(2024, 1, 1);
        Map<String, List<WeeklyPoint>> partition = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            double level = 5 + random.nextDouble() * 500;
            double slope = level * (random.nextDouble() - 0.5) / 200;
            double amplitude = level * random.nextDouble() / 2;
            boolean intermittent = random.nextInt(5) == 0;
            List<WeeklyPoint> points = new ArrayList<>(104);
            for (int t = 0; t < 104; t++) {
                double mean = level + slope * t + amplitude * Math.sin(2 * Math.PI * t / 52);
                double value = Math.max(0, mean + random.nextGaussian() * level / 8);
                if (intermittent && random.nextInt(3) > 0) {
                    value = 0;
                }
                points.add(new WeeklyPoint(start.plusWeeks(t), Math.round(value), t % 52 == 47));
            }
            partition.put("series-" + i, points);
            if (partition.size() == partitionSize) {
                partitions.add(partition);
                partition = new LinkedHashMap<>();
            }
        }
        if (!partition.isEmpty()) {
            partitions.add(partition);
        }
        ModelSelection selection = new ModelSelection();
        Set<LocalDate> holidays = Set.of(start.plusWeeks(151));
        long[] millis = new long[runs];
        for (int run = 0; run < runs; run++) {
            long started = System.nanoTime();
            int forecasts = 0;
            for (Map<String, List<WeeklyPoint>> each : partitions) {
                forecasts += selection.forecast(each, 26, holidays).size();
            }
            millis[run] = (System.nanoTime() - started) / 1_000_000;
            System.out.printf(
                    "run %d: %,d series in %d partitions, 26 weeks ahead: %,d ms (%,.0f series/s)%n",
                    run + 1, forecasts, partitions.size(), millis[run], forecasts * 1000.0 / millis[run]);
        }
        Arrays.sort(millis);
        System.out.printf("median: %,d ms for %,d series%n", millis[runs / 2], count);
    }

    private ForecastReport() {}
}
